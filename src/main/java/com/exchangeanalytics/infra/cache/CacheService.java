package com.exchangeanalytics.infra.cache;

import com.exchangeanalytics.infra.common.Body;
import com.exchangeanalytics.infra.common.FailureCode;
import com.exchangeanalytics.infra.common.ServiceException;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cache actions of the public contract: validates each request, applies the key prefix, calls the
 * store and shapes the reply. Values travel as their JSON encoding, so every JSON value comes back exactly
 * as stored. Knows nothing of the event bus (the verticle wires it to the dispatcher).
 */
public final class CacheService {

    public static final int MAX_KEY_LENGTH = 512;
    public static final int MAX_VALUE_BYTES = 1024 * 1024;
    public static final int MAX_KEYS_PER_CALL = 1000;
    public static final long MAX_TTL_SECONDS = Integer.MAX_VALUE;
    public static final int MAX_PATTERN_LENGTH = 512;

    private final CacheStore store;
    private final KeyPrefix prefix;
    private final CacheMetrics metrics;

    public CacheService(CacheStore store, String keyPrefix, MeterRegistry registry) {
        this.store = store;
        this.prefix = new KeyPrefix(keyPrefix);
        this.metrics = new CacheMetrics(registry);
    }

    public String storeKind() {
        return store.kind();
    }

    public Future<JsonObject> get(Body body) {
        return metrics.measure("get",
            () -> store.get(prefix.apply(key(body)))
                .map(stored -> stored == null
                    ? new JsonObject().put("found", false)
                    : new JsonObject().put("found", true).put("value", decode(stored))),
            reply -> reply.getBoolean("found") ? CacheMetrics.HIT : CacheMetrics.MISS);
    }

    public Future<JsonObject> set(Body body) {
        return metrics.measure("set", () -> {
            String key = key(body);
            String value = encode("value", body.requiredValue("value"));
            long ttl = optionalTtl(body);
            return store.set(prefix.apply(key), value, ttl).map(done -> new JsonObject().put("ok", true));
        }, this::ok);
    }

    public Future<JsonObject> delete(Body body) {
        return metrics.measure("delete",
            () -> store.delete(prefix.apply(key(body))).map(deleted -> new JsonObject().put("deleted", deleted)),
            this::ok);
    }

    public Future<JsonObject> exists(Body body) {
        return metrics.measure("exists",
            () -> store.exists(prefix.apply(key(body))).map(exists -> new JsonObject().put("exists", exists)),
            this::ok);
    }

    public Future<JsonObject> expire(Body body) {
        return metrics.measure("expire", () -> {
            String key = key(body);
            long ttl = requiredTtl(body);
            return store.expire(prefix.apply(key), ttl).map(updated -> new JsonObject().put("updated", updated));
        }, this::ok);
    }

    public Future<JsonObject> ttl(Body body) {
        return metrics.measure("ttl",
            () -> store.ttl(prefix.apply(key(body))).map(ttl -> new JsonObject().put("ttlSeconds", ttl)),
            this::ok);
    }

    public Future<JsonObject> increment(Body body) {
        return metrics.measure("increment", () -> {
            String key = key(body);
            long amount = body.optionalLong("amount", 1);
            return store.increment(prefix.apply(key), amount).map(value -> new JsonObject().put("value", value));
        }, this::ok);
    }

    /** Only the keys found appear in {@code values}; a repeated key is fetched once. */
    public Future<JsonObject> getMany(Body body) {
        return metrics.measure("getMany", () -> {
            List<String> keys = keyList(body);
            if (keys.isEmpty()) {
                return Future.succeededFuture(new JsonObject().put("values", new JsonObject()));
            }
            List<String> fullKeys = keys.stream().map(prefix::apply).toList();
            return store.getMany(fullKeys).map(found -> {
                JsonObject values = new JsonObject();
                found.forEach((fullKey, stored) -> values.put(prefix.strip(fullKey), decode(stored)));
                return new JsonObject().put("values", values);
            });
        }, this::ok);
    }

    public Future<JsonObject> setMany(Body body) {
        return metrics.measure("setMany", () -> {
            JsonObject entries = body.requiredObject("entries");
            long ttl = optionalTtl(body);
            if (entries.size() > MAX_KEYS_PER_CALL) {
                throw Body.ill("entries", "must hold at most " + MAX_KEYS_PER_CALL + " entries");
            }
            Map<String, String> encoded = new LinkedHashMap<>();
            for (Map.Entry<String, Object> entry : entries) {
                checkKey("entries", entry.getKey());
                encoded.put(prefix.apply(entry.getKey()), encode("entries", entry.getValue()));
            }
            if (encoded.isEmpty()) {
                return Future.succeededFuture(new JsonObject().put("count", 0));
            }
            return store.setMany(encoded, ttl).map(count -> new JsonObject().put("count", count));
        }, this::ok);
    }

    /** Deletes the caller's keys matching a glob; the pattern applies inside the prefix and cannot leave it. */
    public Future<JsonObject> clearPattern(Body body) {
        return metrics.measure("clearPattern", () -> {
            String pattern = body.requiredString("pattern");
            if (pattern.isEmpty()) {
                throw Body.ill("pattern", "must not be empty");
            }
            if (overLength(pattern, MAX_PATTERN_LENGTH)) {
                throw Body.ill("pattern", "must be at most " + MAX_PATTERN_LENGTH + " characters");
            }
            return store.deleteMatching(prefix.pattern(pattern))
                .map(deleted -> new JsonObject().put("deleted", deleted));
        }, this::ok);
    }

    public Future<JsonObject> info(Body body) {
        return metrics.measure("info", () -> store.info().map(StoreInfo::toJson), this::ok);
    }

    /** A round trip to the store with its latency: the cache's health check. */
    public Future<JsonObject> ping(Body body) {
        return metrics.measure("ping", () -> {
            long start = System.nanoTime();
            return store.ping().map(done -> new JsonObject()
                .put("store", store.kind())
                .put("latencyMs", (System.nanoTime() - start) / 1_000_000.0));
        }, this::ok);
    }

    private String ok(JsonObject reply) {
        return CacheMetrics.OK;
    }

    private static String key(Body body) {
        String key = body.requiredString("key");
        checkKey("key", key);
        return key;
    }

    private static void checkKey(String field, String key) {
        boolean single = "key".equals(field);
        if (key.isEmpty()) {
            throw Body.ill(field, single ? "must not be empty" : "must not hold an empty key");
        }
        if (overLength(key, MAX_KEY_LENGTH)) {
            throw Body.ill(field, (single ? "must be at most " : "must not hold a key over ")
                + MAX_KEY_LENGTH + " characters");
        }
    }

    /** Whether the text has more than {@code max} characters, counted as code points (an emoji is one). */
    private static boolean overLength(String text, int max) {
        return text.length() > max && text.codePointCount(0, text.length()) > max;
    }

    private static List<String> keyList(Body body) {
        JsonArray array = body.requiredArray("keys");
        if (array.size() > MAX_KEYS_PER_CALL) {
            throw Body.ill("keys", "must hold at most " + MAX_KEYS_PER_CALL + " keys");
        }
        Set<String> keys = new LinkedHashSet<>();
        for (Object item : array) {
            if (!(item instanceof String key)) {
                throw Body.ill("keys", "must be an array of strings");
            }
            checkKey("keys", key);
            keys.add(key);
        }
        return new ArrayList<>(keys);
    }

    private static long optionalTtl(Body body) {
        return body.has("ttlSeconds") ? requiredTtl(body) : CacheStore.NO_TTL;
    }

    private static long requiredTtl(Body body) {
        long ttl = body.requiredLong("ttlSeconds");
        if (ttl <= 0 || ttl > MAX_TTL_SECONDS) {
            throw Body.ill("ttlSeconds", "must be a positive integer of at most " + MAX_TTL_SECONDS);
        }
        return ttl;
    }

    private static String encode(String field, Object value) {
        String json = Json.encode(value);
        if (overValueLimit(json)) {
            throw Body.ill(field, "must not hold a value over " + MAX_VALUE_BYTES + " bytes once encoded as JSON");
        }
        return json;
    }

    private static Object decode(String stored) {
        try {
            return Json.decodeValue(stored);
        } catch (DecodeException e) {
            throw new ServiceException(FailureCode.INTERNAL,
                "the stored value is not JSON: it was written by something other than this service");
        }
    }

    /** Whether the UTF-8 encoding of the text is over {@link #MAX_VALUE_BYTES}, counted without encoding it. */
    private static boolean overValueLimit(String text) {
        if (text.length() * 3L <= MAX_VALUE_BYTES) {
            return false;
        }
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes > MAX_VALUE_BYTES;
    }
}
