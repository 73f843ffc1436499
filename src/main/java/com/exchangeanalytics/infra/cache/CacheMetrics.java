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
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    CacheMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Runs one action and records its outcome; an exception thrown by {@code operation} (a validation
     * failure) becomes a failed Future like any other error.
     */
    <T> Future<T> measure(String action, Supplier<Future<T>> operation, Function<T, String> resultOf) {
        long start = System.nanoTime();
        Future<T> outcome;
        try {
            outcome = operation.get();
        } catch (RuntimeException e) {
            outcome = Future.failedFuture(e);
        }
        return outcome.andThen(done -> {
            timer(action).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            counter(action, done.succeeded() ? resultOf.apply(done.result()) : ERROR).increment();
        });
    }

    private Counter counter(String action, String result) {
        return counters.computeIfAbsent(action + '/' + result, ignored -> Counter.builder(REQUESTS)
            .description("Cache requests by action and result")
            .tag("action", action)
            .tag("result", result)
            .register(registry));
    }

    private Timer timer(String action) {
        return timers.computeIfAbsent(action, ignored -> Timer.builder(OPERATION)
            .description("Time to serve a cache action, store round trip included")
            .tag("action", action)
            .register(registry));
    }
}
