package com.exchangeanalytics.infra.cache;

import com.exchangeanalytics.infra.common.Addresses;
import com.exchangeanalytics.infra.common.ServiceClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Typed client of {@value Addresses#CACHE}. Values are any JSON value (JsonObject, JsonArray, String,
 * Number, Boolean, or {@code null}).
 */
public class CacheClient extends ServiceClient {

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
}
