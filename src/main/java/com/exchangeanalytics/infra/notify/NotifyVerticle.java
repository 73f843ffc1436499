package com.exchangeanalytics.infra.notify;

import com.exchangeanalytics.infra.common.Addresses;
import com.exchangeanalytics.infra.config.AppConfig;
import com.exchangeanalytics.infra.config.ConfigReader;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.function.BiFunction;

/**
 * Serves {@value Addresses#NOTIFY}: wires the configuration, the durable outbox, the Discord, webhook and
 * email clients and the delivery engine. Stopping stops taking work first, lets attempts in flight finish
 * within the grace period and closes the outbox; what is still pending is delivered after the next start.
 */
public class NotifyVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(NotifyVerticle.class);

    private final BiFunction<Vertx, NotifyConfig.Email, EmailSender> emailSenders;
    private MessageConsumer<Object> consumer;
    private MessageConsumer<Object> nodeConsumer;
    private NotifyService service;
    private DiscordWebhookClient discord;
    private WebhookClient webhooks;
    private EmailSender email;

    public NotifyVerticle() {
        this(EmailBridge::sender);
    }

    /** With another source of email senders (tests use a fake one); it may answer {@code null} for "off". */
    public NotifyVerticle(BiFunction<Vertx, NotifyConfig.Email, EmailSender> emailSenders) {
        this.emailSenders = emailSenders;
    }

    @Override
    public Future<?> start() {
        ConfigReader reader = new ConfigReader(config());
        NotifyConfig config = NotifyConfig.parse(reader);
        Path dataDir = Path.of(AppConfig.dataDir(reader));

        discord = new DiscordWebhookClient(vertx, config.discordChannels(), config.discord());
        webhooks = new WebhookClient(vertx, config.webhooks(), config.delivery().requestTimeoutMs());
        email = config.email().enabled() ? emailSenders.apply(vertx, config.email()) : null;
        if (config.email().enabled() && email == null) {
            LOG.warn("SMTP_HOST is set but this build has no SMTP sender; email stays off");
        }
        OutboxStore outbox = new FileOutboxStore(vertx, dataDir, config.delivery().maxDeadLetters(),
            config.delivery().compactAfterRecords());
        service = new NotifyService(vertx, config, outbox, discord, webhooks, email);

        return service.start()
            .compose(started -> service.nodeDispatcher().register(vertx.eventBus()))
            .compose(registered -> {
                nodeConsumer = registered;
                return service.dispatcher().register(vertx.eventBus());
            })
            .onSuccess(registered -> {
                consumer = registered;
                LOG.info("Notify service ready: {} Discord channel(s), {} webhook target(s), email {}",
                    config.discordChannels().size(), config.webhooks().size(), email == null ? "off" : "on");
                if (email != null && config.email().sender() == null) {
                    LOG.warn("Email has no sender address: email sends answer 503 until SMTP_FROM is set");
                }
            });
    }

    @Override
    public Future<?> stop() {
        Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
        return unregistered
            .eventually(() -> nodeConsumer == null ? Future.succeededFuture() : nodeConsumer.unregister())
            .eventually(() -> service == null ? Future.succeededFuture() : service.stop())
            .eventually(() -> Future.join(discord.close(), webhooks.close(),
                email == null ? Future.succeededFuture() : email.close()))
            .onComplete(stopped -> LOG.info("Notify service stopped"));
    }
}
