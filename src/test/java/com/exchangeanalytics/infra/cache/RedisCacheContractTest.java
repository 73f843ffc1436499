package com.exchangeanalytics.infra.cache;

import com.exchangeanalytics.infra.support.RedisServer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

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

    @AfterEach
    void closeDirectClient() {
        if (direct != null) {
            direct.close();
        }
    }
}
