package com.exchangeanalytics.infra.common;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;

/**
 * The Micrometer registry every service records into: the one Vert.x metrics were started with
 * (by {@code Main}), or, when a host application deployed us without metrics, one of our own.
 */
public final class Meters {

    private static volatile PrometheusMeterRegistry fallback;

    private Meters() {
    }

    public static MeterRegistry registry() {
        MeterRegistry registry = BackendRegistries.getDefaultNow();
        return registry != null ? registry : fallback();
    }

    private static synchronized PrometheusMeterRegistry fallback() {
        if (fallback == null) {
            fallback = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        }
        return fallback;
    }
}
