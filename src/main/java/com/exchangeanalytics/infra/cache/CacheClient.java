package com.exchangeanalytics.infra.cache;

import com.exchangeanalytics.infra.common.Addresses;
import com.exchangeanalytics.infra.common.ServiceClient;
import com.exchangeanalytics.infra.common.FailureCode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Typed client of {@value Addresses#CACHE}. Values are any JSON value (JsonObject, JsonArray, String,
 * Number, Boolean, or {@code null}).
 */
public class CacheClient extends ServiceClient {

    private static final Logger LOG = LoggerFactory.getLogger(CacheClient.class);
    private static final String FLIGHTS_MAP = "infra.cache.client.flights";
    private static final String FLIGHTS_ENTRY = "byKey";

    public CacheClient(Vertx vertx) {
        this(vertx, DEFAULT_TIMEOUT_MS);
    }

    public CacheClient(Vertx vertx, long timeoutMs) {
        super(vertx, Addresses.CACHE, timeoutMs);
    }

    /** The reply {@code {found, value?}}. */
    public Future<JsonObject> get(String key) {
        return request("get", new JsonObject().put("key", key));
    }

    public Future<Void> set(String key, Object value) {
        return request("set", new JsonObject().put("key", key).put("value", value)).mapEmpty();
    }

    public Future<Void> set(String key, Object value, long ttlSeconds) {
        return request("set", new JsonObject().put("key", key).put("value", value).put("ttlSeconds", ttlSeconds))
            .mapEmpty();
    }

    public Future<Boolean> delete(String key) {
        return request("delete", new JsonObject().put("key", key)).map(reply -> reply.getBoolean("deleted"));
    }

    public Future<Boolean> exists(String key) {
        return request("exists", new JsonObject().put("key", key)).map(reply -> reply.getBoolean("exists"));
    }

    public Future<Boolean> expire(String key, long ttlSeconds) {
        return request("expire", new JsonObject().put("key", key).put("ttlSeconds", ttlSeconds))
            .map(reply -> reply.getBoolean("updated"));
    }

    /** Seconds to live; -1 without expiry, -2 when missing. */
    public Future<Long> ttl(String key) {
        return request("ttl", new JsonObject().put("key", key)).map(reply -> reply.getLong("ttlSeconds"));
    }

    public Future<Long> increment(String key, long amount) {
        return request("increment", new JsonObject().put("key", key).put("amount", amount))
            .map(reply -> reply.getLong("value"));
    }

    /** The keys found, with their values. */
    public Future<JsonObject> getMany(List<String> keys) {
        return request("getMany", new JsonObject().put("keys", new JsonArray(keys)))
            .map(reply -> reply.getJsonObject("values"));
    }

    public Future<Integer> setMany(JsonObject entries, Long ttlSeconds) {
        JsonObject body = new JsonObject().put("entries", entries);
        if (ttlSeconds != null) {
            body.put("ttlSeconds", ttlSeconds);
        }
        return request("setMany", body).map(reply -> reply.getInteger("count"));
    }

    public Future<Long> clearPattern(String pattern) {
        return request("clearPattern", new JsonObject().put("pattern", pattern))
            .map(reply -> reply.getLong("deleted"));
    }

    public Future<JsonObject> info() {
        return request("info", new JsonObject());
    }

    /** The reply {@code {store, latencyMs}} of a round trip to the store; fails with 503/504 when Redis is down. */
    public Future<JsonObject> ping() {
        return request("ping", new JsonObject());
    }

    /**
     * The cached value of {@code key}, or else the loader's value, stored with {@code ttlSeconds} (0: no
     * expiry) and returned. Concurrent calls for one key in this Vert.x instance share one lookup and run
     * the loader once (single flight); each caller is answered on its own context. When the cache is
     * unavailable the loader's value is returned uncached; a 400 from the cache (a bad key or a value over
     * the size limit) and a loader failure fail the call.
     */
    public Future<Object> getOrCompute(String key, long ttlSeconds, Supplier<Future<Object>> loader) {
        Context caller = vertx.getOrCreateContext();
        Map<String, Future<Object>> flights = flights();
        Promise<Object> flight = Promise.promise();
        Future<Object> shared = flights.putIfAbsent(key, flight.future());
        if (shared == null) {
            shared = flight.future();
            lookupOrLoad(key, ttlSeconds, loader).onComplete(outcome -> {
                flights.remove(key, flight.future());
                flight.handle(outcome);
            });
        }
        Promise<Object> answer = Promise.promise();
        shared.onComplete(outcome -> caller.runOnContext(ignored -> answer.handle(outcome)));
        return answer.future();
    }

    private Future<Object> lookupOrLoad(String key, long ttlSeconds, Supplier<Future<Object>> loader) {
        return get(key).transform(lookup -> {
            if (lookup.succeeded() && lookup.result().getBoolean("found")) {
                return Future.succeededFuture(lookup.result().getValue("value"));
            }
            if (lookup.failed() && isBadRequest(lookup.cause())) {
                return Future.failedFuture(lookup.cause());
            }
            if (lookup.failed()) {
                LOG.debug("Cache lookup failed, loading without the cache: {}", lookup.cause().getMessage());
            }
            return load(loader).compose(value -> store(key, ttlSeconds, value));
        });
    }

    private Future<Object> store(String key, long ttlSeconds, Object value) {
        Future<Void> stored = ttlSeconds > 0 ? set(key, value, ttlSeconds) : set(key, value);
        return stored.transform(outcome -> {
            if (outcome.failed() && isBadRequest(outcome.cause())) {
                return Future.failedFuture(outcome.cause());
            }
            return Future.succeededFuture(value);
        });
    }

    private static Future<Object> load(Supplier<Future<Object>> loader) {
        try {
            Future<Object> loaded = loader.get();
            return loaded != null ? loaded : Future.failedFuture(new IllegalStateException("loader returned null"));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private static boolean isBadRequest(Throwable failure) {
        return failure instanceof ReplyException reply
            && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
            && reply.failureCode() == FailureCode.BAD_REQUEST.code();
    }

    /** The loads in flight in this Vert.x instance, shared by every CacheClient created on it. */
    private Map<String, Future<Object>> flights() {
        LocalMap<String, Flights> map = vertx.sharedData().getLocalMap(FLIGHTS_MAP);
        Flights flights = map.get(FLIGHTS_ENTRY);
        if (flights == null) {
            Flights fresh = new Flights();
            flights = map.putIfAbsent(FLIGHTS_ENTRY, fresh);
            flights = flights == null ? fresh : flights;
        }
        return flights.byKey;
    }

    private static final class Flights implements Shareable {
        private final Map<String, Future<Object>> byKey = new ConcurrentHashMap<>();
    }
}
