package com.exchangeanalytics.infra.monitor;

import com.exchangeanalytics.infra.common.Addresses;
import com.exchangeanalytics.infra.support.LogCapture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Health status alerts")
class HealthAlertsTest {

    private static final String TOKEN = "alert-tok-1c2d3e4f";

    private final List<JsonObject> alerts = Collections.synchronizedList(new ArrayList<>());
    private StandIns standIns;
    private MonitorClient monitor;

    @BeforeEach
    void start(Vertx vertx, VertxTestContext ctx) {
        monitor = new MonitorClient(vertx, 5_000);
        StandIns.start(vertx)
            .compose(started -> {
                standIns = started;
                return Monitors.fakeCache(vertx, new AtomicInteger());
            })
            .onComplete(ctx.succeedingThenComplete());
    }

    @AfterEach
    void stop(VertxTestContext ctx) {
        standIns.close().onComplete(ctx.succeedingThenComplete());
    }

    /** A notification service that records discordAlert requests and answers as told. */
    private void fakeNotify(Vertx vertx, boolean fails) {
        vertx.eventBus().<JsonObject>consumer(Addresses.NOTIFY, message -> {
            if (fails) {
                message.fail(503, "discord is down");
                return;
            }
            alerts.add(message.body().copy().put("action", message.headers().get(Addresses.ACTION_HEADER)));
            message.reply(new JsonObject().put("id", "n-" + alerts.size()).put("status", "delivered"));
        });
    }

    private JsonObject config(boolean alertsEnabled) {
        JsonObject config = Monitors.config(new JsonObject()
            .put("healthCacheMs", 0)
            .put("alerts", new JsonObject().put("enabled", alertsEnabled)));
        config.getJsonObject("notify").getJsonObject("discord")
            .put("channels", new JsonObject().put("ops", standIns.webhookUrl(TOKEN)));
        return config;
    }

    private Future<JsonObject> healthWithDiscord(int status) {
        standIns.discordStatus.set(status);
        return monitor.health("discord");
    }


    @Test
    @DisplayName("reach the notification service on every change, at the matching level")
    void alertsOnChanges(Vertx vertx, VertxTestContext ctx) {
        fakeNotify(vertx, false);
        Monitors.deployMonitor(vertx, config(true))
            .compose(id -> healthWithDiscord(200))
            .compose(r -> healthWithDiscord(200))
            .compose(r -> healthWithDiscord(429))
            .compose(r -> healthWithDiscord(502))
            .compose(r -> healthWithDiscord(200))
            .compose(r -> waitForAlerts(vertx, 2))
            .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                assertThat(alerts).extracting(alert -> alert.getString("action"))
                    .containsOnly("discordAlert");
                assertThat(alerts).extracting(alert -> alert.getString("title")).containsExactly(
                    "Health check discord: degraded",
                    "Health check discord: healthy");
                assertThat(alerts).extracting(alert -> alert.getString("level"))
                    .containsExactly("warning", "success");
                assertThat(alerts).extracting(alert -> alert.getString("channel")).containsOnly("ops");
                assertThat(alerts.get(0).getString("message"))
                    .contains("Was healthy, now degraded")
                    .contains("Discord answered HTTP 429");
                assertThat(alerts.toString()).doesNotContain(TOKEN);
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("are not sent through the Discord channel that the discord check finds unhealthy")
    void notThroughFailingChannel(Vertx vertx, VertxTestContext ctx) {
        fakeNotify(vertx, false);
        LogCapture logs = LogCapture.attach();
        Monitors.deployMonitor(vertx, config(true))
            .compose(id -> healthWithDiscord(200))
            .compose(r -> healthWithDiscord(401))
            .compose(r -> waitForLog(vertx, logs, "is the one failing"))
            .compose(r -> healthWithDiscord(200))
            .compose(r -> waitForAlerts(vertx, 1))
            .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                logs.close();
                assertThat(alerts).extracting(alert -> alert.getString("title"))
                    .containsExactly("Health check discord: healthy");
                assertThat(logs.text())
                    .contains("Health alert not sent: check=discord status=unhealthy: the alert channel ops"
                        + " is the one failing")
                    .doesNotContain(TOKEN);
                ctx.completeNow();
            })));
    }

    private Future<Void> waitForAlerts(Vertx vertx, int count) {
        if (alerts.size() >= count) {
            return Future.succeededFuture();
        }
        return Future.<Long>future(promise -> vertx.setTimer(20, promise::complete))
            .compose(tick -> waitForAlerts(vertx, count));
    }

    @Test
    @DisplayName("stay quiet when alerts are disabled")
    void disabled(Vertx vertx, VertxTestContext ctx) {
        fakeNotify(vertx, false);
        Monitors.deployMonitor(vertx, config(false))
            .compose(id -> healthWithDiscord(200))
            .compose(r -> healthWithDiscord(404))
            .compose(r -> monitor.counter("after", 1))
            .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                assertThat(alerts).isEmpty();
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("log a failed alert at WARN and keep answering health")
    void failedAlert(Vertx vertx, VertxTestContext ctx) {
        fakeNotify(vertx, true);
        LogCapture logs = LogCapture.attach();
        Monitors.deployMonitor(vertx, config(true))
            .compose(id -> healthWithDiscord(200))
            .compose(r -> healthWithDiscord(503))
            .compose(r -> waitForLog(vertx, logs, "Health alert not sent"))
            .compose(r -> healthWithDiscord(200))
            .onComplete(ctx.succeeding(check -> ctx.verify(() -> {
                logs.close();
                assertThat(check.getString("status")).isEqualTo("healthy");
                assertThat(logs.text())
                    .contains("WARN  com.exchangeanalytics.infra.monitor.HealthAlerts"
                        + " - Health alert not sent: check=discord status=degraded: discord is down")
                    .doesNotContain(TOKEN);
                ctx.completeNow();
            })));
    }

    private Future<Void> waitForLog(Vertx vertx, LogCapture logs, String text) {
        if (logs.text().contains(text)) {
            return Future.succeededFuture();
        }
        return Future.<Long>future(promise -> vertx.setTimer(20, promise::complete))
            .compose(tick -> waitForLog(vertx, logs, text));
    }
}
