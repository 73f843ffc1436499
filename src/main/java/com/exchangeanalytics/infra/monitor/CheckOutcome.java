package com.exchangeanalytics.infra.monitor;

import io.vertx.core.json.JsonObject;

/**
 * What one run of a check found: its status, optional details (shown to authorised clients only)
 * and, when not healthy, a reason.
 */
public record CheckOutcome(HealthStatus status, JsonObject details, String error) {

    public static CheckOutcome healthy(JsonObject details) {
        return new CheckOutcome(HealthStatus.HEALTHY, details, null);
    }

    public static CheckOutcome degraded(String error, JsonObject details) {
        return new CheckOutcome(HealthStatus.DEGRADED, details, error);
    }

    public static CheckOutcome unhealthy(String error, JsonObject details) {
        return new CheckOutcome(HealthStatus.UNHEALTHY, details, error);
    }
}
