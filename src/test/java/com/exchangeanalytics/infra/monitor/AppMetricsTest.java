package com.exchangeanalytics.infra.monitor;

import com.exchangeanalytics.infra.common.FailureCode;
import com.exchangeanalytics.infra.common.ServiceException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Application metrics")
class AppMetricsTest {

    private PrometheusMeterRegistry registry;
    private AppMetrics metrics;

    @BeforeEach
    void fresh() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics = new AppMetrics(registry, 5);
    }

    @Test
    @DisplayName("add counter amounts and keep the latest gauge value")
    void countersAndGauges() {
        metrics.counter("orders", 1);
        metrics.counter("orders", 2.5);
        metrics.counter("orders", 0);
        metrics.gauge("queue", 7);
        metrics.gauge("queue", -3.25);
        JsonObject json = metrics.toJson();
        assertThat(json.getJsonObject("counters").getDouble("orders")).isEqualTo(3.5);
        assertThat(json.getJsonObject("gauges").getDouble("queue")).isEqualTo(-3.25);
        metrics.counter("whole", 2);
        assertThat(metrics.toJson().getJsonObject("counters").getValue("whole")).isEqualTo(2L);
    }

    @Test
    @DisplayName("summarise a timer over its latest 100 samples: count, avg, min, max, total")
    void timerWindow() {
        for (int i = 1; i <= 150; i++) {
            metrics.timer("fetch", i);
        }
        JsonObject summary = metrics.toJson().getJsonObject("timers").getJsonObject("fetch");
        assertThat(summary.getInteger("count")).isEqualTo(100);
        assertThat(summary.getDouble("min")).isEqualTo(51);
        assertThat(summary.getDouble("max")).isEqualTo(150);
        assertThat(summary.getDouble("total")).isEqualTo(10_050);
        assertThat(summary.getDouble("avg")).isEqualTo(100.5);

        metrics.timer("once", 12.5);
        JsonObject once = metrics.toJson().getJsonObject("timers").getJsonObject("once");
        assertThat(once.getInteger("count")).isEqualTo(1);
        assertThat(once.getDouble("avg")).isEqualTo(12.5);
        assertThat(once.getDouble("min")).isEqualTo(12.5);
        assertThat(once.getDouble("max")).isEqualTo(12.5);
        assertThat(once.getDouble("total")).isEqualTo(12.5);
    }

    @Test
    @DisplayName("give avg and total unrounded, so avg is exactly total / count")
    void timerUnrounded() {
        metrics.timer("thirds", 1);
        metrics.timer("thirds", 1);
        metrics.timer("thirds", 2.0004);
        JsonObject summary = metrics.toJson().getJsonObject("timers").getJsonObject("thirds");
        double total = summary.getDouble("total");
        assertThat(total).isEqualTo(1 + 1 + 2.0004);
        assertThat(summary.getDouble("avg")).isEqualTo(total / 3);
        assertThat(summary.getDouble("min")).isEqualTo(1);
        assertThat(summary.getDouble("max")).isEqualTo(2.0004);
    }

    @Test
    @DisplayName("mirror every kind into Prometheus under sanitised app_ names")
    void prometheusNames() {
        metrics.counter("Orders.Created-EU", 3);
        metrics.gauge("queue depth", 4);
        metrics.timer("fetch/rates", 250);
        String text = registry.scrape();
        assertThat(text)
            .contains("app_orders_created_eu_total 3.0")
            .contains("app_queue_depth 4.0")
            .contains("app_fetch_rates_seconds_count 1")
            .contains("app_fetch_rates_seconds_sum 0.25");
        assertThat(AppMetrics.series("a:b c")).isEqualTo("app_a_b_c");
    }

    @Test
    @DisplayName("refuse empty, long and non-finite input with 400")
    void validation() {
        assertCode(() -> metrics.counter("", 1), FailureCode.BAD_REQUEST, "'name' must not be empty");
        assertCode(() -> metrics.counter("x".repeat(201), 1), FailureCode.BAD_REQUEST, "at most 200");
        assertCode(() -> metrics.counter("c", -1), FailureCode.BAD_REQUEST, "'amount'");
        assertCode(() -> metrics.gauge("g", Double.NaN), FailureCode.BAD_REQUEST, "'value'");
        assertCode(() -> metrics.timer("t", -5), FailureCode.BAD_REQUEST, "'durationMs'");
        assertCode(() -> metrics.timer("t", Double.POSITIVE_INFINITY), FailureCode.BAD_REQUEST,
            "'durationMs'");
        assertThat(metrics.size()).isZero();
    }

    @Test
    @DisplayName("keep one kind per name and per Prometheus name")
    void oneKindPerName() {
        metrics.counter("jobs", 1);
        assertCode(() -> metrics.gauge("jobs", 1), FailureCode.BAD_REQUEST, "is a counter, not a gauge");
        assertCode(() -> metrics.timer("JOBS", 1), FailureCode.BAD_REQUEST,
            "maps to Prometheus name app_jobs");
        metrics.counter("Jobs", 1);
        assertThat(registry.scrape()).contains("app_jobs_total 2.0");
    }

    @Test
    @DisplayName("cap the number of distinct names with 429 until reset")
    void nameCap() {
        for (int i = 0; i < 5; i++) {
            metrics.counter("c" + i, 1);
        }
        metrics.counter("c0", 1);
        assertCode(() -> metrics.gauge("one-too-many", 1), FailureCode.THROTTLED, "limit 5");
        metrics.reset();
        assertThat(metrics.toJson().getJsonObject("counters")).isEmpty();
        assertThat(registry.scrape()).doesNotContain("app_c0");
        metrics.gauge("one-too-many", 1);
        assertThat(metrics.size()).isEqualTo(1);
    }

    @Test
    @DisplayName("format uptime like 1d 2h 3m 4s, leaving out leading zero units")
    void uptime() {
        assertThat(MonitorService.formatUptime(93_784)).isEqualTo("1d 2h 3m 4s");
        assertThat(MonitorService.formatUptime(86_400)).isEqualTo("1d 0h 0m 0s");
        assertThat(MonitorService.formatUptime(7_384)).isEqualTo("2h 3m 4s");
        assertThat(MonitorService.formatUptime(184)).isEqualTo("3m 4s");
        assertThat(MonitorService.formatUptime(4)).isEqualTo("4s");
        assertThat(MonitorService.formatUptime(0)).isEqualTo("0s");
    }

    private static void assertCode(Runnable call, FailureCode code, String messagePart) {
        assertThatThrownBy(call::run)
            .isInstanceOfSatisfying(ServiceException.class, failure -> {
                assertThat(failure.code()).isEqualTo(code);
                assertThat(failure.getMessage()).contains(messagePart);
            });
    }
}
