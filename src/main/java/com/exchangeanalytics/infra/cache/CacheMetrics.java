package com.exchangeanalytics.infra.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The cache's meters: {@value #REQUESTS} counted by {@code action} and {@code result} (hit, miss, ok,
 * error) and the {@value #OPERATION} timer by {@code action}. Tags are bounded: never a key or a value.
 */
final class CacheMetrics {

    static final String REQUESTS = "cache_requests";
    static final String OPERATION = "cache_operation";
    static final String HIT = "hit";
    static final String MISS = "miss";
    static final String OK = "ok";
    static final String ERROR = "error";

    private final MeterRegistry registry;
    private final Map<String, ActionMeters> byAction = new ConcurrentHashMap<>();

    CacheMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Runs one action and records its outcome; an exception thrown by {@code operation} (a validation
     * failure) becomes a failed Future like any other error.
     */
    <T> Future<T> measure(String action, Supplier<Future<T>> operation, Function<T, String> resultOf) {
        ActionMeters meters = byAction.computeIfAbsent(action, ActionMeters::new);
        long start = System.nanoTime();
        Future<T> outcome;
        try {
            outcome = operation.get();
        } catch (RuntimeException e) {
            outcome = Future.failedFuture(e);
        }
        return outcome.andThen(done -> {
            meters.timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            meters.count(done.succeeded() ? resultOf.apply(done.result()) : ERROR);
        });
    }

    /** The meters of one action, registered once: hit and miss only for {@code get}, ok for the others. */
    private final class ActionMeters {

        private final Timer timer;
        private final Counter hit;
        private final Counter miss;
        private final Counter ok;
        private final Counter error;

        ActionMeters(String action) {
            timer = Timer.builder(OPERATION)
                .description("Time to serve a cache action, store round trip included")
                .tag("action", action)
                .register(registry);
            boolean lookup = "get".equals(action);
            hit = lookup ? counter(action, HIT) : null;
            miss = lookup ? counter(action, MISS) : null;
            ok = lookup ? null : counter(action, OK);
            error = counter(action, ERROR);
        }

        private Counter counter(String action, String result) {
            return Counter.builder(REQUESTS)
                .description("Cache requests by action and result")
                .tag("action", action)
                .tag("result", result)
                .register(registry);
        }

        void count(String result) {
            switch (result) {
                case HIT -> hit.increment();
                case MISS -> miss.increment();
                case OK -> ok.increment();
                default -> error.increment();
            }
        }
    }
}
