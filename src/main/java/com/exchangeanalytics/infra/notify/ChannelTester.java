package com.exchangeanalytics.infra.notify;

import com.exchangeanalytics.infra.common.Redact;
import com.exchangeanalytics.infra.common.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code testChannel}: sends a real test message through one channel, bypassing the outbox, and answers
 * {@code status} ({@code success} or {@code error}), a safe {@code message} and a {@code timestamp}.
 * {@code discord} tests the {@code default} Discord channel and {@code discord:<name>} a named one;
 * {@code email} sends the test email to the configured sender address; any other name must be a webhook
 * target. A name that is none of these fails with 404; a known channel that is not configured or fails
 * answers {@code status: error} with the reason.
 */
final class ChannelTester {

    static final long TEST_TIMEOUT_MS = 25_000;
    private static final Logger LOG = LoggerFactory.getLogger(ChannelTester.class);
    private static final String DISCORD = "discord";
    private static final String DISCORD_PREFIX = "discord:";

    private final NotifyConfig config;
    private final DiscordWebhookClient discord;
    private final DiscordEmbeds embeds;
    private final WebhookClient webhooks;
    private final EmailSender email;

    ChannelTester(NotifyConfig config, DiscordWebhookClient discord, DiscordEmbeds embeds,
                  WebhookClient webhooks, EmailSender email) {
        this.config = config;
        this.discord = discord;
        this.embeds = embeds;
        this.webhooks = webhooks;
        this.email = email;
    }

    Future<JsonObject> test(String channel) {
        String name = channel.trim();
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals(DISCORD)) {
            return report(name, testDiscord(NotifyService.DEFAULT_CHANNEL));
        }
        if (lower.startsWith(DISCORD_PREFIX)) {
            String discordChannel = name.substring(DISCORD_PREFIX.length());
            if (!discord.configured(discordChannel)) {
                throw unknown(name);
            }
            return report(name, testDiscord(discordChannel));
        }
        if (lower.equals(NotifyService.EMAIL_CHANNEL)) {
            return report(name, testEmail());
        }
        if (webhooks.configured(name)) {
            return report(name, testWebhook(name));
        }
        throw unknown(name);
    }

    private ServiceException unknown(String name) {
        List<String> known = new ArrayList<>(List.of(DISCORD, NotifyService.EMAIL_CHANNEL));
        discord.channelNames().forEach(channel -> known.add(DISCORD_PREFIX + channel));
        webhooks.targetNames().forEach(known::add);
        return ServiceException.notFound("unknown channel '" + Redact.shorten(name, 64)
            + "'; known channels: " + String.join(", ", known));
    }

    private Future<String> testDiscord(String channel) {
        if (!discord.configured(channel)) {
            return Future.failedFuture(
                DeliveryException.permanent(NotifyService.defaultChannelUnavailable(discord)));
        }
        DiscordWebhookClient.ChannelStatus status = discord.status(channel);
        if (!status.healthy()) {
            return Future.failedFuture(DeliveryException.permanent(status.reason()));
        }
        return discord.execute(channel, embeds.test(Instant.now()))
            .map(id -> "test message delivered to Discord channel '" + channel + "' (message id " + id + ")");
    }

    private Future<String> testEmail() {
        if (email == null) {
            return Future.failedFuture(DeliveryException.permanent(NotifyService.EMAIL_NOT_CONFIGURED));
        }
        String recipient = config.email().testRecipient() != null
            ? config.email().testRecipient()
            : config.email().from();
        if (recipient == null) {
            return Future.failedFuture(DeliveryException.permanent(
                "email has no test recipient (set SMTP_TEST_RECIPIENT or SMTP_FROM)"));
        }
        return email.send(ReportEmailRenderer.testEmail(List.of(recipient)))
            .map(id -> "test email sent to " + recipient + " (message id " + id + ")");
    }

    private Future<String> testWebhook(String target) {
        JsonObject payload = new JsonObject()
            .put("test", true)
            .put("source", Labels.PRODUCT)
            .put("message", "This is a test notification from Exchange Analytics.")
            .put("timestamp", Instant.now().toString());
        return webhooks.post(target, payload, java.util.Map.of())
            .map(id -> "test payload delivered to webhook '" + target + "'"
                + (id == null ? "" : " (id " + id + ")"));
    }

    private Future<JsonObject> report(String channel, Future<String> attempt) {
        return attempt
            .timeout(TEST_TIMEOUT_MS, TimeUnit.MILLISECONDS)
            .transform(result -> {
                JsonObject reply = new JsonObject().put("timestamp", Instant.now().toString());
                if (result.succeeded()) {
                    LOG.info("Channel test of {} succeeded", channel);
                    return Future.succeededFuture(reply
                        .put("status", "success")
                        .put("message", result.result()));
                }
                String reason = HttpFailures.describe(result.cause(), TEST_TIMEOUT_MS);
                LOG.warn("Channel test of {} failed: {}", channel, reason);
                return Future.succeededFuture(reply.put("status", "error")
                    .put("message", Redact.text("test of '" + channel + "' failed: " + reason)));
            });
    }
}
