package com.exchangeanalytics.infra.notify;

import com.exchangeanalytics.infra.common.Addresses;
import com.exchangeanalytics.infra.common.ServiceClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * Typed client of {@value Addresses#NOTIFY}. Each send answers a delivery reply:
 * {@code id}, {@code status} ({@code delivered}, {@code queued}, {@code deduplicated}) and,
 * when delivered, {@code messageId}.
 */
public class NotifyClient extends ServiceClient {

    public NotifyClient(Vertx vertx) {
        this(vertx, DEFAULT_TIMEOUT_MS);
    }

    public NotifyClient(Vertx vertx, long timeoutMs) {
        super(vertx, Addresses.NOTIFY, timeoutMs);
    }

    /** {@code report} has the fields of the contract's report object. */
    public Future<JsonObject> discordReport(JsonObject report, String channel) {
        JsonObject body = new JsonObject().put("report", report);
        if (channel != null) {
            body.put("channel", channel);
        }
        return request("discordReport", body);
    }

    public Future<JsonObject> discordAlert(String title, String message, String level, String channel) {
        JsonObject body = new JsonObject().put("title", title).put("message", message);
        if (level != null) {
            body.put("level", level);
        }
        if (channel != null) {
            body.put("channel", channel);
        }
        return request("discordAlert", body);
    }

    public Future<JsonObject> webhook(String target, JsonObject payload, Map<String, String> headers) {
        JsonObject body = new JsonObject().put("target", target).put("payload", payload);
        if (headers != null && !headers.isEmpty()) {
            body.put("headers", new JsonObject(Map.copyOf(headers)));
        }
        return request("webhook", body);
    }

    public Future<JsonObject> email(List<String> to, String subject, String content, String contentType) {
        JsonObject body = new JsonObject()
            .put("to", new JsonArray(to))
            .put("subject", subject)
            .put("content", content);
        if (contentType != null) {
            body.put("contentType", contentType);
        }
        return request("email", body);
    }

    public Future<JsonObject> reportEmail(JsonObject report, List<String> to) {
        return request("reportEmail", new JsonObject().put("report", report).put("to", new JsonArray(to)));
    }

    /** {@code status} ({@code success} or {@code error}), {@code message}, {@code timestamp}. */
    public Future<JsonObject> testChannel(String channel) {
        return request("testChannel", new JsonObject().put("channel", channel));
    }

    public Future<JsonArray> deadLetters() {
        return request("deadLetters", new JsonObject()).map(reply -> reply.getJsonArray("items"));
    }

    public Future<JsonObject> requeue(String id) {
        return request("requeue", new JsonObject().put("id", id));
    }

    /**
     * Extension: {@code discordChannels} (each {@code channel}, {@code healthy}, {@code reason},
     * {@code since}), {@code webhookTargets}, {@code email} (on or off), and the {@code pending} and
     * {@code deadLetters} counts.
     */
    public Future<JsonObject> status() {
        return request("status", new JsonObject());
    }
}
