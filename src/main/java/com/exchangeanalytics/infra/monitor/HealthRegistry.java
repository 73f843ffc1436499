package com.exchangeanalytics.infra.monitor;

import com.exchangeanalytics.infra.common.Redact;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import com.exchangeanalytics.infra.common.Nodes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Named health checks on top of vertx-health-check, which runs each procedure under its own timeout
 * and turns a throw, a failure or that timeout into a failed result. This class adds what the library
 * lacks: the statuses degraded and unknown (carried in the procedure's {@link Status} data), a bound on
 * the whole run, the worst status as the overall one, a short result cache with one shared run for
 * concurrent callers, and status-change notifications.
 * <p>
 * Safe to call from any thread; runs complete on the Vert.x context of the caller that started them.
 */
public final class HealthRegistry {

    /** Told once per change of a check's status, except the first run of a healthy check. */
    @FunctionalInterface
    public interface StatusChangeListener {
        void changed(CheckReport current, HealthStatus previous);
    }

    private static final Logger LOG = LoggerFactory.getLogger(HealthRegistry.class);
    private static final String STATUS_METER = "monitor_health_check_status";
    private static final int MAX_ERROR_LENGTH = 300;

    private final HealthChecks procedures;
    private final long overallTimeoutMs;
    private final long cacheNanos;
    private final MeterRegistry meters;
    private final String nodeId;
    private final Map<String, HealthCheck> checks = new LinkedHashMap<>();
    private final Map<String, HealthStatus> lastStatus = new HashMap<>();
    private final Map<String, Gauge> gauges = new HashMap<>();
    private final List<StatusChangeListener> listeners = new CopyOnWriteArrayList<>();

    private long generation;
    private HealthReport latest;
    private long latestGeneration = -1;
    private Future<HealthReport> inFlight;
    private long inFlightGeneration = -1;

    /**
     * @param meters where each check's status is exported, or {@code null} for none
     */
    public HealthRegistry(Vertx vertx, long overallTimeoutMs, long cacheMs, MeterRegistry meters) {
        this.nodeId = Nodes.id(vertx);
        this.procedures = HealthChecks.create(vertx);
        this.overallTimeoutMs = overallTimeoutMs;
        this.cacheNanos = TimeUnit.MILLISECONDS.toNanos(cacheMs);
        this.meters = meters;
    }

    public void addListener(StatusChangeListener listener) {
        listeners.add(listener);
    }

    /**
     * Adds a check, or replaces the one with the same name. The next report runs it.
     * The library arms one timer per check and run for the check's timeout and leaves it armed when the
     * check finishes first; with the result cache that is a handful of idle timers, not a leak.
     */
    public synchronized void register(HealthCheck check) {
        String name = check.name();
        procedures.unregister(name);
        procedures.register(name, check.timeoutMs(), promise -> check.run()
            .onComplete(result -> completeProcedure(promise, result)));
        checks.put(name, check);
        changed();
        if (meters != null && !gauges.containsKey(name)) {
            gauges.put(name, Gauge.builder(STATUS_METER, () -> statusOf(name).severity())
                .tag("check", name)
                .description("Health check status: -1 unknown, 0 healthy, 1 degraded, 2 unhealthy")
                .register(meters));
        }
    }

    /** Removes a check; {@code false} when there is none by that name. */
    public synchronized boolean unregister(String name) {
        if (checks.remove(name) == null) {
            return false;
        }
        procedures.unregister(name);
        lastStatus.remove(name);
        Gauge gauge = gauges.remove(name);
        if (gauge != null) {
            meters.remove(gauge);
        }
        changed();
        return true;
    }

    /** A check was added or removed: reports made before no longer describe the registry. */
    private void changed() {
        generation++;
        if (latest != null) {
            latest.supersede();
        }
    }

    public synchronized boolean contains(String name) {
        return checks.containsKey(name);
    }

    /**
     * The check's result in {@code report}; a check registered after that run started is unknown, with
     * its description. Empty when the report does not hold the check and no check has that name now.
     */
    public synchronized Optional<CheckReport> resultIn(HealthReport report, String name) {
        return report.check(name)
            .or(() -> Optional.ofNullable(checks.get(name))
                .map(check -> CheckReport.unknown(name, check.description())));
    }

    public synchronized int size() {
        return checks.size();
    }

    /** Removes every check's meter (the checks stay registered). */
    public synchronized void close() {
        gauges.values().forEach(meters::remove);
        gauges.clear();
    }

    private synchronized HealthStatus statusOf(String name) {
        return lastStatus.getOrDefault(name, HealthStatus.UNKNOWN);
    }

    /**
     * The latest report while it is younger than the cache time and no check was added or removed
     * since; otherwise the run in progress, or a new run. Never fails: problems are check statuses.
     */
    public synchronized Future<HealthReport> report() {
        if (latest != null && latestGeneration == generation && latest.isFresh()) {
            return Future.succeededFuture(latest);
        }
        return refresh();
    }

    /** Joins the run in progress when it covers the current checks, else starts a run. */
    public synchronized Future<HealthReport> refresh() {
        if (inFlight != null && inFlightGeneration == generation) {
            return inFlight;
        }
        long runGeneration = generation;
        List<HealthCheck> snapshot = new ArrayList<>(checks.values());
        Future<HealthReport> run = runAll(snapshot)
            .map(reports -> finish(runGeneration, reports));
        if (!run.isComplete()) {
            inFlight = run;
            inFlightGeneration = runGeneration;
        }
        return run;
    }

    private record Timed(List<CheckReport> reports, Instant started, long startNanos) {
    }

    private Future<Timed> runAll(List<HealthCheck> snapshot) {
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        List<Future<CheckReport>> runs = new ArrayList<>(snapshot.size());
        for (HealthCheck check : snapshot) {
            runs.add(runOne(check));
        }
        return Future.join(runs)
            .transform(ignored -> {
                List<CheckReport> reports = new ArrayList<>(runs.size());
                runs.forEach(run -> reports.add(run.result()));
                return Future.succeededFuture(new Timed(reports, started, startNanos));
            });
    }

    private Future<CheckReport> runOne(HealthCheck check) {
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        return procedures.checkStatus(check.name())
            .timeout(overallTimeoutMs, TimeUnit.MILLISECONDS)
            .transform(result -> Future.succeededFuture(
                toReport(check, result, started, elapsedMs(startNanos))));
    }

    private HealthReport finish(long runGeneration, Timed timed) {
        List<CheckReport> reports = new ArrayList<>();
        List<Runnable> notifications = new ArrayList<>();
        HealthReport report;
        synchronized (this) {
            Map<String, CheckReport> byName = new HashMap<>();
            timed.reports().forEach(one -> byName.put(one.name(), one));
            for (HealthCheck check : checks.values()) {
                CheckReport one = byName.get(check.name());
                reports.add(one != null ? one : CheckReport.unknown(check.name(), check.description()));
                if (one != null) {
                    HealthStatus previous = lastStatus.put(one.name(), one.status());
                    noteChange(one, previous == null ? HealthStatus.UNKNOWN : previous, notifications);
                }
            }
            report = new HealthReport(nodeId, timed.started(), elapsedMs(timed.startNanos()), reports, cacheNanos);
            if (runGeneration != generation) {
                report.supersede();
            }
            if (runGeneration == generation || latest == null) {
                latest = report;
                latestGeneration = runGeneration;
            }
            if (inFlightGeneration == runGeneration) {
                inFlight = null;
                inFlightGeneration = -1;
            }
        }
        notifications.forEach(Runnable::run);
        return report;
    }

    private void noteChange(CheckReport current, HealthStatus previous, List<Runnable> notifications) {
        if (current.status() == previous) {
            return;
        }
        if (current.status() == HealthStatus.HEALTHY) {
            LOG.info("Health check {} is healthy (was {})", current.name(), previous.wire());
        } else {
            LOG.warn("Health check {} is {} (was {}): {}", current.name(), current.status().wire(),
                previous.wire(), current.error());
        }
        if (previous == HealthStatus.UNKNOWN && current.status() == HealthStatus.HEALTHY) {
            return;
        }
        for (StatusChangeListener listener : listeners) {
            notifications.add(() -> listener.changed(current, previous));
        }
    }

    private static void completeProcedure(Promise<Status> promise, AsyncResult<CheckOutcome> result) {
        if (result.failed()) {
            promise.tryFail(result.cause());
            return;
        }
        CheckOutcome outcome = result.result() == null ? CheckOutcome.healthy(null) : result.result();
        JsonObject data = new JsonObject().put("status", outcome.status().wire());
        if (outcome.details() != null) {
            data.put("details", outcome.details());
        }
        if (outcome.error() != null) {
            data.put("error", outcome.error());
        }
        promise.tryComplete(outcome.status().isUsable() ? Status.OK(data) : Status.KO(data));
    }

    private CheckReport toReport(HealthCheck check, AsyncResult<CheckResult> result, Instant started,
                                 long durationMs) {
        if (result.failed()) {
            String reason = result.cause() instanceof TimeoutException
                ? "no result within the overall health timeout of " + overallTimeoutMs + " ms"
                : "check could not run: " + describe(result.cause());
            return failed(check, started, durationMs, reason);
        }
        CheckResult outcome = result.result();
        if (outcome.getFailure() != null) {
            return failed(check, started, durationMs, reasonOf(check, outcome.getFailure()));
        }
        Status status = outcome.getStatus();
        JsonObject data = status == null ? new JsonObject() : status.getData();
        HealthStatus parsed = HealthStatus.fromReply(data.getValue("status"));
        if (parsed == null) {
            parsed = status == null || status.isOk() ? HealthStatus.HEALTHY : HealthStatus.UNHEALTHY;
        }
        return new CheckReport(check.name(), parsed, durationMs, started, check.description(),
            shorten(data.getString("error")), data.getJsonObject("details"));
    }

    private static CheckReport failed(HealthCheck check, Instant started, long durationMs, String reason) {
        return new CheckReport(check.name(), HealthStatus.UNHEALTHY, durationMs, started, check.description(),
            shorten(reason), null);
    }

    /** The library fails a procedure with a cause-less "Timeout" on its timer, or wraps what it threw. */
    private static String reasonOf(HealthCheck check, Throwable failure) {
        boolean libraryTimeout = failure.getClass().getName().endsWith(".ProcedureException")
            && failure.getCause() == null;
        if (libraryTimeout) {
            return "timed out after " + check.timeoutMs() + " ms";
        }
        if (failure.getClass().getName().endsWith(".ProcedureException")) {
            return "check threw: " + describe(failure.getCause());
        }
        return describe(failure);
    }

    private static String describe(Throwable failure) {
        if (failure == null) {
            return "an unknown error";
        }
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }

    private static String shorten(String text) {
        return text == null ? null : Redact.shorten(Redact.text(text), MAX_ERROR_LENGTH);
    }

    private static long elapsedMs(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
