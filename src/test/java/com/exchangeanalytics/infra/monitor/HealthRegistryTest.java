package com.exchangeanalytics.infra.monitor;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The health registry")
class HealthRegistryTest {

    private static final long NO_CACHE = 0;

    private static HealthRegistry registry(Vertx vertx, long overallTimeoutMs, long cacheMs) {
        return new HealthRegistry(vertx, overallTimeoutMs, cacheMs, new SimpleMeterRegistry());
    }

    @Test
    @DisplayName("reports each check's status and the worst of them as the overall status")
    void worstWins(Vertx vertx, VertxTestContext ctx) {
        HealthRegistry health = registry(vertx, 5_000, NO_CACHE);
        health.register(FakeCheck.answering("fine", CheckOutcome.healthy(new JsonObject().put("rows", 3))));
        health.register(FakeCheck.answering("slow", CheckOutcome.degraded("slow replica", null)));
        health.report().onComplete(ctx.succeeding(report -> ctx.verify(() -> {
            assertThat(report.status()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(report.httpStatus()).isEqualTo(200);
            assertThat(report.isReady()).isTrue();
            JsonObject json = report.toJson(true);
            assertThat(json.getString("status")).isEqualTo("degraded");
            assertThat(json.getInteger("count")).isEqualTo(2);
            JsonObject fine = json.getJsonArray("checks").getJsonObject(0);
            assertThat(fine.getString("name")).isEqualTo("fine");
            assertThat(fine.getString("status")).isEqualTo("healthy");
            assertThat(fine.getJsonObject("details").getInteger("rows")).isEqualTo(3);
            assertThat(fine.getString("description")).isEqualTo("fake fine");
            assertThat(fine.containsKey("timestamp")).isTrue();
            assertThat(fine.containsKey("durationMs")).isTrue();
            assertThat(json.getJsonArray("checks").getJsonObject(1).getString("error"))
                .isEqualTo("slow replica");
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("turns a failed, a throwing and a hanging check into unhealthy with the reason")
    void failuresAreUnhealthy(Vertx vertx, VertxTestContext ctx) {
        HealthRegistry health = registry(vertx, 5_000, NO_CACHE);
        health.register(FakeCheck.answering("ok", CheckOutcome.healthy(null)));
        health.register(new FakeCheck("fails", 1_000, () -> Future.failedFuture("disk on fire")));
        health.register(new FakeCheck("throws", 1_000, () -> {
            throw new IllegalStateException("bug in check");
        }));
        health.register(new FakeCheck("hangs", 200, () -> Promise.<CheckOutcome>promise().future()));
        long start = System.nanoTime();
        health.report().onComplete(ctx.succeeding(report -> ctx.verify(() -> {
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3_000);
            assertThat(report.status()).isEqualTo(HealthStatus.UNHEALTHY);
            assertThat(report.httpStatus()).isEqualTo(503);
            assertThat(report.isReady()).isFalse();
            assertThat(report.check("ok").orElseThrow().status()).isEqualTo(HealthStatus.HEALTHY);
            assertThat(report.check("fails").orElseThrow().error()).isEqualTo("disk on fire");
            assertThat(report.check("throws").orElseThrow().error()).isEqualTo("check threw: bug in check");
            CheckReport hang = report.check("hangs").orElseThrow();
            assertThat(hang.status()).isEqualTo(HealthStatus.UNHEALTHY);
            assertThat(hang.error()).isEqualTo("timed out after 200 ms");
            assertThat(hang.durationMs()).isBetween(150L, 2_000L);
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("ends a run at the overall timeout, keeping the results of the checks that finished")
    void overallTimeout(Vertx vertx, VertxTestContext ctx) {
        HealthRegistry health = registry(vertx, 300, NO_CACHE);
        health.register(FakeCheck.answering("quick", CheckOutcome.healthy(null)));
        health.register(new FakeCheck("patient", 60_000, () -> Promise.<CheckOutcome>promise().future()));
        long start = System.nanoTime();
        health.report().onComplete(ctx.succeeding(report -> ctx.verify(() -> {
            long took = (System.nanoTime() - start) / 1_000_000;
            assertThat(took).isBetween(250L, 3_000L);
            assertThat(report.check("quick").orElseThrow().status()).isEqualTo(HealthStatus.HEALTHY);
            CheckReport patient = report.check("patient").orElseThrow();
            assertThat(patient.status()).isEqualTo(HealthStatus.UNHEALTHY);
            assertThat(patient.error()).contains("overall health timeout of 300 ms");
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("serves a report from its cache and shares one run among concurrent callers")
    void cachesAndShares(Vertx vertx, VertxTestContext ctx) {
        HealthRegistry health = registry(vertx, 5_000, 60_000);
        Promise<CheckOutcome> gate = Promise.promise();
        FakeCheck counted = new FakeCheck("counted", 5_000, gate::future);
        health.register(counted);
        List<Future<HealthReport>> concurrent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            concurrent.add(health.report());
        }
        gate.complete(CheckOutcome.healthy(null));
        Future.all(concurrent)
            .compose(all -> health.report())
            .onComplete(ctx.succeeding(cached -> ctx.verify(() -> {
                assertThat(counted.runs.get()).isEqualTo(1);
                assertThat(concurrent).allMatch(one -> one.result() == cached);
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("runs the checks again once the cache time has passed or a check was added")
    void cacheExpires(Vertx vertx, VertxTestContext ctx) {
        HealthRegistry health = registry(vertx, 5_000, 200);
        FakeCheck counted = FakeCheck.answering("counted", CheckOutcome.healthy(null));
        health.register(counted);
        health.report()
            .compose(first -> health.report())
            .compose(second -> {
                ctx.verify(() -> assertThat(counted.runs.get()).isEqualTo(1));
                Promise<Long> later = Promise.promise();
                vertx.setTimer(300, later::complete);
                return later.future();
            })
            .compose(waited -> health.report())
            .compose(third -> {
                ctx.verify(() -> assertThat(counted.runs.get()).isEqualTo(2));
                health.register(FakeCheck.answering("added", CheckOutcome.healthy(null)));
                return health.report();
            })
            .onComplete(ctx.succeeding(fourth -> ctx.verify(() -> {
                assertThat(counted.runs.get()).isEqualTo(3);
                assertThat(fourth.check("added")).isPresent();
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("tells listeners about status changes, but not about a first healthy result")
    void statusChanges(Vertx vertx, VertxTestContext ctx) {
        HealthRegistry health = registry(vertx, 5_000, NO_CACHE);
        List<String> changes = Collections.synchronizedList(new ArrayList<>());
        health.addListener((current, previous) ->
            changes.add(current.name() + ":" + previous.wire() + "->" + current.status().wire()));
        FakeCheck flipping = FakeCheck.answering("db", CheckOutcome.healthy(null));
        health.register(flipping);
        health.report()
            .compose(r -> health.report())
            .compose(r -> {
                flipping.answer(CheckOutcome.degraded("replica lag", null));
                return health.report();
            })
            .compose(r -> {
                flipping.answer(CheckOutcome.unhealthy("down", null));
                return health.report();
            })
            .compose(r -> health.report())
            .compose(r -> {
                flipping.answer(CheckOutcome.healthy(null));
                return health.report();
            })
            .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                assertThat(changes).containsExactly(
                    "db:healthy->degraded", "db:degraded->unhealthy", "db:unhealthy->healthy");
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("forgets an unregistered check and says whether it existed")
    void unregister(Vertx vertx, VertxTestContext ctx) {
        HealthRegistry health = registry(vertx, 5_000, 60_000);
        health.register(FakeCheck.answering("gone", CheckOutcome.healthy(null)));
        health.report()
            .compose(first -> {
                ctx.verify(() -> {
                    assertThat(health.unregister("gone")).isTrue();
                    assertThat(health.unregister("gone")).isFalse();
                    assertThat(first.isFresh()).isFalse();
                });
                return health.report();
            })
            .onComplete(ctx.succeeding(report -> ctx.verify(() -> {
                assertThat(report.checks()).isEmpty();
                assertThat(report.status()).isEqualTo(HealthStatus.HEALTHY);
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("shows a check that never ran as unknown, with its description and a null timestamp")
    void neverRan(Vertx vertx, VertxTestContext ctx) {
        HealthRegistry health = registry(vertx, 5_000, 60_000);
        Promise<CheckOutcome> slow = Promise.promise();
        health.register(new FakeCheck("slow", 5_000, slow::future));
        Future<HealthReport> during = health.report();
        health.register(FakeCheck.answering("late", CheckOutcome.healthy(null)));
        slow.complete(CheckOutcome.healthy(null));
        during
            .onComplete(ctx.succeeding(report -> ctx.verify(() -> {
                CheckReport late = report.check("late").orElseThrow();
                assertThat(late.status()).isEqualTo(HealthStatus.UNKNOWN);
                JsonObject json = late.toJson(true);
                assertThat(json.getString("status")).isEqualTo("unknown");
                assertThat(json.getString("description")).isEqualTo("fake late");
                assertThat(json.containsKey("timestamp")).isTrue();
                assertThat(json.getValue("timestamp")).isNull();

                health.register(FakeCheck.answering("later", CheckOutcome.healthy(null)));
                CheckReport later = health.resultIn(report, "later").orElseThrow();
                assertThat(later.status()).isEqualTo(HealthStatus.UNKNOWN);
                assertThat(later.description()).isEqualTo("fake later");
                assertThat(health.resultIn(report, "slow").orElseThrow().status())
                    .isEqualTo(HealthStatus.HEALTHY);
                assertThat(health.resultIn(report, "nope")).isEmpty();
                ctx.completeNow();
            })));
    }
}
