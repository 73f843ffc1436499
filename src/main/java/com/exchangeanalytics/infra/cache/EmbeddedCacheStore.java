package com.exchangeanalytics.infra.cache;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The in-process store used when no Redis is configured. Every instance opened on one Vert.x shares
 * the same entries, so a cache verticle deployed with several instances serves one keyspace. Each
 * instance runs a periodic sweep of expired entries (on a worker thread) until it is closed.
 */
public final class EmbeddedCacheStore implements CacheStore {

    /** How often expired entries are swept; reads drop expired entries on their own anyway. */
    static final long SWEEP_INTERVAL_MS = 1000;

    private final Vertx vertx;
    private final EmbeddedKeyspace keyspace;
    private final long sweepTimer;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedCacheStore(Vertx vertx, long maxBytes) {
        this.vertx = vertx;
        this.keyspace = EmbeddedKeyspace.acquire(vertx, maxBytes);
        this.sweepTimer = vertx.setPeriodic(SWEEP_INTERVAL_MS, id -> sweep());
    }

    /** Opens a view of the keyspace shared by this Vert.x instance; close it when done. */
    public static EmbeddedCacheStore open(Vertx vertx, long maxBytes) {
        return new EmbeddedCacheStore(vertx, maxBytes);
    }

    @Override
    public String kind() {
        return "embedded";
    }

    @Override
    public Future<String> get(String key) {
        return now(() -> keyspace.get(key));
    }

    @Override
    public Future<Void> set(String key, String value, long ttlSeconds) {
        return now(() -> {
            keyspace.set(key, value, ttlSeconds);
            return null;
        });
    }

    @Override
    public Future<Boolean> delete(String key) {
        return now(() -> keyspace.delete(key));
    }

    @Override
    public Future<Boolean> exists(String key) {
        return now(() -> keyspace.exists(key));
    }

    @Override
    public Future<Boolean> expire(String key, long ttlSeconds) {
        return now(() -> keyspace.expire(key, ttlSeconds));
    }

    @Override
    public Future<Long> ttl(String key) {
        return now(() -> keyspace.ttl(key));
    }

    @Override
    public Future<Long> increment(String key, long amount) {
        return now(() -> keyspace.increment(key, amount));
    }

    @Override
    public Future<Map<String, String>> getMany(List<String> keys) {
        return now(() -> keyspace.getMany(keys));
    }

    @Override
    public Future<Integer> setMany(Map<String, String> entries, long ttlSeconds) {
        return now(() -> keyspace.setMany(entries, ttlSeconds));
    }

    @Override
    public Future<Long> deleteMatching(String pattern) {
        return offEventLoop(() -> keyspace.deleteMatching(pattern));
    }

    @Override
    public Future<StoreInfo> info() {
        return now(keyspace::info);
    }

    @Override
    public Future<Void> ping() {
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> close() {
        if (closed.compareAndSet(false, true)) {
            vertx.cancelTimer(sweepTimer);
            keyspace.release(vertx);
        }
        return Future.succeededFuture();
    }

    /** Entries in the keyspace, expired ones not yet swept included (for tests). */
    int size() {
        return keyspace.size();
    }

    /** Several instances share the keyspace: only the first whose timer fires in a period sweeps. */
    private void sweep() {
        if (keyspace.claimSweep(SWEEP_INTERVAL_MS)) {
            offEventLoop(keyspace::sweep);
        }
    }

    private <T> Future<T> offEventLoop(Callable<T> work) {
        return vertx.executeBlocking(work, false);
    }

    private static <T> Future<T> now(Supplier<T> operation) {
        try {
            return Future.succeededFuture(operation.get());
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }
}
