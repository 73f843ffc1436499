package com.exchangeanalytics.infra.monitor;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * The result of one check inside a {@link HealthReport}.
 *
 * @param timestamp when the check started, or {@code null} when it never ran
 */
public record CheckReport(String name, HealthStatus status, long durationMs, Instant timestamp,
                          String description, String error, JsonObject details) {

    /** A check that is registered but has not run yet. */
    public static CheckReport unknown(String name, String description) {
        return new CheckReport(name, HealthStatus.UNKNOWN, 0, null, description, null, null);
    }

    /**
     * The contract's JSON shape; {@code timestamp} is always there, {@code null} for a check that never
     * ran. {@code reveal} adds {@code error} and {@code details}, which only
     * authorised clients see.
     */
    public JsonObject toJson(boolean reveal) {
        JsonObject json = new JsonObject()
            .put("name", name)
            .put("status", status.wire())
            .put("durationMs", durationMs)
            .put("timestamp", timestamp == null ? null : timestamp.toString());
        if (description != null) {
            json.put("description", description);
        }
        if (reveal && error != null) {
            json.put("error", error);
        }
        if (reveal && details != null && !details.isEmpty()) {
            json.put("details", details.copy());
        }
        return json;
    }
}
