package com.exchangeanalytics.infra.cache;

import io.vertx.core.Future;

import java.util.List;
import java.util.Map;

/**
 * Where the cache keeps its entries: Redis or the embedded in-process store, with the same semantics.
 * Keys are full keys (the prefix already applied by {@link KeyPrefix}); values are the JSON encodings
 * of the callers' values. Failures are {@code ServiceException}s carrying contract codes.
 */
public interface CacheStore {

    /** The reply of a failed increment on a value that is not an integer, from either store. */
    String NOT_AN_INTEGER = "the value at this key is not an integer or out of range";
    /** The reply of an increment that would leave the 64-bit range, from either store. */
    String OVERFLOW = "increment or decrement would overflow";
    /** No expiry, for {@link #set} and {@link #setMany}. */
    long NO_TTL = 0;

    /** {@code redis} or {@code embedded}, as shown by {@code info} and {@code ping}. */
    String kind();

    /** The stored encoding, or {@code null} when the key is missing. */
    Future<String> get(String key);

    /** Stores a value; {@code ttlSeconds} of {@link #NO_TTL} removes any expiry. */
    Future<Void> set(String key, String value, long ttlSeconds);

    Future<Boolean> delete(String key);

    Future<Boolean> exists(String key);

    /** Sets a key's time to live; false when the key is missing. */
    Future<Boolean> expire(String key, long ttlSeconds);

    /** Seconds to live, -1 without expiry, -2 when missing. */
    Future<Long> ttl(String key);

    /** Adds {@code amount} atomically to an integer value (a missing key counts as 0); keeps the expiry. */
    Future<Long> increment(String key, long amount);

    /** The keys found with their encodings; missing keys are left out. */
    Future<Map<String, String>> getMany(List<String> keys);

    /** Stores every entry, each with {@code ttlSeconds} (or none); answers how many were written. */
    Future<Integer> setMany(Map<String, String> entries, long ttlSeconds);

    /** Deletes every key matching a Redis glob pattern (already confined to the prefix); answers the count. */
    Future<Long> deleteMatching(String pattern);

    Future<StoreInfo> info();

    /** A round trip to the store (Redis PING); fails like any other operation. */
    Future<Void> ping();

    /** Releases connections and timers; the store is unusable afterwards. */
    Future<Void> close();
}
