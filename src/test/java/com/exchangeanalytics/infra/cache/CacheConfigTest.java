package com.exchangeanalytics.infra.cache;

import com.exchangeanalytics.infra.config.ConfigException;
import com.exchangeanalytics.infra.config.ConfigReader;
import com.exchangeanalytics.infra.config.EnvBindings;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The cache configuration")
class CacheConfigTest {

    private static CacheConfig parse(JsonObject merged) {
        return CacheConfig.parse(new ConfigReader(EnvBindings.apply(merged)));
    }

    @Test
    @DisplayName("defaults to the embedded store with the documented limits")
    void defaults() {
        CacheConfig config = parse(new JsonObject());
        assertThat(config.embedded()).isTrue();
        assertThat(config.mode()).isEqualTo("standalone");
        assertThat(config.keyPrefix()).isEqualTo("exchange_analytics:");
        assertThat(config.timeoutMs()).isEqualTo(2000);
        assertThat(config.poolSize()).isEqualTo(8);
        assertThat(config.poolWaiting()).isEqualTo(1024);
        assertThat(config.masterName()).isEqualTo("mymaster");
        assertThat(config.endpoints()).isEmpty();
        assertThat(config.embeddedMaxBytes()).isEqualTo(256L * 1024 * 1024);
    }

    @Test
    @DisplayName("reads every key from its environment variable")
    void environment() {
        CacheConfig config = parse(new JsonObject()
            .put("REDIS_URL", "redis://:pw@sentinel-1:26379")
            .put("REDIS_MODE", "SENTINEL")
            .put("CACHE_KEY_PREFIX", "fx:")
            .put("CACHE_TIMEOUT_MS", "750")
            .put("CACHE_POOL_SIZE", "16")
            .put("CACHE_POOL_WAITING", "64")
            .put("REDIS_MASTER_NAME", "fx-master")
            .put("REDIS_ENDPOINTS", "redis://:pw@sentinel-2:26379, redis://:pw@sentinel-3:26379")
            .put("CACHE_EMBEDDED_MAX_BYTES", "1048576"));
        assertThat(config.mode()).isEqualTo("sentinel");
        assertThat(config.keyPrefix()).isEqualTo("fx:");
        assertThat(config.timeoutMs()).isEqualTo(750);
        assertThat(config.poolSize()).isEqualTo(16);
        assertThat(config.poolWaiting()).isEqualTo(64);
        assertThat(config.masterName()).isEqualTo("fx-master");
        assertThat(config.allUrls()).containsExactly("redis://:pw@sentinel-1:26379",
            "redis://:pw@sentinel-2:26379", "redis://:pw@sentinel-3:26379");
        assertThat(config.embeddedMaxBytes()).isEqualTo(1_048_576);
    }

    @Test
    @DisplayName("selects the Redis client's sentinel and cluster modes")
    void clientModes() {
        RedisOptions sentinel = RedisCacheStore.options(parse(new JsonObject().put("cache", new JsonObject()
            .put("redisUrl", "redis://s1:26379").put("mode", "sentinel").put("masterName", "m")
            .put("endpoints", List.of("redis://s2:26379")))));
        assertThat(sentinel.getType()).isEqualTo(RedisClientType.SENTINEL);
        assertThat(sentinel.getMasterName()).isEqualTo("m");
        assertThat(sentinel.getRole()).isEqualTo(RedisRole.MASTER);
        assertThat(sentinel.getEndpoints()).containsExactly("redis://s1:26379", "redis://s2:26379");

        RedisOptions cluster = RedisCacheStore.options(parse(new JsonObject().put("cache", new JsonObject()
            .put("redisUrl", "redis://n1:7000").put("mode", "cluster").put("poolSize", 4))));
        assertThat(cluster.getType()).isEqualTo(RedisClientType.CLUSTER);
        assertThat(cluster.getMaxPoolSize()).isEqualTo(4);

        RedisOptions tls = RedisCacheStore.options(CacheConfig.of("rediss://cache.example:6380", "p:"));
        assertThat(tls.getNetClientOptions().isSsl()).isTrue();
        assertThat(tls.getNetClientOptions().getHostnameVerificationAlgorithm()).isEqualTo("HTTPS");
    }

    @Test
    @DisplayName("refuses bad values naming the key")
    void badValues() {
        assertThatThrownBy(() -> parse(new JsonObject().put("REDIS_MODE", "replicated")))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("cache.mode (env REDIS_MODE) must be one of standalone, sentinel, cluster");
        assertThatThrownBy(() -> parse(new JsonObject().put("REDIS_ENDPOINTS", "redis://n2:7000")))
            .hasMessageContaining("cache.endpoints (env REDIS_ENDPOINTS) needs cache.redisUrl");
        assertThatThrownBy(() -> parse(new JsonObject().put("REDIS_URL", "redis://n1:7000")
            .put("REDIS_ENDPOINTS", "http://n2:7000")))
            .hasMessageContaining("cache.endpoints (env REDIS_ENDPOINTS) must be a URL with scheme");
        assertThatThrownBy(() -> parse(new JsonObject().put("CACHE_POOL_SIZE", "0")))
            .hasMessageContaining("cache.poolSize (env CACHE_POOL_SIZE) must be between 1 and 1024");
        assertThatThrownBy(() -> parse(new JsonObject().put("CACHE_TIMEOUT_MS", "soon")))
            .hasMessageContaining("cache.timeoutMs (env CACHE_TIMEOUT_MS) must be an integer");
    }
}
