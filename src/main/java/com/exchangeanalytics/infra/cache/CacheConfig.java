package com.exchangeanalytics.infra.cache;

import com.exchangeanalytics.infra.config.ConfigReader;

import java.net.URI;
import java.util.Set;

/**
 * The {@code cache} section.
 *
 * @param redisUrl  {@code redis://} or {@code rediss://} URL, or {@code null} for the embedded store
 * @param mode      {@code standalone}, {@code sentinel} or {@code cluster}
 * @param keyPrefix prefix of every stored key, never seen by callers
 * @param timeoutMs bound of every Redis call
 */
public record CacheConfig(URI redisUrl, String mode, String keyPrefix, long timeoutMs) {

    public static CacheConfig parse(ConfigReader reader) {
        return new CacheConfig(
            reader.url("cache.redisUrl", Set.of("redis", "rediss")),
            reader.oneOf("cache.mode", "standalone", "standalone", "sentinel", "cluster"),
            reader.string("cache.keyPrefix", "exchange_analytics:"),
            reader.longInRange("cache.timeoutMs", 2000, 10, 600_000));
    }

    public boolean embedded() {
        return redisUrl == null;
    }
}
