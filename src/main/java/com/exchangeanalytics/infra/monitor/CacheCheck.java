package com.exchangeanalytics.infra.monitor;

import com.exchangeanalytics.infra.common.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

/**
 * {@code cache}: asks the cache service to ping its store (Redis PING, or the embedded store) and reads
 * the latency it measured. No reply, or a failure, is unhealthy; a latency above the configured bound is
 * degraded.
 */
final class CacheCheck implements HealthCheck {

    static final String NAME = "cache";
    static final String PING = "ping";

    private final Vertx vertx;
    private final long timeoutMs;
    private final long slowMs;

    CacheCheck(Vertx vertx, long timeoutMs, long slowMs) {
        this.vertx = vertx;
        this.timeoutMs = timeoutMs;
        this.slowMs = slowMs;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "cache store answers a ping (" + Addresses.CACHE + ")";
    }

    @Override
    public long timeoutMs() {
        return timeoutMs;
    }

    @Override
    public Future<CheckOutcome> run() {
        DeliveryOptions options = new DeliveryOptions()
            .addHeader(Addresses.ACTION_HEADER, PING)
            .setSendTimeout(HealthCheck.innerTimeout(timeoutMs));
        return vertx.eventBus()
            .<JsonObject>request(Addresses.CACHE, new JsonObject(), options)
            .map(reply -> judge(reply.body()))
            .recover(failure -> Future.succeededFuture(CheckOutcome.unhealthy(reason(failure), null)));
    }

    private CheckOutcome judge(JsonObject reply) {
        JsonObject details = new JsonObject()
            .put("store", reply == null ? null : reply.getString("store"))
            .put("latencyMs", reply == null ? null : reply.getValue("latencyMs"));
        Number latency = reply == null ? null : reply.getNumber("latencyMs");
        if (latency != null && latency.doubleValue() > slowMs) {
            return CheckOutcome.degraded("cache ping took " + latency + " ms (slow above " + slowMs + " ms)",
                details);
        }
        return CheckOutcome.healthy(details);
    }

    private String reason(Throwable failure) {
        if (failure instanceof ReplyException reply) {
            return switch (reply.failureType()) {
                case NO_HANDLERS -> "cache service is not running";
                case TIMEOUT -> "cache did not answer within " + HealthCheck.innerTimeout(timeoutMs) + " ms";
                default -> "cache failed (" + reply.failureCode() + "): " + reply.getMessage();
            };
        }
        return "cache ping failed: " + failure.getMessage();
    }
}
