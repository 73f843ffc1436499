package com.exchangeanalytics.infra.cache;

import com.exchangeanalytics.infra.support.RedisServer;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache contract against a real redis-server of its own. */
@DisplayName("The cache on Redis")
class RedisCacheContractTest extends CacheContractTest {

    private static RedisServer server;
    private Redis direct;

    @BeforeAll
    static void startRedis() {
        server = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    @Override
    protected JsonObject cacheSection() {
        return new JsonObject().put("redisUrl", server.url()).put("timeoutMs", 5000);
    }

    @Override
    protected String expectedStore() {
        return "redis";
    }

    @Override
    protected void writeDirectly(String fullKey, String value) {
        await(redis().send(Request.cmd(Command.SET).arg(fullKey).arg(value)));
    }

    @Override
    protected String readDirectly(String fullKey) {
        Response value = await(redis().send(Request.cmd(Command.GET).arg(fullKey)));
        return value == null ? null : value.toString();
    }

    private Redis redis() {
        if (direct == null) {
            direct = Redis.createClient(vertx, server.url());
        }
        return direct;
    }

    @Test
    @DisplayName("answers each of many requests pipelined together, even when one of them gets an error reply")
    void pipelinedErrorReply() {
        await(redis().send(Request.cmd(Command.RPUSH).arg(prefix + "a-list").arg("x")));
        List<Future<JsonObject>> gets = new ArrayList<>();
        List<Future<Void>> sets = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            sets.add(cache.set("p" + i, i));
        }
        await(Future.all(sets));
        for (int i = 0; i < 30; i++) {
            gets.add(cache.get(i == 15 ? "a-list" : "p" + i));
        }
        await(Future.join(gets).otherwiseEmpty());
        for (int i = 0; i < 30; i++) {
            if (i == 15) {
                assertThat(((ReplyException) gets.get(i).cause()).failureCode()).isEqualTo(400);
                assertThat(gets.get(i).cause()).hasMessageContaining("a Redis type other than a string");
            } else {
                assertThat(gets.get(i).result().getInteger("value")).isEqualTo(i);
            }
        }
    }

    @Test
    @DisplayName("answers 503 to writes while Redis refuses them for lack of memory, and still serves reads")
    void outOfMemory() {
        await(cache.set("before", 1));
        await(redis().send(Request.cmd(Command.CONFIG).arg("SET").arg("maxmemory").arg("1")));
        try {
            ReplyException set = failureOf(cache.set("k", 1));
            assertThat(set.failureCode()).isEqualTo(503);
            assertThat(set.getMessage()).isEqualTo("Redis cannot serve requests now (OOM)");
            ReplyException setMany = failureOf(cache.setMany(new JsonObject().put("a", 1).put("b", 2), 60L));
            assertThat(setMany.failureCode()).isEqualTo(503);
            assertThat(setMany.getMessage()).isEqualTo("Redis cannot serve requests now (OOM)");
            assertThat(await(cache.get("before")).getInteger("value")).isEqualTo(1);
        } finally {
            await(redis().send(Request.cmd(Command.CONFIG).arg("SET").arg("maxmemory").arg("0")));
        }
    }

    @AfterEach
    void closeDirectClient() {
        if (direct != null) {
            direct.close();
        }
    }
}
