package com.exchangeanalytics.infra.common;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/**
 * Base of the typed clients: one request per call with the {@code action} header set, JSON in and out.
 * Failures arrive as {@code ReplyException}s whose {@code failureCode()} is one of {@link FailureCode}.
 */
public abstract class ServiceClient {

    /** Default time a client waits for a reply; longer than every service's own backend timeout. */
    public static final long DEFAULT_TIMEOUT_MS = 30_000;

    protected final Vertx vertx;
    private final String address;
    private final long timeoutMs;

    protected ServiceClient(Vertx vertx, String address, long timeoutMs) {
        this.vertx = vertx;
        this.address = address;
        this.timeoutMs = timeoutMs;
    }

    protected Future<JsonObject> request(String action, JsonObject body) {
        DeliveryOptions options = new DeliveryOptions()
            .addHeader(Addresses.ACTION_HEADER, action)
            .setSendTimeout(timeoutMs);
        return vertx.eventBus()
            .<JsonObject>request(address, body == null ? new JsonObject() : body, options)
            .map(reply -> reply.body());
    }

    public String address() {
        return address;
    }
}
