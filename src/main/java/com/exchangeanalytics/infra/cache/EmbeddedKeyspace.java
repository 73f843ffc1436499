package com.exchangeanalytics.infra.cache;

import com.exchangeanalytics.infra.common.ServiceException;
import io.vertx.core.Vertx;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The entries of the embedded store, shared by every cache verticle instance of one Vert.x instance
 * (see {@link #acquire}). Thread-safe: each key's update is atomic (ConcurrentHashMap compute), so
 * concurrent increments from several event loops never lose a count. Expired entries are dropped when
 * read and by {@link #sweep}. Sizes are estimates (two bytes per character plus a fixed overhead).
 */
final class EmbeddedKeyspace {

    /** The store's own version, reported by {@code info} as the server version. */
    static final String VERSION = "embedded-1";

    private static final long ENTRY_OVERHEAD_BYTES = 64;
    private static final Pattern INTEGER = Pattern.compile("0|-?[1-9][0-9]{0,18}");
    private static final Map<Vertx, EmbeddedKeyspace> SHARED = new IdentityHashMap<>();

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong usedBytes = new AtomicLong();
    private final AtomicLong commands = new AtomicLong();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong lastSweepMillis = new AtomicLong();
    private final long startedAtMillis = System.currentTimeMillis();
    private final long maxBytes;
    private int users;

    private record Entry(String value, long expiresAtMillis) {

        boolean expired(long now) {
            return expiresAtMillis > 0 && expiresAtMillis <= now;
        }

        long size(String key) {
            return 2L * (key.length() + value.length()) + ENTRY_OVERHEAD_BYTES;
        }
    }

    private EmbeddedKeyspace(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * The keyspace of this Vert.x instance, created on first use; each call must be paired with a
     * {@link #release}. The limit of the first caller applies.
     */
    static EmbeddedKeyspace acquire(Vertx vertx, long maxBytes) {
        synchronized (SHARED) {
            EmbeddedKeyspace keyspace = SHARED.computeIfAbsent(vertx, ignored -> new EmbeddedKeyspace(maxBytes));
            keyspace.users++;
            return keyspace;
        }
    }

    /** Drops the keyspace (and its entries) when its last user releases it. */
    void release(Vertx vertx) {
        synchronized (SHARED) {
            if (--users == 0 && SHARED.get(vertx) == this) {
                SHARED.remove(vertx);
                entries.clear();
                usedBytes.set(0);
            }
        }
    }

    String get(String key) {
        commands.incrementAndGet();
        return read(key);
    }

    void set(String key, String value, long ttlSeconds) {
        commands.incrementAndGet();
        store(key, new Entry(value, expiry(ttlSeconds)));
    }

    boolean delete(String key) {
        commands.incrementAndGet();
        return remove(key, System.currentTimeMillis());
    }

    boolean exists(String key) {
        commands.incrementAndGet();
        return read(key) != null;
    }

    boolean expire(String key, long ttlSeconds) {
        commands.incrementAndGet();
        long now = System.currentTimeMillis();
        boolean[] updated = {false};
        entries.computeIfPresent(key, (k, old) -> {
            if (old.expired(now)) {
                usedBytes.addAndGet(-old.size(k));
                return null;
            }
            updated[0] = true;
            return new Entry(old.value(), now + ttlSeconds * 1000);
        });
        return updated[0];
    }

    long ttl(String key) {
        commands.incrementAndGet();
        long now = System.currentTimeMillis();
        Entry entry = live(key, now);
        if (entry == null) {
            misses.incrementAndGet();
            return -2;
        }
        hits.incrementAndGet();
        if (entry.expiresAtMillis() == 0) {
            return -1;
        }
        // rounded to the nearest second, as Redis does
        return (entry.expiresAtMillis() - now + 500) / 1000;
    }

    long increment(String key, long amount) {
        commands.incrementAndGet();
        long now = System.currentTimeMillis();
        long[] result = new long[1];
        entries.compute(key, (k, old) -> {
            boolean present = old != null && !old.expired(now);
            long current = present ? parseInteger(old.value()) : 0;
            try {
                result[0] = Math.addExact(current, amount);
            } catch (ArithmeticException e) {
                throw ServiceException.badRequest(CacheStore.OVERFLOW);
            }
            Entry next = new Entry(Long.toString(result[0]), present ? old.expiresAtMillis() : 0);
            reserve(next.size(k) - (old == null ? 0 : old.size(k)));
            return next;
        });
        return result[0];
    }

    Map<String, String> getMany(List<String> keys) {
        commands.incrementAndGet();
        Map<String, String> found = new LinkedHashMap<>();
        for (String key : keys) {
            String value = read(key);
            if (value != null) {
                found.put(key, value);
            }
        }
        return found;
    }

    int setMany(Map<String, String> values, long ttlSeconds) {
        commands.incrementAndGet();
        long needed = 0;
        for (Map.Entry<String, String> item : values.entrySet()) {
            needed += new Entry(item.getValue(), 0).size(item.getKey());
        }
        ensureRoom(needed);
        long expiresAt = expiry(ttlSeconds);
        values.forEach((key, value) -> store(key, new Entry(value, expiresAt)));
        return values.size();
    }

    /** Removes every live key matching the glob; walks the whole map, so callers run it off the event loop. */
    long deleteMatching(String pattern) {
        commands.incrementAndGet();
        Glob glob = Glob.compile(pattern);
        long now = System.currentTimeMillis();
        long deleted = 0;
        for (String key : entries.keySet()) {
            if (glob.matches(key) && remove(key, now)) {
                deleted++;
            }
        }
        return deleted;
    }

    /** True for the one caller that may sweep now, at most once per {@code intervalMs}. */
    boolean claimSweep(long intervalMs) {
        long now = System.currentTimeMillis();
        long last = lastSweepMillis.get();
        return now - last >= intervalMs / 2 && lastSweepMillis.compareAndSet(last, now);
    }

    /** Drops every expired entry; walks the whole map, so callers run it off the event loop. */
    int sweep() {
        long now = System.currentTimeMillis();
        int dropped = 0;
        for (Map.Entry<String, Entry> item : entries.entrySet()) {
            if (item.getValue().expired(now) && entries.remove(item.getKey(), item.getValue())) {
                usedBytes.addAndGet(-item.getValue().size(item.getKey()));
                dropped++;
            }
        }
        return dropped;
    }

    StoreInfo info() {
        commands.incrementAndGet();
        int clients;
        synchronized (SHARED) {
            clients = users;
        }
        return new StoreInfo("embedded", VERSION, usedBytes.get(), clients, commands.get(), hits.get(),
            misses.get(), (System.currentTimeMillis() - startedAtMillis) / 1000);
    }

    int size() {
        return entries.size();
    }

    private String read(String key) {
        Entry entry = live(key, System.currentTimeMillis());
        if (entry == null) {
            misses.incrementAndGet();
            return null;
        }
        hits.incrementAndGet();
        return entry.value();
    }

    /** The entry when present and not expired; an expired one is dropped on the way. */
    private Entry live(String key, long now) {
        Entry entry = entries.get(key);
        if (entry != null && entry.expired(now)) {
            if (entries.remove(key, entry)) {
                usedBytes.addAndGet(-entry.size(key));
            }
            return null;
        }
        return entry;
    }

    private void store(String key, Entry next) {
        entries.compute(key, (k, old) -> {
            reserve(next.size(k) - (old == null ? 0 : old.size(k)));
            return next;
        });
    }

    private boolean remove(String key, long now) {
        Entry old = entries.remove(key);
        if (old == null) {
            return false;
        }
        usedBytes.addAndGet(-old.size(key));
        return !old.expired(now);
    }

    /** Accounts for {@code delta} more bytes, refusing growth past the limit (as Redis does with OOM). */
    private void reserve(long delta) {
        if (delta > 0) {
            ensureRoom(delta);
        }
        usedBytes.addAndGet(delta);
    }

    private void ensureRoom(long bytes) {
        if (usedBytes.get() + bytes > maxBytes) {
            throw ServiceException.unavailable("the embedded cache store is full (limit " + maxBytes
                + " bytes, cache.embeddedMaxBytes); delete keys or set TTLs");
        }
    }

    private static long expiry(long ttlSeconds) {
        return ttlSeconds == CacheStore.NO_TTL ? 0 : System.currentTimeMillis() + ttlSeconds * 1000;
    }

    private static long parseInteger(String value) {
        if (!INTEGER.matcher(value).matches()) {
            throw ServiceException.badRequest(CacheStore.NOT_AN_INTEGER);
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ServiceException.badRequest(CacheStore.NOT_AN_INTEGER);
        }
    }
}
