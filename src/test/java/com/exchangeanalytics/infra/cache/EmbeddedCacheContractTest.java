package com.exchangeanalytics.infra.cache;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;

/** The cache contract against the embedded store (no Redis URL configured). */
@DisplayName("The cache on the embedded store")
class EmbeddedCacheContractTest extends CacheContractTest {

    private EmbeddedCacheStore direct;

    @Override
    protected JsonObject cacheSection() {
        return new JsonObject().putNull("redisUrl");
    }

    @Override
    protected String expectedStore() {
        return "embedded";
    }

    @Override
    protected void writeDirectly(String fullKey, String value) {
        await(store().set(fullKey, value, CacheStore.NO_TTL));
    }

    @Override
    protected String readDirectly(String fullKey) {
        return await(store().get(fullKey));
    }

    /** A view of the keyspace the deployed verticle uses (shared per Vert.x instance). */
    private EmbeddedCacheStore store() {
        if (direct == null) {
            direct = EmbeddedCacheStore.open(vertx, CacheConfig.DEFAULT_EMBEDDED_MAX_BYTES);
        }
        return direct;
    }

    @AfterEach
    void closeDirectView() {
        if (direct != null) {
            direct.close();
        }
    }
}
