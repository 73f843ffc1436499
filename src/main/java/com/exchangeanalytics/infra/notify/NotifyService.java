package com.exchangeanalytics.infra.notify;

import com.exchangeanalytics.infra.common.ActionDispatcher;
import com.exchangeanalytics.infra.common.Addresses;
import com.exchangeanalytics.infra.common.Body;
import com.exchangeanalytics.infra.common.FailureCode;
import com.exchangeanalytics.infra.common.Nodes;
import com.exchangeanalytics.infra.common.Redact;
import com.exchangeanalytics.infra.common.ServiceException;
import com.exchangeanalytics.infra.notify.DeliveryEngine.DeadLettered;
import com.exchangeanalytics.infra.notify.DeliveryEngine.Delivered;
import com.exchangeanalytics.infra.notify.DiscordEmbeds.Level;
import com.exchangeanalytics.infra.notify.OutboxEntry.Kind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
    static final String EMAIL_NOT_CONFIGURED = "email is not configured (set SMTP_HOST)";
    static final int MAX_PAYLOAD_BYTES = 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(NotifyService.class);
    private static final long GAUGE_PERIOD_MS = 5000;
    /** How long a node waits for another node's outbox (plus the reply window for a re-queue). */
    private static final long PEER_TIMEOUT_MS = 5000;

    static final String NO_SENDER =
        "email has no sender address (set SMTP_FROM, or an SMTP_USERNAME that is an email address)";

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
    private final String nodeId;
    private int accepting;
    private long gaugeTimer = -1;
    private long adoptTimer = -1;
    private boolean adopting;

    NotifyService(Vertx vertx, NotifyConfig config, OutboxStore store, DiscordWebhookClient discord,
                  WebhookClient webhooks, EmailSender email) {
        this.vertx = vertx;
        this.nodeId = Nodes.id(vertx);
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

    /**
     * Opens the outbox, resumes every pending notification and takes over what processes that are gone
     * left in the data directory (then again every {@code notify.outbox.adoptIntervalMs}).
     */
    Future<Void> start() {
        return store.open()
            .onSuccess(engine::resume)
            .compose(resumed -> adoptOrphans())
            .onSuccess(adopted -> {
                updateGauges();
                gaugeTimer = vertx.setPeriodic(GAUGE_PERIOD_MS, tick -> updateGauges());
                long every = config.delivery().adoptIntervalMs();
                if (every > 0) {
                    adoptTimer = vertx.setPeriodic(every, tick -> adoptOrphans());
                }
            })
            .mapEmpty();
    }

    private Future<Void> adoptOrphans() {
        if (adopting) {
            return Future.succeededFuture();
        }
        adopting = true;
        return store.adoptOrphans()
            .onSuccess(engine::resume)
            .onFailure(failure -> LOG.warn("Taking over orphan outbox entries failed; will try again: {}",
                failure.toString()))
            .<Void>mapEmpty()
            .recover(failure -> Future.succeededFuture())
            .eventually(() -> {
                adopting = false;
                return Future.succeededFuture();
            });
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
        vertx.cancelTimer(adoptTimer);
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

    /** This node's dead letters, and across a cluster every other node's, oldest first. */
    private Future<JsonObject> deadLetters(Body body) {
        List<Future<JsonObject>> parts = new ArrayList<>();
        parts.add(localDeadLetters(body));
        List<String> peers = peers();
        peers.forEach(node -> parts.add(askNode(node, "deadLetters", new JsonObject(), PEER_TIMEOUT_MS)));
        return Future.join(parts).transform(joined -> {
            List<JsonObject> items = new ArrayList<>();
            JsonArray unreachable = new JsonArray();
            for (int i = 0; i < parts.size(); i++) {
                Future<JsonObject> part = parts.get(i);
                if (part.succeeded()) {
                    part.result().getJsonArray("items").forEach(item -> items.add((JsonObject) item));
                } else if (!isNoHandlers(part.cause())) {
                    unreachable.add(peers.get(i - 1));
                }
            }
            items.sort(Comparator.comparing(NotifyService::acceptedAt));
            JsonObject reply = new JsonObject().put("items", new JsonArray(new ArrayList<>(items)));
            if (!unreachable.isEmpty()) {
                reply.put("unreachableNodes", unreachable);
            }
            return Future.succeededFuture(reply);
        });
    }

    /**
     * When a dead letter was accepted. The text has 0, 3, 6 or 9 fraction digits (Instant.toString), so
     * it is compared parsed; an item without a readable time sorts last.
     */
    private static Instant acceptedAt(JsonObject item) {
        try {
            return Instant.parse(item.getString("acceptedAt"));
        } catch (RuntimeException e) {
            return Instant.MAX;
        }
    }

    private Future<JsonObject> localDeadLetters(Body body) {
        return store.deadLetters().map(items -> new JsonObject().put("items",
            new JsonArray(items.stream().map(entry -> entry.toDeadLetterJson().put("nodeId", nodeId)).toList())));
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

    /** Re-queues a dead letter of this node or, across a cluster, of the node whose outbox holds it. */
    private Future<JsonObject> requeue(Body body) {
        Future<JsonObject> local = localRequeue(body);
        List<String> peers = peers();
        if (peers.isEmpty()) {
            return local;
        }
        long timeout = config.delivery().replyWindowMs() + PEER_TIMEOUT_MS;
        return local.recover(failure -> {
            if (!isNotFound(failure)) {
                return Future.failedFuture(failure);
            }
            Future<JsonObject> chain = Future.failedFuture(failure);
            for (String node : peers) {
                chain = chain.recover(notHere -> isNotFound(notHere) || isNoHandlers(notHere)
                    ? askNode(node, "requeue", body.json(), timeout)
                    : Future.failedFuture(notHere));
            }
            return chain.recover(notFound -> Future.failedFuture(isNoHandlers(notFound) ? failure : notFound));
        });
    }

    private Future<JsonObject> localRequeue(Body body) {
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

    // ---- across nodes ----

    /** The address other nodes use to reach this node's outbox. */
    ActionDispatcher nodeDispatcher() {
        return new ActionDispatcher(Addresses.NOTIFY_NODE_PREFIX + nodeId)
            .on("deadLetters", this::localDeadLetters)
            .on("requeue", this::localRequeue);
    }

    private List<String> peers() {
        return Nodes.all(vertx).stream().filter(node -> !node.equals(nodeId)).toList();
    }

    private Future<JsonObject> askNode(String node, String action, JsonObject body, long timeoutMs) {
        DeliveryOptions options = new DeliveryOptions()
            .addHeader(Addresses.ACTION_HEADER, action)
            .setSendTimeout(timeoutMs);
        return vertx.eventBus()
            .<JsonObject>request(Addresses.NOTIFY_NODE_PREFIX + node, body, options)
            .map(Message::body);
    }

    private static boolean isNoHandlers(Throwable failure) {
        return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
    }

    private static boolean isNotFound(Throwable failure) {
        int code = failure instanceof ServiceException known ? known.code().code()
            : failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
            ? reply.failureCode() : -1;
        return code == FailureCode.NOT_FOUND.code();
    }

    // ---- steps ----

    /**
     * The named (or default) Discord channel, if it is configured and usable. {@code default} always
     * exists, so when it has no webhook it is a channel that is not configured (503); any other name
     * without a webhook does not exist (404).
     */
    private String discordChannel(Body body) {
        String channel = body.optionalString("channel", DEFAULT_CHANNEL);
        if (!discord.configured(channel)) {
            if (!discord.anyConfigured() || channel.equals(DEFAULT_CHANNEL)) {
                throw ServiceException.unavailable(defaultChannelUnavailable(discord));
            }
            throw ServiceException.notFound("unknown Discord channel '" + Redact.shorten(channel, 64)
                + "'; configured channels: " + String.join(", ", discord.channelNames()));
        }
        DiscordWebhookClient.ChannelStatus status = discord.status(channel);
        if (!status.healthy()) {
            throw ServiceException.unavailable(status.reason());
        }
        return channel;
    }

    /** Why the {@code default} Discord channel has no webhook: no Discord at all, or only other channels. */
    static String defaultChannelUnavailable(DiscordWebhookClient discord) {
        if (!discord.anyConfigured()) {
            return "Discord is not configured (set DISCORD_WEBHOOK_URL or notify.discord.channels)";
        }
        return "the default Discord channel is not configured (set DISCORD_WEBHOOK_URL or "
            + "notify.discord.channels.default, or name one of the configured channels: "
            + String.join(", ", discord.channelNames()) + ")";
    }

    private static Level level(String text) {
        Level level = Level.fromWire(text.trim().toLowerCase(Locale.ROOT));
        if (level == null) {
            throw ServiceException.badRequest("field 'level' must be one of info, warning, error, success");
        }
        return level;
    }

    /** Email sends need a server and a sender; without either they are refused, and nothing is queued. */
    private void requireEmail() {
        if (email == null) {
            throw ServiceException.unavailable(EMAIL_NOT_CONFIGURED);
        }
        if (config.email().sender() == null) {
            throw ServiceException.unavailable(NO_SENDER);
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
