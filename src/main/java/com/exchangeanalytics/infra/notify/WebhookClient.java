package com.exchangeanalytics.infra.notify;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * POSTs JSON payloads to the webhooks of the allow-list ({@code notify.webhooks}); callers name a target,
 * never a URL. Redirects are not followed, so a target cannot bounce the request elsewhere. A 2xx is a
 * delivery (the message id is the {@code X-Request-Id} reply header when there is one); 408, 429, 5xx and
 * connection failures are transient; any other status is permanent.
 */
final class WebhookClient {

    static final String USER_AGENT = "ExchangeAnalytics-Notify/" + DiscordWebhookClient.VERSION;
    private static final Set<String> ID_HEADERS = Set.of("X-Request-Id", "X-Message-Id");

    private final WebClient client;
    private final Map<String, NotifyConfig.WebhookTarget> targets;
    private final long timeoutMs;

    WebhookClient(Vertx vertx, Map<String, NotifyConfig.WebhookTarget> targets, long timeoutMs) {
        this.targets = targets;
        this.timeoutMs = timeoutMs;
        this.client = WebClient.create(vertx, new WebClientOptions()
            .setUserAgent(USER_AGENT)
            .setFollowRedirects(false)
            .setConnectTimeout((int) Math.min(timeoutMs, Integer.MAX_VALUE))
            .setKeepAlive(true));
    }

    boolean configured(String target) {
        return targets.containsKey(target);
    }

    Iterable<String> targetNames() {
        return targets.keySet();
    }

    /** Posts {@code payload}; the target's configured headers win over the caller's of the same name. */
    Future<String> post(String target, JsonObject payload, Map<String, String> callerHeaders) {
        NotifyConfig.WebhookTarget config = targets.get(target);
        if (config == null) {
            return Future.failedFuture(DeliveryException.permanent("webhook target '" + target
                + "' is not configured"));
        }
        HttpRequest<Buffer> request = client.postAbs(config.url().toString()).timeout(timeoutMs);
        MultiMap headers = request.headers();
        callerHeaders.forEach(headers::set);
        config.headers().forEach(headers::set);
        return request.sendJsonObject(payload)
            .timeout(timeoutMs + 1000, TimeUnit.MILLISECONDS)
            .recover(failure -> Future.failedFuture(
                HttpFailures.transientFailure("webhook '" + target + "'", failure, timeoutMs)))
            .compose(response -> outcome(target, response));
    }

    private static Future<String> outcome(String target, HttpResponse<Buffer> response) {
        int code = response.statusCode();
        if (code >= 200 && code < 300) {
            return Future.succeededFuture(messageId(response));
        }
        String what = "webhook '" + target + "' answered HTTP " + code;
        if (code == 429) {
            Long wait = retryAfterMillis(response.getHeader("Retry-After"));
            return Future.failedFuture(wait == null
                ? DeliveryException.transientFailure(what)
                : DeliveryException.retryAfter(Duration.ofMillis(wait), what));
        }
        if (code == 408 || code >= 500) {
            return Future.failedFuture(DeliveryException.transientFailure(what));
        }
        if (code >= 300 && code < 400) {
            return Future.failedFuture(DeliveryException.permanent(what + " (redirects are not followed)"));
        }
        return Future.failedFuture(DeliveryException.permanent(what));
    }

    private static String messageId(HttpResponse<Buffer> response) {
        for (String name : ID_HEADERS) {
            String value = response.getHeader(name);
            if (value != null && !value.isBlank()) {
                return value.length() > 200 ? value.substring(0, 200) : value;
            }
        }
        return null;
    }

    private static Long retryAfterMillis(String header) {
        if (header == null) {
            return null;
        }
        try {
            return DiscordRateLimits.secondsToMillis(Double.parseDouble(header.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    Future<Void> close() {
        client.close();
        return Future.succeededFuture();
    }
}
