package com.exchangeanalytics.infra.monitor;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One health run: the worst status of its checks, when it started, how long it took and every check.
 * Immutable but for its freshness: its JSON views are encoded once, when the run ends, so serving a
 * cached report to a flood of probes costs no encoding, and it knows until when it may be served.
 */
public final class HealthReport {

    private final String nodeId;
    private final HealthStatus status;
    private final Instant timestamp;
    private final long durationMs;
    private final List<CheckReport> checks;
    private final Buffer revealed;
    private final Buffer hidden;
    private final Buffer ready;
    private final long freshUntilNanos;
    private volatile boolean superseded;

    /**
     * @param nodeId        the node whose checks these are
     * @param freshForNanos how long from now the report may be served without a new run
     */
    public HealthReport(String nodeId, Instant timestamp, long durationMs, List<CheckReport> checks,
                        long freshForNanos) {
        this.nodeId = nodeId;
        this.freshUntilNanos = System.nanoTime() + freshForNanos;
        this.timestamp = timestamp;
        this.durationMs = durationMs;
        this.checks = List.copyOf(checks);
        this.status = worstOf(this.checks);
        this.revealed = toJson(true).toBuffer();
        this.hidden = toJson(false).toBuffer();
        this.ready = readyJson().toBuffer();
    }

    private static HealthStatus worstOf(List<CheckReport> checks) {
        HealthStatus worst = HealthStatus.HEALTHY;
        for (CheckReport check : checks) {
            if (check.status() != HealthStatus.UNKNOWN) {
                worst = worst.worse(check.status());
            }
        }
        return worst;
    }

    /** Within its cache time, and no check was added or removed since it ran. */
    public boolean isFresh() {
        return !superseded && System.nanoTime() - freshUntilNanos < 0;
    }

    /** Marks the report stale: the set of checks changed. */
    void supersede() {
        superseded = true;
    }

    public HealthStatus status() {
        return status;
    }

    public Instant timestamp() {
        return timestamp;
    }

    public long durationMs() {
        return durationMs;
    }

    public List<CheckReport> checks() {
        return checks;
    }

    public Optional<CheckReport> check(String name) {
        return checks.stream()
            .filter(check -> check.name().equals(name))
            .findFirst();
    }

    /** Every check is healthy or degraded. */
    public boolean isReady() {
        return checks.stream()
            .allMatch(check -> check.status().isUsable());
    }

    /** 200 when healthy or degraded, 503 when unhealthy. */
    public int httpStatus() {
        return status.isUsable() ? 200 : 503;
    }

    public JsonObject toJson(boolean reveal) {
        JsonArray array = new JsonArray();
        checks.forEach(check -> array.add(check.toJson(reveal)));
        return new JsonObject()
            .put("status", status.wire())
            .put("timestamp", timestamp.toString())
            .put("durationMs", durationMs)
            .put("count", checks.size())
            .put("nodeId", nodeId)
            .put("checks", array);
    }

    /** The encoded {@link #toJson} view (shared: write it, never modify it). */
    public Buffer encoded(boolean reveal) {
        return reveal ? revealed : hidden;
    }

    /** {@code ready}, the overall status and each check's status: names and statuses only. */
    public Buffer encodedReadiness() {
        return ready;
    }

    private JsonObject readyJson() {
        JsonObject statuses = new JsonObject();
        checks.forEach(check -> statuses.put(check.name(), check.status().wire()));
        return new JsonObject()
            .put("ready", isReady())
            .put("status", status.wire())
            .put("timestamp", timestamp.toString())
            .put("checks", statuses);
    }
}
