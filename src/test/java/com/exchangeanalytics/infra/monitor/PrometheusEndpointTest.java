package com.exchangeanalytics.infra.monitor;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("GET /metrics with Vert.x metrics on")
class PrometheusEndpointTest {

    private Vertx vertx;

    /** The metrics options {@code Main} starts Vert.x with. */
    @BeforeEach
    void startVertxWithMetrics() {
        vertx = Vertx.vertx(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
            .setEnabled(true)
            .setJvmMetricsEnabled(true)
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))));
    }

    @AfterEach
    void close() {
        vertx.close().await();
    }

    @Test
    @DisplayName("exports application, system, Vert.x HTTP, event-bus and pool, and JVM series")
    void expectedSeries() {
        int port = Monitors.fakeCache(vertx, new AtomicInteger())
            .compose(v -> Monitors.deployWithHttp(vertx, Monitors.config(new JsonObject())))
            .await();
        MonitorClient monitor = new MonitorClient(vertx, 5_000);
        monitor.counter("reports generated", 2).await();
        monitor.timer("analysis", 1500).await();
        WebClient web = WebClient.create(vertx);
        web.get(port, "127.0.0.1", "/health").send().await();
        String text = web.get(port, "127.0.0.1", "/metrics").send().await().bodyAsString();
        web.close();

        Map<String, Double> series = PrometheusText.parse(text);
        assertThat(series)
            .containsEntry("app_reports_generated_total", 2.0)
            .containsEntry("app_analysis_seconds_count", 1.0)
            .containsEntry("app_analysis_seconds_sum", 1.5)
            .containsKeys("monitor_system_cpu_percent", "monitor_process_resident_memory_bytes",
                "monitor_health_check_status", "vertx_http_server_requests_total", "vertx_eventbus_handlers",
                "vertx_pool_completed_total", "jvm_memory_used_bytes", "jvm_threads_live_threads",
                "process_cpu_usage", "system_cpu_usage");
        assertThat(series.get("monitor_system_cpu_percent")).isBetween(0.0, 100.0);
        assertThat(text).contains("monitor_health_check_status{check=\"cache\"} 0.0");
    }
}
