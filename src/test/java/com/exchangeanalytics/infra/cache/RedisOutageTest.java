package com.exchangeanalytics.infra.cache;

import com.exchangeanalytics.infra.support.LogCapture;
import com.exchangeanalytics.infra.support.RedisServer;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import static com.exchangeanalytics.infra.cache.CacheContractTest.await;
import static com.exchangeanalytics.infra.cache.CacheContractTest.failureOf;
import static com.exchangeanalytics.infra.cache.CacheContractTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The cache when Redis fails")
class RedisOutageTest {

    private static final long TIMEOUT_MS = 500;
    /** Slack for scheduling on a busy 2-core machine; a hang would blow far past it. */
    private static final long SLACK_MS = 1500;
    /** Requests of each kind sent just before Redis is killed. */
    private static final int IN_FLIGHT = 200;

    @Test
    @DisplayName("answers 503/504 within its timeout while Redis is killed, and serves again after a restart")
    void killAndRestart(Vertx vertx) {
        String password = "outage-pw-3f9a";
        try (RedisServer redis = RedisServer.start(password); LogCapture logs = LogCapture.attach()) {
            CacheClient cache = deploy(vertx, redis.url());
            await(cache.set("k", "before"));
            assertThat(await(cache.get("k")).getString("value")).isEqualTo("before");

            redis.kill();
            expectOutage(everyAction(cache));
            expectOutage(everyAction(cache));

            redis.restart();
            waitUntil(() -> cache.ping().map(true).otherwise(false));
            await(cache.set("k", "after"));
            assertThat(await(cache.get("k")).getString("value")).isEqualTo("after");
            assertThat(await(cache.increment("n", 2))).isEqualTo(2L);
            assertThat(await(cache.clearPattern("*"))).isEqualTo(2L);

            assertThat(logs.lines().stream().filter(line -> line.contains("is unavailable"))).hasSize(1);
            assertThat(logs.lines().stream().filter(line -> line.contains("answers again"))).hasSize(1);
            assertThat(logs.text()).doesNotContain(password);
        }
    }

    @Test
    @DisplayName("answers 503 or 504, never 500, to every request in flight when Redis is killed")
    void killWithRequestsInFlight(Vertx vertx) {
        try (RedisServer redis = RedisServer.start()) {
            // a long timeout, so that requests in flight fail on their connection rather than time out
            CacheClient cache = deploy(vertx, redis.url(), 5000);
            await(cache.set("k0", 0));
            Map<String, List<Future<?>>> calls = new TreeMap<>();
            for (int i = 0; i < IN_FLIGHT; i++) {
                String key = "k" + (i % 20);
                calls.computeIfAbsent("get", action -> new ArrayList<>()).add(cache.get(key));
                calls.computeIfAbsent("set", action -> new ArrayList<>()).add(cache.set(key, i));
                calls.computeIfAbsent("setMany", action -> new ArrayList<>())
                    .add(cache.setMany(new JsonObject().put(key, i).put("m" + i, i), 60L));
                calls.computeIfAbsent("increment", action -> new ArrayList<>()).add(cache.increment("n" + i, 1));
            }
            redis.kill();

            List<String> failures = new ArrayList<>();
            calls.forEach((action, futures) -> futures.forEach(call -> {
                await(Future.join(List.of(call)).otherwiseEmpty());
                if (call.failed()) {
                    ReplyException failure = (ReplyException) call.cause();
                    failures.add(action + " " + failure.failureCode() + " " + failure.getMessage());
                }
            }));
            assertThat(failures).as("requests that failed").isNotEmpty();
            assertThat(failures).allSatisfy(failure -> assertThat(failure).containsAnyOf(" 503 ", " 504 "));
        }
    }

    @Test
    @DisplayName("starts while Redis is down, answers 503, and serves once Redis comes up")
    void startWithoutRedis(Vertx vertx) {
        try (RedisServer redis = RedisServer.start()) {
            redis.kill();
            CacheClient cache = deploy(vertx, redis.url());
            ReplyException failure = failureOf(cache.get("k"));
            assertThat(failure.failureCode()).isEqualTo(503);
            assertThat(failure.getMessage()).isEqualTo("Redis is unavailable");

            redis.restart();
            waitUntil(() -> cache.ping().map(true).otherwise(false));
            await(cache.set("k", 1));
            assertThat(await(cache.get("k")).getInteger("value")).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("answers 504 naming its timeout when Redis accepts connections but never answers")
    void silentRedis(Vertx vertx) {
        NetServer silent = await(vertx.createNetServer()
            .connectHandler(socket -> socket.handler(ignored -> { }))
            .listen(0, "127.0.0.1"));
        CacheClient cache = deploy(vertx, "redis://127.0.0.1:" + silent.actualPort());
        long start = System.nanoTime();
        ReplyException failure = failureOf(cache.get("k"));
        assertThat(failure.failureCode()).isEqualTo(504);
        assertThat(failure.getMessage()).isEqualTo("Redis did not answer within " + TIMEOUT_MS + " ms");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(TIMEOUT_MS + SLACK_MS);
    }

    @Test
    @DisplayName("answers 503 when Redis refuses the password, and never logs it")
    void wrongPassword(Vertx vertx) {
        try (RedisServer redis = RedisServer.start("right-pw-1c2d"); LogCapture logs = LogCapture.attach()) {
            String wrongUrl = redis.url().replace("right-pw-1c2d", "wrong-pw-7e8f");
            CacheClient cache = deploy(vertx, wrongUrl);
            ReplyException failure = failureOf(cache.set("k", 1));
            assertThat(failure.failureCode()).isEqualTo(503);
            assertThat(failure.getMessage()).doesNotContain("pw");
            assertThat(logs.text()).doesNotContain("wrong-pw-7e8f").doesNotContain("right-pw-1c2d");
        }
    }

    @Test
    @DisplayName("answers 503 when Redis has no room for another client")
    void tooManyClients(Vertx vertx) {
        try (RedisServer redis = RedisServer.start()) {
            Redis direct = Redis.createClient(vertx, redis.url());
            RedisConnection held = await(direct.connect());
            try {
                await(held.send(Request.cmd(Command.CONFIG).arg("SET").arg("maxclients").arg("1")));
                CacheClient cache = deploy(vertx, redis.url());
                ReplyException failure = failureOf(cache.set("k", 1));
                assertThat(failure.failureCode()).isEqualTo(503);
                assertThat(failure.getMessage())
                    .isEqualTo("Redis cannot serve requests now (max number of clients reached)");
            } finally {
                held.close();
                direct.close();
            }
        }
    }

    private static CacheClient deploy(Vertx vertx, String url) {
        return deploy(vertx, url, TIMEOUT_MS);
    }

    private static CacheClient deploy(Vertx vertx, String url, long timeoutMs) {
        JsonObject config = new JsonObject().put("cache", new JsonObject()
            .put("redisUrl", url)
            .put("timeoutMs", timeoutMs)
            .put("keyPrefix", "outage:"));
        await(vertx.deployVerticle(new CacheVerticle(), new DeploymentOptions().setConfig(config)));
        return new CacheClient(vertx, 10_000);
    }

    private static Map<String, Supplier<Future<?>>> everyAction(CacheClient cache) {
        return Map.ofEntries(
            Map.entry("get", () -> cache.get("k")),
            Map.entry("set", () -> cache.set("k", 1, 10)),
            Map.entry("delete", () -> cache.delete("k")),
            Map.entry("exists", () -> cache.exists("k")),
            Map.entry("expire", () -> cache.expire("k", 10)),
            Map.entry("ttl", () -> cache.ttl("k")),
            Map.entry("increment", () -> cache.increment("n", 1)),
            Map.entry("getMany", () -> cache.getMany(List.of("k", "n"))),
            Map.entry("setMany", () -> cache.setMany(new JsonObject().put("a", 1), 10L)),
            Map.entry("clearPattern", () -> cache.clearPattern("*")),
            Map.entry("info", cache::info),
            Map.entry("ping", cache::ping));
    }

    /** Every action fails with 503 or 504, each within the timeout (they run concurrently). */
    private static void expectOutage(Map<String, Supplier<Future<?>>> actions) {
        long start = System.nanoTime();
        Map<String, Future<?>> calls = new TreeMap<>();
        actions.forEach((action, call) -> calls.put(action, call.get()));
        calls.forEach((action, call) -> {
            ReplyException failure = failureOf(call);
            assertThat(failure.failureCode()).as(action).isIn(503, 504);
        });
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(TIMEOUT_MS + SLACK_MS);
    }
}
