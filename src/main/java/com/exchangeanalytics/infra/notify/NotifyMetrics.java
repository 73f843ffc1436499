package com.exchangeanalytics.infra.notify;

import com.exchangeanalytics.infra.common.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The notify service's meters: {@code notify_deliveries_total} (tags {@code channel}: discord, webhook or
 * email; {@code result}: delivered, retried, dead, deduplicated, accepted) and the gauges
 * {@code notify_outbox_pending} and {@code notify_outbox_dead}.
 */
final class NotifyMetrics {

    static final String DELIVERIES = "notify_deliveries";
    // The gauges are process-wide (one notify verticle per JVM); a second instance in the same JVM,
    // as in tests, shares them and the last update wins.
    private static final AtomicInteger PENDING = new AtomicInteger();
    private static final AtomicInteger DEAD = new AtomicInteger();

    private final MeterRegistry registry;

    NotifyMetrics() {
        this.registry = Meters.registry();
        Gauge.builder("notify_outbox_pending", PENDING, AtomicInteger::get)
            .description("Notifications accepted and not yet delivered or dead-lettered")
            .register(registry);
        Gauge.builder("notify_outbox_dead", DEAD, AtomicInteger::get)
            .description("Dead letters kept in the outbox")
            .register(registry);
    }

    void delivery(OutboxEntry.Transport transport, String result) {
        Counter.builder(DELIVERIES)
            .description("Notification outcomes by channel kind")
            .tag("channel", transport.tag())
            .tag("result", result)
            .register(registry)
            .increment();
    }

    /** Copies the outbox sizes into the gauges. */
    void outbox(IntSupplier pending, IntSupplier dead) {
        PENDING.set(pending.getAsInt());
        DEAD.set(dead.getAsInt());
    }

    double count(OutboxEntry.Transport transport, String result) {
        Counter counter = registry.find(DELIVERIES)
            .tag("channel", transport.tag())
            .tag("result", result)
            .counter();
        return counter == null ? 0 : counter.count();
    }
}
