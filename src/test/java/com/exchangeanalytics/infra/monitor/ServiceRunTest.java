package com.exchangeanalytics.infra.monitor;

import com.exchangeanalytics.infra.support.RedisServer;
import com.exchangeanalytics.infra.support.ServiceProcess;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The shipped service with every built-in check configured")
class ServiceRunTest {

    /**
     * Vert.x checks every 100 ms and warns when an event-loop task runs longer than 1 s (default: every
     * second, 2 s). Lower limits catch the JVM's own warm-up: on this shared 2-core machine, linking the
     * first lambdas of the start-up took up to ~450 ms of one event loop.
     */
    private static final String STRICT_BLOCKING = "{\"blockedThreadCheckInterval\":100,"
        + "\"maxEventLoopExecuteTime\":1000,\"maxEventLoopExecuteTimeUnit\":\"MILLISECONDS\"}";
    private static final String WEBHOOK_TOKEN = "run-tok-0a9b8c7d";

    @Test
    @DisplayName("serves every route, exports Vert.x and JVM metrics, and never blocks an event loop")
    void fullRun(Vertx vertx) throws Exception {
        StandIns standIns = StandIns.start(vertx).await();
        int port = RedisServer.freePort();
        WebClient web = WebClient.create(vertx);
        try (ServiceProcess service = ServiceProcess.start(Map.of(
                "HTTP_PORT", String.valueOf(port),
                "DATA_DIR", Files.createTempDirectory("data").toString(),
                "METRICS_INTERVAL_SECONDS", "1",
                "HEALTH_INTERVAL_SECONDS", "1",
                "SMTP_HOST", "127.0.0.1",
                "SMTP_PORT", String.valueOf(standIns.smtpPort()),
                "SMTP_STARTTLS", "disabled",
                "SMTP_FROM", "health@example.com",
                "DISCORD_WEBHOOK_URL", standIns.webhookUrl(WEBHOOK_TOKEN),
                "HEALTH_PROBES", "rates=" + standIns.probeUrl()),
            "--options", STRICT_BLOCKING)) {
            service.awaitHttpOk("http://127.0.0.1:" + port + "/health/live", Duration.ofSeconds(60));

            List<String> paths = List.of("/health", "/health/ready", "/health/smtp", "/health/discord",
                "/health/http:rates", "/metrics/summary", "/metrics/history?minutes=5", "/metrics");
            for (String path : paths) {
                HttpResponse<Buffer> response = web.get(port, "127.0.0.1", path)
                    .timeout(15_000)
                    .send()
                    .await();
                assertThat(response.statusCode()).as(path).isIn(200, 503);
            }
            JsonObject report = web.get(port, "127.0.0.1", "/health").send().await().bodyAsJsonObject();
            assertThat(report.getJsonArray("checks").stream()
                    .map(check -> ((JsonObject) check).getString("name")))
                .containsExactlyInAnyOrder("cache", "smtp", "discord", "http:rates");
            for (String name : List.of("smtp", "discord", "http:rates")) {
                JsonObject check = web.get(port, "127.0.0.1", "/health/" + name)
                    .send()
                    .await()
                    .bodyAsJsonObject();
                assertThat(check.getString("status")).as(name).isEqualTo("healthy");
            }

            awaitSamples(web, port, 3);
            String metrics = web.get(port, "127.0.0.1", "/metrics").send().await().bodyAsString();
            assertThat(PrometheusText.parse(metrics)).containsKeys("vertx_http_server_requests_total",
                "vertx_eventbus_handlers", "vertx_pool_completed_total", "jvm_memory_used_bytes",
                "monitor_system_cpu_percent", "monitor_collection_seconds_count");

            service.terminate();
            service.awaitExit(Duration.ofSeconds(30));
            assertThat(service.output())
                .contains("Monitoring service ready")
                .doesNotContain("has been blocked for")
                .doesNotContain(WEBHOOK_TOKEN);
        } finally {
            web.close();
            standIns.close().await();
        }
    }

    private static void awaitSamples(WebClient web, int port, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject history = web.get(port, "127.0.0.1", "/metrics/history?minutes=5").send().await()
                .bodyAsJsonObject();
            if (history.getJsonArray("samples").size() >= count) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("fewer than " + count + " samples after 20 s");
    }

}
