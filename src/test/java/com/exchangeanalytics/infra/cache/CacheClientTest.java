package com.exchangeanalytics.infra.cache;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static com.exchangeanalytics.infra.cache.CacheContractTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@ExtendWith(VertxExtension.class)
@DisplayName("The cache client's getOrCompute")
class CacheClientTest {

    private static void deployCache(Vertx vertx) {
        await(vertx.deployVerticle(new CacheVerticle(), new DeploymentOptions().setConfig(new JsonObject())));
    }

    /** A loader that counts its runs and answers after a short delay, so concurrent callers overlap. */
    private static Supplier<Future<Object>> slowLoader(Vertx vertx, AtomicInteger runs, Object value) {
        return () -> {
            runs.incrementAndGet();
            Promise<Object> loaded = Promise.promise();
            vertx.setTimer(200, id -> loaded.complete(value));
            return loaded.future();
        };
    }

    @Test
    @DisplayName("runs the loader once for 50 concurrent callers of one missing key, each answered on its own context")
    void singleFlight(Vertx vertx) {
        deployCache(vertx);
        AtomicInteger runs = new AtomicInteger();
        JsonObject value = new JsonObject().put("rate", 151.25);
        List<Future<Boolean>> answeredOnOwnContext = new ArrayList<>();
        List<Future<Object>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Context context = vertx.getOrCreateContext();
            Promise<Boolean> sameContext = Promise.promise();
            Promise<Object> result = Promise.promise();
            context.runOnContext(ignored -> new CacheClient(vertx)
                .getOrCompute("quote", 60, slowLoader(vertx, runs, value))
                .onComplete(outcome -> {
                    sameContext.complete(Vertx.currentContext() == context);
                    result.handle(outcome);
                }));
            answeredOnOwnContext.add(sameContext.future());
            results.add(result.future());
        }
        await(Future.all(results));
        assertThat(runs.get()).isEqualTo(1);
        results.forEach(result -> assertThat(result.result()).isEqualTo(value));
        answeredOnOwnContext.forEach(same -> assertThat(same.result()).isTrue());

        CacheClient cache = new CacheClient(vertx);
        assertThat(await(cache.get("quote")).getValue("value")).isEqualTo(value);
        assertThat(await(cache.ttl("quote"))).isBetween(59L, 60L);
        assertThat(await(cache.getOrCompute("quote", 60, slowLoader(vertx, runs, "other")))).isEqualTo(value);
        assertThat(runs.get()).isEqualTo(1);
    }

    @Test
    @DisplayName("hands a loader failure to every waiting caller and caches nothing")
    void loaderFailure(Vertx vertx) {
        deployCache(vertx);
        CacheClient cache = new CacheClient(vertx);
        AtomicInteger runs = new AtomicInteger();
        Supplier<Future<Object>> failing = () -> {
            runs.incrementAndGet();
            Promise<Object> loaded = Promise.promise();
            vertx.setTimer(100, id -> loaded.fail(new IllegalStateException("rates source down")));
            return loaded.future();
        };
        List<Future<Object>> calls = List.of(cache.getOrCompute("q", 60, failing),
            cache.getOrCompute("q", 60, failing), cache.getOrCompute("q", 60, failing));
        await(Future.join(calls).otherwiseEmpty());
        calls.forEach(call -> assertThat(call.cause()).hasMessage("rates source down"));
        assertThat(runs.get()).isEqualTo(1);
        assertThat(await(cache.exists("q"))).isFalse();
    }

    @Test
    @DisplayName("returns the loader's value uncached when the cache service does not answer")
    void cacheUnavailable(Vertx vertx) {
        CacheClient cache = new CacheClient(vertx, 1000);
        AtomicInteger runs = new AtomicInteger();
        assertThat(await(cache.getOrCompute("q", 60, slowLoader(vertx, runs, 7)))).isEqualTo(7);
        assertThat(runs.get()).isEqualTo(1);
    }

    @Test
    @DisplayName("fails when the cache refuses the key with 400, without running the loader")
    void badKey(Vertx vertx) {
        deployCache(vertx);
        AtomicInteger runs = new AtomicInteger();
        Throwable failure = catchThrowable(() -> await(new CacheClient(vertx)
            .getOrCompute("k".repeat(600), 60, slowLoader(vertx, runs, 1))));
        assertThat(failure).isInstanceOf(ReplyException.class);
        assertThat(((ReplyException) failure).failureCode()).isEqualTo(400);
        assertThat(runs.get()).isZero();
    }
}
