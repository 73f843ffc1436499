package com.exchangeanalytics.infra.notify;

import com.exchangeanalytics.infra.common.ActionDispatcher;
import com.exchangeanalytics.infra.common.Addresses;
import com.exchangeanalytics.infra.common.Body;
import com.exchangeanalytics.infra.common.Redact;
import com.exchangeanalytics.infra.common.ServiceException;
import com.exchangeanalytics.infra.notify.DeliveryEngine.DeadLettered;
import com.exchangeanalytics.infra.notify.DeliveryEngine.Delivered;
import com.exchangeanalytics.infra.notify.DiscordEmbeds.Level;
import com.exchangeanalytics.infra.notify.OutboxEntry.Kind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The actions of {@value Addresses#NOTIFY}: each send validates its input (400/404, nothing queued),
 * renders the message, makes it durable in the outbox, hands it to the delivery engine and waits up to
 * the reply window for the outcome: {@code delivered} with the message id, {@code queued} while it is
 * still being retried, or 503 when it failed permanently (it is then a dead letter that can be re-queued).
 */
public final class NotifyService {

    static final String DEFAULT_CHANNEL = "default";
    static final String EMAIL_CHANNEL = "email";
    static final int MAX_PAYLOAD_BYTES = 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(NotifyService.class);
    private static final long GAUGE_PERIOD_MS = 5000;

    private final Vertx vertx;
    private final NotifyConfig config;
    private final OutboxStore store;
    private final DiscordWebhookClient discord;
    private final WebhookClient webhooks;
    private final EmailSender email;
    private final DiscordEmbeds embeds;
    private final ReportEmailRenderer reportEmails;
    private final DedupTable dedup;
    private final DeliveryEngine engine;
    private final ChannelTester tester;
    private final NotifyMetrics metrics = new NotifyMetrics();
    private int accepting;
    private long gaugeTimer = -1;

    NotifyService(Vertx vertx, NotifyConfig config, OutboxStore store, DiscordWebhookClient discord,
                  WebhookClient webhooks, EmailSender email) {
        this.vertx = vertx;
        this.config = config;
        this.store = store;
        this.discord = discord;
        this.webhooks = webhooks;
        this.email = email;
        this.embeds = new DiscordEmbeds(Labels.of(config.locale()), config.discord().colors(),
            config.discord().avatarUrl());
        this.reportEmails = ReportEmailRenderer.fromConfig(config);
        this.dedup = new DedupTable(Duration.ofSeconds(config.delivery().dedupWindowSeconds()));
        this.engine = new DeliveryEngine(vertx, store, new ChannelDeliverer(discord, webhooks, email),
            config.delivery(), new Random(), metrics);
        this.tester = new ChannelTester(config, discord, embeds, webhooks, email);
    }

    /** Opens the outbox and resumes every pending notification. */
    Future<Void> start() {
        return store.open()
            .onSuccess(engine::resume)
            .onSuccess(resumed -> {
                updateGauges();
                gaugeTimer = vertx.setPeriodic(GAUGE_PERIOD_MS, tick -> updateGauges());
            })
            .mapEmpty();
    }

    ActionDispatcher dispatcher() {
        return new ActionDispatcher(Addresses.NOTIFY)
            .on("discordReport", this::discordReport)
            .on("discordAlert", this::discordAlert)
            .on("webhook", this::webhook)
            .on("email", this::email)
            .on("reportEmail", this::reportEmail)
            .on("testChannel", body -> tester.test(body.requiredText("channel")))
            .on("deadLetters", this::deadLetters)
            .on("requeue", this::requeue)
            .on("status", this::status);
    }

    /** Stops delivering (attempts in flight get a grace period), closes the outbox; pending entries stay. */
    Future<Void> stop() {
        vertx.cancelTimer(gaugeTimer);
        return engine.stop(Duration.ofMillis(config.delivery().shutdownGraceMs()))
            .eventually(store::close)
            .onComplete(closed -> updateGauges());
    }

    // ---- actions ----

    private Future<JsonObject> discordReport(Body body) {
        Report report = Report.fromJson(body.requiredObject("report"));
        String channel = discordChannel(body);
        return store(newId(), Kind.DISCORD_REPORT, channel, embeds.report(report))
            .compose(this::replyWithinWindow);
    }

    private Future<JsonObject> discordAlert(Body body) {
        String title = body.requiredText("title");
        String message = body.requiredString("message");
        Level level = level(body.optionalString("level", Level.INFO.wireName()));
        String channel = discordChannel(body);
        String id = newId();
        Instant now = Instant.now();
        String key = DedupTable.key(channel, level.wireName(), title);
        DedupTable.Decision decision = dedup.check(key, id, now);
        if (decision instanceof DedupTable.Duplicate duplicate) {
            metrics.delivery(OutboxEntry.Transport.DISCORD, "deduplicated");
            LOG.info("Alert deduplicated on channel {}: same as {} ({} repeat(s) in its window)", channel,
                duplicate.originalId(), duplicate.suppressed());
            return Future.succeededFuture(reply(duplicate.originalId(), "deduplicated")
                .put("duplicates", duplicate.suppressed()));
        }
        int carried = ((DedupTable.Fresh) decision).suppressedBefore();
        return store(id, Kind.DISCORD_ALERT, channel, embeds.alert(title, message, level, now, carried))
            .onFailure(notStored -> dedup.release(key, id, carried))
            .compose(this::replyWithinWindow);
    }

    private Future<JsonObject> webhook(Body body) {
        String target = body.requiredText("target");
        JsonObject payload = body.requiredObject("payload");
        Map<String, String> headers = WebhookHeaders.fromCaller(body.optionalStringMap("headers"));
        if (!webhooks.configured(target)) {
            throw ServiceException.notFound("unknown webhook target '" + Redact.shorten(target, 64)
                + "'; configured targets: " + String.join(", ", webhooks.targetNames()));
        }
        JsonObject stored = new JsonObject()
            .put("payload", payload)
            .put("headers", new JsonObject(new LinkedHashMap<String, Object>(headers)));
        return store(newId(), Kind.WEBHOOK, target, stored).compose(this::replyWithinWindow);
    }

    private Future<JsonObject> email(Body body) {
        EmailMessage message = EmailValidation.message(body.requiredStringList("to"),
            body.requiredString("subject"), body.requiredString("content"),
            body.optionalString("contentType", EmailValidation.TEXT_PLAIN));
        requireEmail();
        return store(newId(), Kind.EMAIL, EMAIL_CHANNEL, EmailBridge.toJson(message))
            .compose(this::replyWithinWindow);
    }

    private Future<JsonObject> reportEmail(Body body) {
        Report report = Report.fromJson(body.requiredObject("report"));
        EmailMessage message = reportEmails.render(report, body.requiredStringList("to"));
        requireEmail();
        return store(newId(), Kind.REPORT_EMAIL, EMAIL_CHANNEL, EmailBridge.toJson(message))
            .compose(this::replyWithinWindow);
    }

    private Future<JsonObject> deadLetters(Body body) {
        return store.deadLetters().map(items -> new JsonObject().put("items",
            new JsonArray(items.stream().map(OutboxEntry::toDeadLetterJson).toList())));
    }

    /** Extension: the channels' health and the outbox's size, for operators and health checks. */
    private Future<JsonObject> status(Body body) {
        JsonArray channels = new JsonArray();
        discord.channelStatus().values().stream()
            .sorted(Comparator.comparing(DiscordWebhookClient.ChannelStatus::channel))
            .forEach(status -> channels.add(status.toJson()));
        JsonArray targets = new JsonArray();
        webhooks.targetNames().forEach(targets::add);
        return Future.succeededFuture(new JsonObject()
            .put("discordChannels", channels)
            .put("webhookTargets", targets)
            .put("email", email != null)
            .put("pending", store.pendingCount())
            .put("deadLetters", store.deadCount()));
    }

    private Future<JsonObject> requeue(Body body) {
        String id = body.requiredText("id");
        checkCapacity();
        return store.requeue(id, Instant.now().plusSeconds(config.delivery().deadlineSeconds()))
            .compose(entry -> entry == null
                ? Future.failedFuture(ServiceException.notFound("no dead letter with id '"
                    + Redact.shorten(id, 64) + "'"))
                : Future.succeededFuture(entry))
            .onSuccess(entry -> LOG.info("Re-queued dead letter {} ({} to {})", entry.id(),
                entry.kind().wireName(), entry.channel()))
            .compose(this::replyWithinWindow);
    }

    // ---- steps ----

    /** The named (or default) Discord channel, if it is configured and usable. */
    private String discordChannel(Body body) {
        String channel = body.optionalString("channel", DEFAULT_CHANNEL);
        if (!discord.anyConfigured()) {
            throw ServiceException.unavailable("Discord is not configured (set DISCORD_WEBHOOK_URL or "
                + "notify.discord.channels)");
        }
        if (!discord.configured(channel)) {
            throw ServiceException.notFound("unknown Discord channel '" + Redact.shorten(channel, 64)
                + "'; configured channels: " + String.join(", ", discord.channelNames()));
        }
        DiscordWebhookClient.ChannelStatus status = discord.status(channel);
        if (!status.healthy()) {
            throw ServiceException.unavailable(status.reason());
        }
        return channel;
    }

    private static Level level(String text) {
        Level level = Level.fromWire(text.trim().toLowerCase(Locale.ROOT));
        if (level == null) {
            throw ServiceException.badRequest("field 'level' must be one of info, warning, error, success");
        }
        return level;
    }

    private void requireEmail() {
        if (email == null) {
            throw ServiceException.unavailable("email is not configured (set SMTP_HOST)");
        }
    }

    private void checkCapacity() {
        int pending = store.pendingCount() + accepting;
        if (pending >= config.delivery().capacity()) {
            throw ServiceException.throttled("the outbox is full (" + pending + " notifications pending); "
                + "try again later");
        }
    }

    /** Makes the notification durable; fails with 400, 429 or 503 when it was not stored. */
    private Future<OutboxEntry> store(String id, Kind kind, String channel, JsonObject payload) {
        try {
            if (payload.toBuffer().length() > MAX_PAYLOAD_BYTES) {
                throw ServiceException.badRequest("the notification is larger than " + MAX_PAYLOAD_BYTES
                    + " bytes");
            }
            checkCapacity();
        } catch (ServiceException refused) {
            return Future.failedFuture(refused);
        }
        accepting++;
        Instant now = Instant.now();
        OutboxEntry entry = new OutboxEntry(id, 0, kind, channel, payload, now,
            now.plusSeconds(config.delivery().deadlineSeconds()), 0, null, OutboxEntry.State.PENDING);
        return store.accept(entry)
            .eventually(() -> {
                accepting--;
                return Future.succeededFuture();
            })
            .recover(failure -> {
                LOG.error("The outbox could not store {} ({} to {}): {}", id, kind.wireName(), channel,
                    failure.toString());
                return Future.failedFuture(ServiceException.unavailable("the outbox could not store the "
                    + "notification"));
            })
            .onSuccess(stored -> {
                metrics.delivery(kind.transport(), "accepted");
                LOG.info("Accepted {} ({} to {})", id, kind.wireName(), channel);
            });
    }

    /** Waits up to the reply window for the outcome of a stored entry. */
    private Future<JsonObject> replyWithinWindow(OutboxEntry entry) {
        Future<DeliveryEngine.Outcome> outcome = engine.submit(entry);
        long window = config.delivery().replyWindowMs();
        if (window <= 0) {
            return Future.succeededFuture(reply(entry.id(), "queued"));
        }
        return outcome
            .timeout(window, TimeUnit.MILLISECONDS)
            .transform(result -> {
                if (result.failed()) {
                    return Future.succeededFuture(reply(entry.id(), "queued"));
                }
                if (result.result() instanceof Delivered delivered) {
                    return Future.succeededFuture(reply(entry.id(), "delivered")
                        .put("messageId", delivered.messageId()));
                }
                DeadLettered dead = (DeadLettered) result.result();
                return Future.failedFuture(ServiceException.unavailable("delivery failed: " + dead.error()
                    + " (kept as dead letter " + entry.id() + ")"));
            });
    }

    private static JsonObject reply(String id, String status) {
        return new JsonObject().put("id", id).put("status", status);
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    private void updateGauges() {
        metrics.outbox(store::pendingCount, store::deadCount);
    }

}
