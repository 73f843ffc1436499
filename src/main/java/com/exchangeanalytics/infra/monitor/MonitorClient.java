package com.exchangeanalytics.infra.monitor;

import com.exchangeanalytics.infra.common.Addresses;
import com.exchangeanalytics.infra.common.ServiceClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Typed client of {@value Addresses#MONITOR}. */
public class MonitorClient extends ServiceClient {

    public MonitorClient(Vertx vertx) {
        this(vertx, DEFAULT_TIMEOUT_MS);
    }

    public MonitorClient(Vertx vertx, long timeoutMs) {
        super(vertx, Addresses.MONITOR, timeoutMs);
    }

    public Future<Void> counter(String name, double amount) {
        return request("counter", new JsonObject().put("name", name).put("amount", amount)).mapEmpty();
    }

    public Future<Void> gauge(String name, double value) {
        return request("gauge", new JsonObject().put("name", name).put("value", value)).mapEmpty();
    }

    public Future<Void> timer(String name, double durationMs) {
        return request("timer", new JsonObject().put("name", name).put("durationMs", durationMs)).mapEmpty();
    }

    public Future<JsonObject> summary() {
        return request("summary", new JsonObject());
    }

    public Future<JsonArray> history(int minutes) {
        return request("history", new JsonObject().put("minutes", minutes))
            .map(reply -> reply.getJsonArray("samples"));
    }

    public Future<Void> reset() {
        return request("reset", new JsonObject()).mapEmpty();
    }

    /** The whole health report, or one check when {@code name} is not null. */
    public Future<JsonObject> health(String name) {
        JsonObject body = new JsonObject();
        if (name != null) {
            body.put("name", name);
        }
        return request("health", body);
    }

    /**
     * Registers a check that the monitor runs by sending {@code {"name": ...}} to {@code address};
     * the consumer there replies {@code status} and optional {@code details}.
     */
    public Future<Void> registerCheck(String name, String address, long timeoutMs, String description) {
        JsonObject body = new JsonObject()
            .put("name", name)
            .put("address", address)
            .put("timeoutMs", timeoutMs);
        if (description != null) {
            body.put("description", description);
        }
        return request("registerCheck", body).mapEmpty();
    }

    public Future<Void> unregisterCheck(String name) {
        return request("unregisterCheck", new JsonObject().put("name", name)).mapEmpty();
    }
}
