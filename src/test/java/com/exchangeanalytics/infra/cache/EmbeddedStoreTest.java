package com.exchangeanalytics.infra.cache;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.stream.IntStream;

import static com.exchangeanalytics.infra.cache.CacheContractTest.await;
import static com.exchangeanalytics.infra.cache.CacheContractTest.failureOf;
import static com.exchangeanalytics.infra.cache.CacheContractTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The embedded store")
class EmbeddedStoreTest {

    @Test
    @DisplayName("is one keyspace for every instance of the cache verticle in a Vert.x instance")
    void sharedByInstances(Vertx vertx) {
        String deployment = await(vertx.deployVerticle(CacheVerticle::new,
            new DeploymentOptions().setInstances(3).setConfig(new JsonObject())));
        CacheClient cache = new CacheClient(vertx);
        List<Future<Long>> increments = IntStream.range(0, 300).mapToObj(i -> cache.increment("n", 1)).toList();
        await(Future.all(increments));
        assertThat(await(cache.get("n")).getInteger("value")).isEqualTo(300);

        await(cache.set("seen-by-all", "yes"));
        for (int i = 0; i < 9; i++) {
            assertThat(await(cache.get("seen-by-all")).getBoolean("found")).isTrue();
        }
        assertThat(await(cache.info()).getLong("connectedClients")).isEqualTo(3L);

        await(vertx.undeploy(deployment));
        await(vertx.deployVerticle(new CacheVerticle(), new DeploymentOptions().setConfig(new JsonObject())));
        assertThat(await(cache.exists("n"))).as("the keyspace goes with its last user").isFalse();
    }

    @Test
    @DisplayName("sweeps expired entries that nobody reads")
    void sweepsExpired(Vertx vertx) {
        EmbeddedCacheStore store = EmbeddedCacheStore.open(vertx, CacheConfig.DEFAULT_EMBEDDED_MAX_BYTES);
        try {
            IntStream.range(0, 100).forEach(i -> await(store.set("sweep:" + i, "1", 1)));
            await(store.set("stays", "1", CacheStore.NO_TTL));
            assertThat(store.size()).isEqualTo(101);
            waitUntil(() -> Future.succeededFuture(store.size() == 1));
            assertThat(await(store.get("stays"))).isEqualTo("1");
        } finally {
            store.close();
        }
    }

    @Test
    @DisplayName("refuses writes past its size limit with 503 and takes them again once keys are deleted")
    void sizeLimit(Vertx vertx) {
        JsonObject config = new JsonObject().put("cache", new JsonObject().put("embeddedMaxBytes", 20_000));
        await(vertx.deployVerticle(new CacheVerticle(), new DeploymentOptions().setConfig(config)));
        CacheClient cache = new CacheClient(vertx);
        String value = "x".repeat(4000);
        await(cache.set("a", value));
        await(cache.set("b", value));
        ReplyException full = failureOf(cache.set("c", value));
        assertThat(full.failureCode()).isEqualTo(503);
        assertThat(full.getMessage()).contains("embedded cache store is full", "cache.embeddedMaxBytes");
        assertThat(failureOf(cache.setMany(new JsonObject().put("c", value), null)).failureCode()).isEqualTo(503);

        await(cache.set("a", "small"));
        await(cache.set("c", value));
        assertThat(await(cache.get("c")).getString("value")).isEqualTo(value);
    }
}
