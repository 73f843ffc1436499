package com.exchangeanalytics.infra.notify;

import com.exchangeanalytics.infra.common.Redact;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Executes Discord webhooks: {@code POST /api/v10/webhooks/{id}/{token}?wait=true} with the bot's name and
 * avatar, no mentions, and the message id from the reply. It waits before a rate-limit bucket runs dry,
 * waits out 429s (per bucket, global, or Cloudflare) within a cap of retries and waiting per message, and
 * stops using a webhook that answered 404 (deleted). Failures are {@link DeliveryException}s with safe
 * messages; the token never appears in a log line or a failure.
 */
public final class DiscordWebhookClient {

    static final String PROJECT_URL = "https://github.com/exchange-analytics/exchange-analytics-infra";
    static final String VERSION = versionOrDefault();
    /** {@code DiscordBot (<project url>, <version>)}, as Discord asks of every API client. */
    public static final String USER_AGENT = "DiscordBot (" + PROJECT_URL + ", " + VERSION + ")";
    private static final Logger LOG = LoggerFactory.getLogger(DiscordWebhookClient.class);
    private static final long DEFAULT_RETRY_AFTER_MS = 1000;
    private static final int MAX_ERROR_TEXT = 200;

    private final Vertx vertx;
    private final WebClient client;
    private final NotifyConfig.Discord settings;
    private final Map<String, DiscordWebhookUrl> channels = new LinkedHashMap<>();
    private final Map<String, ChannelStatus> statuses = new LinkedHashMap<>();
    private final DiscordRateLimits limits = new DiscordRateLimits();

    /** A Discord channel's health: {@code healthy} until its webhook answers 404. */
    record ChannelStatus(String channel, boolean healthy, String reason, Instant since) {

        JsonObject toJson() {
            return new JsonObject()
                .put("channel", channel)
                .put("healthy", healthy)
                .put("reason", reason)
                .put("since", since == null ? null : since.toString());
        }
    }

    /** Retries and waiting spent on one message's rate limits. */
    private static final class Budget {
        int rateLimitHits;
        long waitedMs;
    }

    DiscordWebhookClient(Vertx vertx, Map<String, URI> channelUrls, NotifyConfig.Discord settings) {
        this.vertx = vertx;
        this.settings = settings;
        this.client = WebClient.create(vertx, new WebClientOptions()
            .setUserAgent(USER_AGENT)
            .setFollowRedirects(false)
            .setConnectTimeout((int) Math.min(settings.requestTimeoutMs(), Integer.MAX_VALUE))
            .setKeepAlive(true));
        channelUrls.forEach((name, url) -> {
            channels.put(name, DiscordWebhookUrl.parse(url));
            statuses.put(name, new ChannelStatus(name, true, null, null));
        });
    }

    boolean configured(String channel) {
        return channels.containsKey(channel);
    }

    boolean anyConfigured() {
        return !channels.isEmpty();
    }

    Iterable<String> channelNames() {
        return channels.keySet();
    }

    /**
     * The delivery queue of a channel: its webhook's ({@code webhook:<id>}), so names configured with the
     * same webhook share one queue; a name no longer configured keeps a queue of its own.
     */
    String queueKey(String channel) {
        DiscordWebhookUrl url = channels.get(channel);
        return url == null ? "channel:" + channel : "webhook:" + url.webhookId();
    }

    ChannelStatus status(String channel) {
        return statuses.get(channel);
    }

    /** Every channel's status, for health reports and {@code testChannel}. */
    Map<String, ChannelStatus> channelStatus() {
        return Map.copyOf(statuses);
    }

    /** Sends one message (a body with {@code embeds} or {@code content}); answers Discord's message id. */
    Future<String> execute(String channel, JsonObject message) {
        DiscordWebhookUrl url = channels.get(channel);
        if (url == null) {
            return Future.failedFuture(DeliveryException.permanent(
                "Discord channel '" + channel + "' is not configured"));
        }
        ChannelStatus status = statuses.get(channel);
        if (!status.healthy()) {
            return Future.failedFuture(DeliveryException.permanent(status.reason()));
        }
        return send(channel, url, withIdentity(message), new Budget());
    }

    private JsonObject withIdentity(JsonObject message) {
        JsonObject body = message.copy()
            .put("username", settings.username())
            .put("allowed_mentions", new JsonObject().put("parse", new JsonArray()));
        if (settings.avatarUrl() != null) {
            body.put("avatar_url", settings.avatarUrl());
        }
        return body;
    }

    private Future<String> send(String channel, DiscordWebhookUrl url, JsonObject body, Budget budget) {
        long wait = limits.delayBeforeSend(url.webhookId(), now());
        if (wait > 0 && budget.waitedMs + wait > settings.maxRateLimitWaitMs()) {
            return Future.failedFuture(DeliveryException.retryAfter(Duration.ofMillis(wait),
                "Discord rate limit: waiting " + wait + " ms more would exceed the per-message cap of "
                    + settings.maxRateLimitWaitMs() + " ms"));
        }
        budget.waitedMs += wait;
        Future<Void> ready = wait > 0 ? pause(wait) : Future.succeededFuture();
        return ready
            .compose(go -> post(url, body))
            .compose(response -> handle(channel, url, body, budget, response));
    }

    private Future<Void> pause(long millis) {
        LOG.debug("Waiting {} ms for the Discord rate limit", millis);
        return vertx.timer(millis, TimeUnit.MILLISECONDS).mapEmpty();
    }

    private Future<HttpResponse<Buffer>> post(DiscordWebhookUrl url, JsonObject body) {
        limits.reserve(url.webhookId(), now());
        long timeout = settings.requestTimeoutMs();
        return client.postAbs(url.executeUri())
            .timeout(timeout)
            .sendJsonObject(body)
            .timeout(timeout + 1000, TimeUnit.MILLISECONDS)
            .recover(failure -> Future.failedFuture(
                HttpFailures.transientFailure("Discord", failure, timeout)));
    }

    private Future<String> handle(String channel, DiscordWebhookUrl url, JsonObject body, Budget budget,
                                  HttpResponse<Buffer> response) {
        long now = now();
        limits.update(url.webhookId(), response.headers(), now);
        int code = response.statusCode();
        if (code >= 200 && code < 300) {
            return Future.succeededFuture(messageId(response));
        }
        if (code == 429) {
            return rateLimited(channel, url, body, budget, response, now);
        }
        if (code == 404) {
            markDeleted(url);
            return Future.failedFuture(DeliveryException.permanent(statuses.get(channel).reason()));
        }
        if (code >= 500) {
            return Future.failedFuture(DeliveryException.transientFailure("Discord answered HTTP " + code));
        }
        return Future.failedFuture(DeliveryException.permanent("Discord rejected the message: HTTP " + code
            + errorText(response)));
    }

    private Future<String> rateLimited(String channel, DiscordWebhookUrl url, JsonObject body, Budget budget,
                                       HttpResponse<Buffer> response, long now) {
        JsonObject error = jsonOrNull(response);
        long retryAfterMs = retryAfterMillis(error, response.getHeader("Retry-After"));
        boolean global = (error != null && error.getBoolean("global", false))
            || "true".equalsIgnoreCase(response.getHeader("X-RateLimit-Global"));
        boolean cloudflare = response.getHeader("Via") == null;
        limits.rateLimited(url.webhookId(), retryAfterMs, global, settings.cloudflareBackoffMs(), cloudflare,
            now);
        budget.rateLimitHits++;
        LOG.warn("Discord rate limit hit on channel {} ({}): retry after {} ms{}{}", channel, url.safeName(),
            retryAfterMs, global ? ", global" : "",
            cloudflare ? ", from Cloudflare: pausing all Discord channels" : "");
        if (budget.rateLimitHits > settings.maxRateLimitRetries()) {
            return Future.failedFuture(DeliveryException.retryAfter(Duration.ofMillis(retryAfterMs),
                "Discord rate limited the message " + budget.rateLimitHits + " times"));
        }
        return send(channel, url, body, budget);
    }

    /** {@code retry_after} (seconds, fractional) from the body, else the {@code Retry-After} header. */
    static long retryAfterMillis(JsonObject error, String header) {
        if (error != null && error.getValue("retry_after") instanceof Number seconds) {
            return DiscordRateLimits.secondsToMillis(seconds.doubleValue());
        }
        if (header != null) {
            try {
                return DiscordRateLimits.secondsToMillis(Double.parseDouble(header.trim()));
            } catch (NumberFormatException ignored) {
                // an HTTP date or garbage: fall back to the default
            }
        }
        return DEFAULT_RETRY_AFTER_MS;
    }

    /** Disables every channel that uses the deleted webhook (several names may share one). */
    private void markDeleted(DiscordWebhookUrl url) {
        Instant now = Instant.now();
        channels.forEach((name, other) -> {
            if (other.webhookId().equals(url.webhookId()) && statuses.get(name).healthy()) {
                String reason = "Discord answered 404 for the webhook of channel '" + name
                    + "': it was deleted; the channel is disabled until the configuration changes";
                statuses.put(name, new ChannelStatus(name, false, reason, now));
                LOG.error("Discord channel {} disabled: its webhook ({}) answered 404 (deleted); queued "
                    + "messages to it are dead-lettered", name, url.safeName());
            }
        });
    }

    private static String messageId(HttpResponse<Buffer> response) {
        JsonObject json = jsonOrNull(response);
        Object id = json == null ? null : json.getValue("id");
        return id == null ? null : id.toString();
    }

    /** {@code (code 50035: Invalid Form Body)} from Discord's error body, shortened and redacted. */
    private static String errorText(HttpResponse<Buffer> response) {
        JsonObject json = jsonOrNull(response);
        if (json == null) {
            return "";
        }
        String text = (json.containsKey("code") ? "code " + json.getValue("code") + ": " : "")
            + json.getString("message", "no message");
        return " (" + Redact.shorten(Redact.text(text), MAX_ERROR_TEXT) + ")";
    }

    private static JsonObject jsonOrNull(HttpResponse<Buffer> response) {
        Buffer body = response.body();
        if (body == null || body.length() == 0) {
            return null;
        }
        try {
            Object json = body.toJsonValue();
            return json instanceof JsonObject object ? object : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
    }

    private static String versionOrDefault() {
        String version = DiscordWebhookClient.class.getPackage().getImplementationVersion();
        return version == null ? "1.0" : version;
    }

    Future<Void> close() {
        client.close();
        return Future.succeededFuture();
    }
}
