package com.exchangeanalytics.infra.monitor;

import com.exchangeanalytics.infra.common.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The infra.monitor actions")
class MonitorActionsTest {

    private MonitorClient monitor;

    @BeforeEach
    void deploy(Vertx vertx, VertxTestContext ctx) {
        monitor = new MonitorClient(vertx, 5_000);
        Monitors.fakeCache(vertx, new AtomicInteger())
            .compose(cache -> Monitors.deployMonitor(vertx, Monitors.config(new JsonObject()
                .put("healthCacheMs", 0)
                .put("maxMetricNames", 50))))
            .onComplete(ctx.succeedingThenComplete());
    }

    private Future<JsonObject> send(Vertx vertx, String action, JsonObject body) {
        return vertx.eventBus()
            .<JsonObject>request(Addresses.MONITOR, body,
                new DeliveryOptions().addHeader(Addresses.ACTION_HEADER, action))
            .map(reply -> reply.body());
    }

    private static List<String> names(JsonObject report) {
        return report.getJsonArray("checks").stream()
            .map(check -> ((JsonObject) check).getString("name"))
            .toList();
    }

    private static void assertCode(Throwable failure, int code, String messagePart) {
        assertThat(failure).isInstanceOf(ReplyException.class);
        ReplyException reply = (ReplyException) failure;
        assertThat(reply.failureType()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
        assertThat(reply.failureCode()).isEqualTo(code);
        assertThat(reply.getMessage()).contains(messagePart);
    }

    @Test
    @DisplayName("record counters, gauges and timers and summarise them with uptime and collection state")
    void recordAndSummarise(Vertx vertx, VertxTestContext ctx) {
        Future.all(List.of(
                monitor.counter("reports.generated", 2),
                send(vertx, "counter", new JsonObject().put("name", "reports.generated")),
                monitor.gauge("queue.depth", 12.5),
                monitor.timer("analysis", 100),
                monitor.timer("analysis", 300)))
            .compose(all -> monitor.summary())
            .onComplete(ctx.succeeding(summary -> ctx.verify(() -> {
                assertThat(summary.getLong("uptimeSeconds")).isNotNegative();
                assertThat(summary.getString("uptimeHuman")).matches("(\\d+d )?(\\d+h )?(\\d+m )?\\d+s");
                assertThat(summary.getJsonObject("counters").getValue("reports.generated")).isEqualTo(3L);
                assertThat(summary.getJsonObject("gauges").getDouble("queue.depth")).isEqualTo(12.5);
                JsonObject timer = summary.getJsonObject("timers").getJsonObject("analysis");
                assertThat(timer.getInteger("count")).isEqualTo(2);
                assertThat(timer.getDouble("avg")).isEqualTo(200);
                assertThat(timer.getDouble("min")).isEqualTo(100);
                assertThat(timer.getDouble("max")).isEqualTo(300);
                assertThat(timer.getDouble("total")).isEqualTo(400);
                assertThat(summary.getString("collection")).isEqualTo("running");
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("answer ill-formed metric requests with 400 naming the field")
    void validation(Vertx vertx, VertxTestContext ctx) {
        List<Future<JsonObject>> calls = List.of(
            send(vertx, "counter", new JsonObject()),
            send(vertx, "counter", new JsonObject().put("name", "c").put("amount", "many")),
            send(vertx, "gauge", new JsonObject().put("name", "g")),
            send(vertx, "timer", new JsonObject().put("name", "t").put("durationMs", -1)),
            send(vertx, "history", new JsonObject().put("minutes", 0)),
            send(vertx, "history", new JsonObject().put("minutes", "ten")));
        List<String> fields = List.of("'name'", "'amount'", "'value'", "'durationMs'", "'minutes'",
            "'minutes'");
        Future.join(new ArrayList<Future<?>>(calls)).onComplete(done -> ctx.verify(() -> {
            for (int i = 0; i < calls.size(); i++) {
                assertThat(calls.get(i).failed()).as("call %d fails", i).isTrue();
                assertCode(calls.get(i).cause(), 400, fields.get(i));
            }
            ctx.completeNow();
        }));
    }

    @Test
    @DisplayName("reset forgets the metrics and the history")
    void reset(Vertx vertx, VertxTestContext ctx) {
        monitor.counter("c", 1)
            .compose(v -> monitor.reset())
            .compose(v -> Future.all(monitor.summary(), monitor.history(30)))
            .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                JsonObject summary = all.resultAt(0);
                JsonArray history = all.resultAt(1);
                assertThat(summary.getJsonObject("counters")).isEmpty();
                assertThat(history).isEmpty();
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("run a registered check by requesting its address with the check's name")
    void registeredCheck(Vertx vertx, VertxTestContext ctx) {
        List<JsonObject> requests = new ArrayList<>();
        vertx.eventBus().<JsonObject>consumer("analytics.db.health", message -> {
            requests.add(message.body());
            message.reply(new JsonObject()
                .put("status", "degraded")
                .put("details", new JsonObject().put("lagMs", 40)));
        });
        monitor.registerCheck("database", "analytics.db.health", 1_000, "PostgreSQL answers")
            .compose(v -> monitor.health("database"))
            .compose(check -> {
                ctx.verify(() -> {
                    assertThat(requests).containsExactly(new JsonObject().put("name", "database"));
                    assertThat(check.getString("name")).isEqualTo("database");
                    assertThat(check.getString("status")).isEqualTo("degraded");
                    assertThat(check.getString("description")).isEqualTo("PostgreSQL answers");
                    assertThat(check.getJsonObject("details").getInteger("lagMs")).isEqualTo(40);
                });
                return monitor.health(null);
            })
            .onComplete(ctx.succeeding(report -> ctx.verify(() -> {
                assertThat(report.getString("status")).isEqualTo("degraded");
                assertThat(names(report)).containsExactly("cache", "database");
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("count a registered check that fails, is missing or does not answer as unhealthy")
    void registeredCheckFailures(Vertx vertx, VertxTestContext ctx) {
        vertx.eventBus().consumer("fails.health", message -> message.fail(503, "pool exhausted"));
        vertx.eventBus().consumer("silent.health", message -> { });
        vertx.eventBus().consumer("nonsense.health",
            message -> message.reply(new JsonObject().put("status", "fine")));
        Future.all(List.of(
                monitor.registerCheck("fails", "fails.health", 1_000, null),
                monitor.registerCheck("missing", "nobody.listens", 1_000, null),
                monitor.registerCheck("silent", "silent.health", 300, null),
                monitor.registerCheck("nonsense", "nonsense.health", 1_000, null)))
            .compose(all -> monitor.health(null))
            .onComplete(ctx.succeeding(report -> ctx.verify(() -> {
                assertThat(report.getString("status")).isEqualTo("unhealthy");
                JsonObject byName = new JsonObject();
                report.getJsonArray("checks").forEach(c -> byName.put(((JsonObject) c).getString("name"), c));
                assertThat(byName.getJsonObject("fails").getString("error")).contains("pool exhausted");
                assertThat(byName.getJsonObject("missing").getString("error"))
                    .contains("no consumer at nobody.listens");
                assertThat(byName.getJsonObject("silent").getString("error")).contains("no reply");
                assertThat(byName.getJsonObject("nonsense").getString("error")).contains("no valid status");
                for (String name : List.of("fails", "missing", "silent", "nonsense")) {
                    assertThat(byName.getJsonObject(name).getString("status")).as(name)
                        .isEqualTo("unhealthy");
                }
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("protect built-in names, validate registrations and answer 404 for checks that do not exist")
    void registrationRules(Vertx vertx, VertxTestContext ctx) {
        List<Future<Void>> calls = List.of(
            monitor.registerCheck("cache", "x", 1_000, null),
            monitor.registerCheck("http:rates", "x", 1_000, null),
            monitor.registerCheck("ready", "x", 1_000, null),
            monitor.registerCheck("a/b", "x", 1_000, null),
            monitor.registerCheck("ok-name", "x", 0, null),
            monitor.unregisterCheck("never-registered"),
            monitor.unregisterCheck("cache"),
            monitor.health("never-registered").mapEmpty(),
            monitor.unregisterCheck("smtp"),
            monitor.unregisterCheck("discord"),
            monitor.unregisterCheck("live"),
            monitor.unregisterCheck("http:rates"));
        int[] codes = {400, 400, 400, 400, 400, 404, 400, 404, 404, 404, 404, 404};
        Future.join(new ArrayList<Future<?>>(calls)).onComplete(done -> ctx.verify(() -> {
            for (int i = 0; i < calls.size(); i++) {
                assertThat(calls.get(i).failed()).as("call %d fails", i).isTrue();
                assertCode(calls.get(i).cause(), codes[i], "");
            }
            assertCode(calls.get(6).cause(), 400, "'cache' is a built-in check and cannot be unregistered");
            assertCode(calls.get(8).cause(), 404, "no health check named 'smtp'");
            assertCode(calls.get(11).cause(), 404, "no health check named 'http:rates'");
            ctx.completeNow();
        }));
    }

    @Test
    @DisplayName("unregister a check so it leaves the report")
    void unregister(Vertx vertx, VertxTestContext ctx) {
        vertx.eventBus().consumer("temp.health",
            message -> message.reply(new JsonObject().put("status", "healthy")));
        monitor.registerCheck("temp", "temp.health", 1_000, null)
            .compose(v -> monitor.unregisterCheck("temp"))
            .compose(v -> monitor.health(null))
            .onComplete(ctx.succeeding(report -> ctx.verify(() -> {
                assertThat(report.getInteger("count")).isEqualTo(1);
                assertThat(names(report)).containsExactly("cache");
                ctx.completeNow();
            })));
    }
}
