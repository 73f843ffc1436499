package com.exchangeanalytics.infra.monitor;

import com.exchangeanalytics.infra.common.Redact;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Takes a {@link SystemSample} on a worker thread right after start and then every interval, keeps the
 * bounded history and exports the latest sample as Micrometer gauges. Used from one Vert.x context.
 */
final class SystemCollector {

    private static final Logger LOG = LoggerFactory.getLogger(SystemCollector.class);
    private static final double BYTES_PER_GB = 1024.0 * 1024 * 1024;
    private static final double BYTES_PER_MB = 1024.0 * 1024;

    private final Vertx vertx;
    private final MonitorConfig config;
    private final MeterRegistry meters;
    private final SampleHistory history;
    private final List<Meter> registered = new ArrayList<>();

    private SystemSampler sampler;
    private volatile SystemSample latest;
    private boolean sampling;
    private long timer = -1;
    private Timer tickTimer;

    SystemCollector(Vertx vertx, MonitorConfig config, MeterRegistry meters) {
        this.vertx = vertx;
        this.config = config;
        this.meters = meters;
        this.history = new SampleHistory(config.historySize());
    }

    /**
     * Creates the sampler and takes the first sample, then starts the timer. Never fails: when OSHI
     * cannot read this system, collection stays stopped and the rest of the service works.
     */
    Future<Void> start() {
        registerMeters();
        return vertx.executeBlocking(() -> new SystemSampler(config.diskPath()))
            .compose(created -> {
                sampler = created;
                return tick();
            })
            .onSuccess(first -> {
                timer = vertx.setPeriodic(TimeUnit.SECONDS.toMillis(config.intervalSeconds()), id -> tick());
                LOG.info("System metrics collection every {} s, {} samples kept, disk path {}",
                    config.intervalSeconds(), config.historySize(), config.diskPath());
            })
            .recover(failure -> {
                LOG.error("System metrics collection unavailable: {}", Redact.text(failure.getMessage()));
                return Future.succeededFuture();
            });
    }

    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        registered.forEach(meters::remove);
        registered.clear();
    }

    boolean running() {
        return timer >= 0;
    }

    SystemSample latest() {
        return latest;
    }

    JsonArray history(int minutes) {
        return history.since(Instant.now(), minutes);
    }

    int historySize() {
        return history.size();
    }

    void clearHistory() {
        history.clear();
    }

    /** The cost of the latest tick, or {@code null} before the first. */
    SystemSampler.TickCost lastTickCost() {
        return sampler == null ? null : sampler.lastCost();
    }

    /**
     * One sample on a worker; a tick that finds the previous one still running is skipped.
     * Reading {@code /proc} has no timeout of its own: a read that never returns would hold one worker
     * thread and stop the history from growing (visible as {@code monitor_collection_seconds_count}
     * standing still), but it cannot pile up work or block an event loop.
     */
    Future<Void> tick() {
        if (sampler == null || sampling) {
            return Future.succeededFuture();
        }
        sampling = true;
        return vertx.executeBlocking(sampler::sample)
            .onSuccess(sample -> {
                history.add(sample);
                latest = sample;
                tickTimer.record(Duration.ofNanos(sampler.lastCost().wallNanos()));
            })
            .onFailure(failure -> LOG.warn("System metrics sample failed: {}",
                Redact.text(failure.getMessage())))
            .onComplete(done -> sampling = false)
            .mapEmpty();
    }

    private void registerMeters() {
        gauge("monitor_system_cpu_percent", "Machine CPU use between two ticks", SystemSample::cpuPercent);
        gauge("monitor_system_memory_percent", "Machine memory in use", SystemSample::memoryPercent);
        gauge("monitor_system_memory_used_bytes", "Machine memory in use",
            sample -> sample.memoryUsedGb() * BYTES_PER_GB);
        gauge("monitor_system_disk_percent", "Use of the file system holding monitor.diskPath",
            sample -> sample.diskPercent() == null ? Double.NaN : sample.diskPercent());
        gauge("monitor_process_resident_memory_bytes", "Resident memory of this process",
            sample -> sample.processMemoryMb() * BYTES_PER_MB);
        gauge("monitor_process_cpu_percent", "This process's share of all CPUs",
            SystemSample::processCpuPercent);
        tickTimer = Timer.builder("monitor_collection")
            .description("Wall time of one system-metric collection tick")
            .register(meters);
        registered.add(tickTimer);
    }

    private void gauge(String name, String description, ToDoubleFunction<SystemSample> value) {
        registered.add(Gauge.builder(name, this, collector -> {
                SystemSample sample = collector.latest;
                return sample == null ? Double.NaN : value.applyAsDouble(sample);
            })
            .description(description)
            .register(meters));
    }
}
