package com.exchangeanalytics.infra.notify;

import com.exchangeanalytics.infra.support.TestConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A notify verticle deployed against the Discord stand-in, a webhook receiver and a fake email sender,
 * with settings that make retries fast. Tests change the config before {@link #deploy()}.
 */
final class NotifyHarness implements AutoCloseable {

    static final String TOKEN = "tok-5ecret-a7c41e";
    static final String OPS_TOKEN = "tok-0ps-99b2";

    final Vertx vertx;
    final DiscordStandIn discord;
    final WebhookReceiver webhook;
    final FakeEmailSender email = new FakeEmailSender();
    final JsonObject config;
    final NotifyClient client;
    private String deployment;

    NotifyHarness(Vertx vertx, Path dataDir) {
        this.vertx = vertx;
        this.discord = DiscordStandIn.start(vertx);
        this.webhook = WebhookReceiver.start(vertx);
        this.client = new NotifyClient(vertx, 20_000);
        this.config = TestConfig.base().put("dataDir", dataDir.toString());
        JsonObject notify = config.getJsonObject("notify");
        notify.getJsonObject("discord")
            .put("username", "FX Bot")
            .put("requestTimeoutMs", 1000)
            .put("cloudflareBackoffMs", 200)
            .put("channels", new JsonObject()
                .put("default", discord.webhookUrl("111", TOKEN))
                .put("ops", discord.webhookUrl("222", OPS_TOKEN)));
        notify.put("webhooks", new JsonObject()
            .put("audit", new JsonObject()
                .put("url", webhook.url("/audit"))
                .put("headers", new JsonObject().put("X-Fixed", "from-config")))
            .put("plain", webhook.url("/plain")));
        notify.getJsonObject("email").put("host", "127.0.0.1").put("from", "bot@example.com");
        notify.put("replyWindowMs", 10_000)
            .put("requestTimeoutMs", 1000)
            .put("shutdownGraceMs", 1000)
            .put("retry", new JsonObject()
                .put("initialBackoffMs", 50)
                .put("maxBackoffMs", 200)
                .put("deadlineSeconds", 60)
                .put("maxAttempts", 50));
    }

    JsonObject settings() {
        return config.getJsonObject("notify");
    }

    NotifyHarness deploy() {
        try {
            deployment = vertx.deployVerticle(new NotifyVerticle((v, settings) -> email),
                new DeploymentOptions().setConfig(config)).await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("deploy failed", e);
        }
        return this;
    }

    void undeploy() {
        if (deployment == null) {
            return;
        }
        try {
            vertx.undeploy(deployment).await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("undeploy failed", e);
        }
        deployment = null;
    }

    /** The reply of a call that should succeed. */
    static JsonObject ok(io.vertx.core.Future<JsonObject> call) {
        try {
            return call.await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("call failed: " + e, e);
        }
    }

    /** The failure of a call that should fail. */
    static ReplyException failure(io.vertx.core.Future<?> call) {
        try {
            call.await(20, TimeUnit.SECONDS);
        } catch (ReplyException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("unexpected failure " + e, e);
        }
        throw new AssertionError("the call succeeded");
    }

    static void awaitCondition(String what, Duration limit, BooleanSupplier condition)
        throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    @Override
    public void close() {
        undeploy();
        discord.close();
        webhook.close();
    }
}
