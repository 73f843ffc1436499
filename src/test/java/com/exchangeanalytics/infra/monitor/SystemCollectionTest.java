package com.exchangeanalytics.infra.monitor;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("System metrics collection")
class SystemCollectionTest {

    private static final List<String> PERCENTS = List.of("cpuPercent", "memoryPercent", "diskPercent",
        "processCpuPercent");

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    @DisplayName("takes a first sample at start, then one per interval, keeping a bounded history")
    void samplesAppearBounded(Vertx vertx, VertxTestContext ctx) {
        MonitorClient monitor = new MonitorClient(vertx, 5_000);
        Monitors.deployMonitor(vertx, Monitors.config(new JsonObject()
                .put("intervalSeconds", 1)
                .put("historySize", 2)))
            .compose(id -> monitor.history(5))
            .compose(atStart -> {
                ctx.verify(() -> assertThat(atStart).hasSize(1));
                Instant first = Instant.parse(atStart.getJsonObject(0).getString("timestamp"));
                return awaitSampleAfter(vertx, monitor, first.plusMillis(1_500));
            })
            .compose(latest -> monitor.history(5))
            .compose(history -> {
                ctx.verify(() -> {
                    assertThat(history).hasSize(2);
                    history.stream().map(JsonObject.class::cast).forEach(SystemCollectionTest::assertInRange);
                });
                return monitor.summary();
            })
            .onComplete(ctx.succeeding(summary -> ctx.verify(() -> {
                assertThat(summary.getString("collection")).isEqualTo("running");
                assertInRange(summary.getJsonObject("system"));
                ctx.completeNow();
            })));
    }

    /** Polls until a sample newer than {@code after} exists: at least three ticks have run by then. */
    private static Future<JsonObject> awaitSampleAfter(Vertx vertx, MonitorClient monitor, Instant after) {
        return monitor.history(5).compose(samples -> {
            JsonObject last = samples.isEmpty() ? null : samples.getJsonObject(samples.size() - 1);
            if (last != null && Instant.parse(last.getString("timestamp")).isAfter(after)) {
                return Future.succeededFuture(last);
            }
            Promise<Long> later = Promise.promise();
            vertx.setTimer(100, later::complete);
            return later.future().compose(tick -> awaitSampleAfter(vertx, monitor, after));
        });
    }

    private static void assertInRange(JsonObject sample) {
        for (String field : PERCENTS) {
            assertThat(sample.getDouble(field)).as(field).isBetween(0.0, 100.0);
        }
        assertThat(sample.getDouble("memoryUsedGb")).isPositive();
        assertThat(sample.getDouble("processMemoryMb")).isPositive();
        assertThat(Duration.between(Instant.parse(sample.getString("timestamp")), Instant.now()))
            .isLessThan(Duration.ofMinutes(1));
    }

    @Test
    @DisplayName("history keeps only the samples of the last N minutes and validates N")
    void historyWindow() {
        SampleHistory history = new SampleHistory(10);
        Instant now = Instant.parse("2025-01-01T12:00:00Z");
        history.add(sample(now.minus(Duration.ofMinutes(40))));
        history.add(sample(now.minus(Duration.ofMinutes(20))));
        history.add(sample(now.minus(Duration.ofMinutes(1))));
        JsonArray last30 = history.since(now, 30);
        assertThat(last30).hasSize(2);
        assertThat(history.since(now, 60)).hasSize(3);
        assertThat(last30.getJsonObject(0).getString("timestamp")).isEqualTo("2025-01-01T11:40:00Z");
    }

    private static SystemSample sample(Instant at) {
        return new SystemSample(at, 10, 20, 1.5, 30.0, 100, 5);
    }
}
