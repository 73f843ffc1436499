package com.exchangeanalytics.infra.monitor;

import com.exchangeanalytics.infra.common.Body;
import com.exchangeanalytics.infra.common.Redact;
import com.exchangeanalytics.infra.common.ServiceException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The counters, gauges and timers other verticles record through {@code infra.monitor}: kept in memory
 * for the {@code summary} action (timers over their latest {@value #TIMER_WINDOW} samples) and mirrored
 * into Micrometer under sanitised Prometheus names ({@code app_<name>}).
 * <p>
 * A name keeps one kind: once {@code orders} is a counter it cannot become a gauge (400), because
 * Prometheus cannot hold both under one name. The number of distinct names is capped (429 beyond), so a
 * caller that puts ids in names cannot grow the registry without bound.
 * Not thread-safe: the monitor verticle calls it from its own context.
 */
public final class AppMetrics {

    /** Timer summaries cover this many latest samples per name. */
    public static final int TIMER_WINDOW = 100;
    public static final int MAX_NAME_LENGTH = 200;
    public static final String PROMETHEUS_PREFIX = "app_";

    private static final Pattern INVALID_CHARS = Pattern.compile("[^a-z0-9_]");

    private enum Kind { COUNTER, GAUGE, TIMER }

    private final MeterRegistry registry;
    private final int maxNames;
    private final Map<String, Kind> kinds = new HashMap<>();
    private final Map<String, Kind> seriesKinds = new HashMap<>();
    private final Map<String, Meter> meters = new HashMap<>();
    private final Map<String, Double> counters = new TreeMap<>();
    private final Map<String, GaugeValue> gauges = new TreeMap<>();
    private final Map<String, TimerWindow> timers = new TreeMap<>();

    /** The value behind a Micrometer gauge, read by scrapes on other threads. */
    private static final class GaugeValue {
        private volatile double value;
    }

    public AppMetrics(MeterRegistry registry, int maxNames) {
        this.registry = registry;
        this.maxNames = maxNames;
    }

    public void counter(String name, double amount) {
        checkName(name);
        if (!Double.isFinite(amount) || amount < 0) {
            throw ServiceException.badRequest("field 'amount' must be a finite number of at least 0");
        }
        claim(name, Kind.COUNTER);
        counters.merge(name, amount, Double::sum);
        ((Counter) meter(name, series -> Counter.builder(series)
            .description("Application counter")
            .register(registry))).increment(amount);
    }

    public void gauge(String name, double value) {
        checkName(name);
        if (!Double.isFinite(value)) {
            throw ServiceException.badRequest("field 'value' must be a finite number");
        }
        claim(name, Kind.GAUGE);
        GaugeValue holder = gauges.computeIfAbsent(name, ignored -> new GaugeValue());
        holder.value = value;
        meter(name, series -> Gauge.builder(series, holder, held -> held.value)
            .description("Application gauge")
            .register(registry));
    }

    public void timer(String name, double durationMs) {
        checkName(name);
        if (!Double.isFinite(durationMs) || durationMs < 0) {
            throw ServiceException.badRequest("field 'durationMs' must be a finite number of at least 0");
        }
        claim(name, Kind.TIMER);
        timers.computeIfAbsent(name, ignored -> new TimerWindow(TIMER_WINDOW)).add(durationMs);
        ((Timer) meter(name, series -> Timer.builder(series)
            .description("Application timer")
            .register(registry))).record(Duration.ofNanos(Math.round(durationMs * 1_000_000)));
    }

    /** {@code counters}, {@code gauges} and {@code timers} of the summary, names in order. */
    public JsonObject toJson() {
        JsonObject counterJson = new JsonObject();
        counters.forEach((name, value) -> counterJson.put(name, Numbers.json(value)));
        JsonObject gaugeJson = new JsonObject();
        gauges.forEach((name, holder) -> gaugeJson.put(name, Numbers.json(holder.value)));
        JsonObject timerJson = new JsonObject();
        timers.forEach((name, window) -> timerJson.put(name, window.summary()));
        return new JsonObject()
            .put("counters", counterJson)
            .put("gauges", gaugeJson)
            .put("timers", timerJson);
    }

    /** Forgets every value and removes the Micrometer series. */
    public void reset() {
        meters.values().forEach(registry::remove);
        meters.clear();
        kinds.clear();
        seriesKinds.clear();
        counters.clear();
        gauges.clear();
        timers.clear();
    }

    public int size() {
        return kinds.size();
    }

    /**
     * The Prometheus name of a user name: lower case, {@code app_} prefix, every character outside
     * {@code [a-z0-9_]} replaced by {@code _}. Micrometer adds {@code _total} to counters and
     * {@code _seconds_*} to timers.
     */
    public static String series(String name) {
        return PROMETHEUS_PREFIX + INVALID_CHARS.matcher(name.toLowerCase(Locale.ROOT)).replaceAll("_");
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw Body.ill("name", "must not be empty");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw Body.ill("name", "must be at most " + MAX_NAME_LENGTH + " characters");
        }
    }

    /** Records the kind of a new name, refusing a second kind for a name or its Prometheus series. */
    private void claim(String name, Kind kind) {
        Kind known = kinds.get(name);
        if (known == kind) {
            return;
        }
        if (known != null) {
            throw ServiceException.badRequest("metric '" + Redact.shorten(name, 64) + "' is a "
                + word(known) + ", not a " + word(kind) + "; use another name");
        }
        String series = series(name);
        Kind seriesKind = seriesKinds.get(series);
        if (seriesKind != null && seriesKind != kind) {
            throw ServiceException.badRequest("metric '" + Redact.shorten(name, 64)
                + "' maps to Prometheus name " + series + ", which is a " + word(seriesKind)
                + "; use another name");
        }
        if (kinds.size() >= maxNames) {
            throw ServiceException.throttled("too many distinct metric names (limit " + maxNames
                + "); put variable parts such as ids in values, not in names, or call reset");
        }
        kinds.put(name, kind);
        seriesKinds.put(series, kind);
    }

    /** The Micrometer meter of a name, registered on first use. */
    private Meter meter(String name, Function<String, Meter> create) {
        String series = series(name);
        Meter meter = meters.get(series);
        if (meter != null) {
            return meter;
        }
        try {
            meter = create.apply(series);
        } catch (IllegalArgumentException e) {
            throw ServiceException.badRequest("metric '" + Redact.shorten(name, 64)
                + "' maps to Prometheus name " + series
                + ", which another meter already uses; use another name");
        }
        meters.put(series, meter);
        return meter;
    }

    private static String word(Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
