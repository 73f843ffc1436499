package com.exchangeanalytics.infra.cache;

import com.exchangeanalytics.infra.config.ConfigException;
import com.exchangeanalytics.infra.config.ConfigReader;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code cache} section (keys and environment variables are listed in docs/cache.md).
 *
 * @param redisUrl         {@code redis://} or {@code rediss://} URL, or {@code null} for the embedded store;
 *                         in sentinel mode the first sentinel, in cluster mode the first node
 * @param mode             {@code standalone}, {@code sentinel} or {@code cluster}
 * @param keyPrefix        prefix of every stored key, never seen by callers
 * @param timeoutMs        bound of every Redis call (connecting included)
 * @param poolSize         pooled Redis connections per cache verticle instance
 * @param poolWaiting      requests that may wait for a pooled connection before the next one fails with 503
 * @param batchSize        most simple commands pipelined in one round trip (1: no pipelining)
 * @param masterName       the master's name known to the sentinels (sentinel mode)
 * @param endpoints        further sentinels or cluster nodes, as URLs
 * @param embeddedMaxBytes the embedded store's size limit (its own estimate of keys and values)
 */
public record CacheConfig(
    URI redisUrl,
    String mode,
    String keyPrefix,
    long timeoutMs,
    int poolSize,
    int poolWaiting,
    int batchSize,
    String masterName,
    List<URI> endpoints,
    long embeddedMaxBytes) {

    public static final String STANDALONE = "standalone";
    public static final String SENTINEL = "sentinel";
    public static final String CLUSTER = "cluster";

    public static final String DEFAULT_PREFIX = "exchange_analytics:";
    public static final long DEFAULT_TIMEOUT_MS = 2000;
    public static final int DEFAULT_POOL_SIZE = 8;
    public static final int DEFAULT_POOL_WAITING = 1024;
    public static final int DEFAULT_BATCH_SIZE = 64;
    public static final String DEFAULT_MASTER_NAME = "mymaster";
    public static final long DEFAULT_EMBEDDED_MAX_BYTES = 256L * 1024 * 1024;

    private static final Set<String> SCHEMES = Set.of("redis", "rediss");

    public CacheConfig {
        endpoints = List.copyOf(endpoints);
    }

    public static CacheConfig parse(ConfigReader reader) {
        return new CacheConfig(
            reader.url("cache.redisUrl", SCHEMES),
            reader.oneOf("cache.mode", STANDALONE, STANDALONE, SENTINEL, CLUSTER),
            reader.string("cache.keyPrefix", DEFAULT_PREFIX),
            reader.longInRange("cache.timeoutMs", DEFAULT_TIMEOUT_MS, 10, 600_000),
            reader.intInRange("cache.poolSize", DEFAULT_POOL_SIZE, 1, 1024),
            reader.intInRange("cache.poolWaiting", DEFAULT_POOL_WAITING, 0, 1_000_000),
            reader.intInRange("cache.batchSize", DEFAULT_BATCH_SIZE, 1, 1024),
            reader.string("cache.masterName", DEFAULT_MASTER_NAME),
            endpoints(reader),
            reader.longInRange("cache.embeddedMaxBytes", DEFAULT_EMBEDDED_MAX_BYTES, 1024, Long.MAX_VALUE / 2));
    }

    /** The configuration of a standalone Redis at {@code url} (null: embedded) with every other default. */
    public static CacheConfig of(String url, String keyPrefix) {
        return new CacheConfig(url == null ? null : URI.create(url), STANDALONE, keyPrefix, DEFAULT_TIMEOUT_MS,
            DEFAULT_POOL_SIZE, DEFAULT_POOL_WAITING, DEFAULT_BATCH_SIZE, DEFAULT_MASTER_NAME, List.of(), DEFAULT_EMBEDDED_MAX_BYTES);
    }

    private static List<URI> endpoints(ConfigReader reader) {
        List<URI> urls = new ArrayList<>();
        for (String text : reader.stringList("cache.endpoints", List.of())) {
            urls.add(ConfigReader.parseUrl("cache.endpoints", text, SCHEMES));
        }
        if (!urls.isEmpty() && reader.url("cache.redisUrl", SCHEMES) == null) {
            throw new ConfigException("cache.endpoints", "needs cache.redisUrl as well");
        }
        return urls;
    }

    public boolean embedded() {
        return redisUrl == null;
    }

    /** Every configured Redis URL: {@link #redisUrl} first, then {@link #endpoints}. */
    public List<String> allUrls() {
        List<String> urls = new ArrayList<>();
        if (redisUrl != null) {
            urls.add(redisUrl.toString());
        }
        endpoints.forEach(url -> urls.add(url.toString()));
        return urls;
    }
}
