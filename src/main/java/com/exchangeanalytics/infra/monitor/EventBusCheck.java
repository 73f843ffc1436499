package com.exchangeanalytics.infra.monitor;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

/**
 * A check registered by another verticle: the monitor sends {@code {"name": ...}} to its address and
 * reads {@code status} and optional {@code details} from the reply. No reply within the timeout, a
 * failure or a reply without a valid status is unhealthy.
 */
final class EventBusCheck implements HealthCheck {

    private final Vertx vertx;
    private final String name;
    private final String address;
    private final long timeoutMs;
    private final String description;

    EventBusCheck(Vertx vertx, String name, String address, long timeoutMs, String description) {
        this.vertx = vertx;
        this.name = name;
        this.address = address;
        this.timeoutMs = timeoutMs;
        this.description = description;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public long timeoutMs() {
        return timeoutMs;
    }

    String address() {
        return address;
    }

    @Override
    public Future<CheckOutcome> run() {
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(HealthCheck.innerTimeout(timeoutMs));
        return vertx.eventBus()
            .request(address, new JsonObject().put("name", name), options)
            .map(reply -> judge(reply.body()))
            .recover(failure -> Future.succeededFuture(CheckOutcome.unhealthy(reason(failure), null)));
    }

    private static CheckOutcome judge(Object body) {
        if (!(body instanceof JsonObject reply)) {
            return CheckOutcome.unhealthy("reply is not a JSON object", null);
        }
        HealthStatus status = HealthStatus.fromReply(reply.getValue("status"));
        if (status == null) {
            return CheckOutcome.unhealthy("reply has no valid status (healthy, degraded or unhealthy)", null);
        }
        Object rawDetails = reply.getValue("details");
        JsonObject details = rawDetails == null || rawDetails instanceof JsonObject
            ? (JsonObject) rawDetails
            : new JsonObject().put("value", rawDetails);
        String error = reply.getValue("error") instanceof String text ? text : null;
        if (error == null && status != HealthStatus.HEALTHY) {
            error = "reported " + status.wire();
        }
        return new CheckOutcome(status, details, error);
    }

    private String reason(Throwable failure) {
        if (failure instanceof ReplyException reply) {
            return switch (reply.failureType()) {
                case NO_HANDLERS -> "no consumer at " + address;
                case TIMEOUT -> "no reply from " + address + " within "
                    + HealthCheck.innerTimeout(timeoutMs) + " ms";
                default -> "failed (" + reply.failureCode() + "): " + reply.getMessage();
            };
        }
        return String.valueOf(failure.getMessage());
    }
}
