package com.exchangeanalytics.infra.monitor;

import com.exchangeanalytics.infra.common.Addresses;
import com.exchangeanalytics.infra.http.HttpVerticle;
import com.exchangeanalytics.infra.support.TestConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.AtomicInteger;

/** Deployments and stand-in consumers shared by the monitor tests. */
final class Monitors {

    private Monitors() {
    }

    /**
     * The shipped configuration with {@code monitor} keys overridden; background health runs are off
     * unless a test turns them on, so only the test's requests run checks.
     */
    static JsonObject config(JsonObject monitor) {
        JsonObject config = TestConfig.base();
        config.getJsonObject("monitor")
            .put("healthIntervalSeconds", 0)
            .mergeIn(monitor);
        return config;
    }

    static Future<String> deployMonitor(Vertx vertx, JsonObject config) {
        return vertx.deployVerticle(new MonitorVerticle(), new DeploymentOptions().setConfig(config));
    }

    /** Deploys the monitor and the HTTP verticle; the Future holds the HTTP port. */
    static Future<Integer> deployWithHttp(Vertx vertx, JsonObject config) {
        HttpVerticle http = new HttpVerticle();
        return deployMonitor(vertx, config)
            .compose(monitor -> vertx.deployVerticle(http, new DeploymentOptions().setConfig(config)))
            .map(id -> http.actualPort());
    }

    /** A cache service that answers {@code ping} like the real one, counting the pings. */
    static Future<Void> fakeCache(Vertx vertx, AtomicInteger pings) {
        return vertx.eventBus().<JsonObject>consumer(Addresses.CACHE, message -> {
                if (CacheCheck.PING.equals(message.headers().get(Addresses.ACTION_HEADER))) {
                    pings.incrementAndGet();
                    message.reply(new JsonObject().put("store", "embedded").put("latencyMs", 1));
                } else {
                    message.fail(400, "unknown action");
                }
            })
            .completion();
    }
}
