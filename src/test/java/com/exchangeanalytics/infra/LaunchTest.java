package com.exchangeanalytics.infra;

import com.exchangeanalytics.infra.support.EmbeddingHost;
import com.exchangeanalytics.infra.support.RedisServer;
import com.exchangeanalytics.infra.support.ServiceProcess;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The service process")
class LaunchTest {

    @Test
    @DisplayName("serves /health/live on embedded defaults and stops cleanly on SIGTERM")
    void startsAndStops() throws Exception {
        int port = RedisServer.freePort();
        try (ServiceProcess service = ServiceProcess.start(Map.of("HTTP_PORT", String.valueOf(port),
            "DATA_DIR", java.nio.file.Files.createTempDirectory("data").toString()))) {
            service.awaitHttpOk("http://127.0.0.1:" + port + "/health/live", Duration.ofSeconds(30));
            assertThat(service.output()).contains("Exchange Analytics Infra started");
            service.terminate();
            int code = service.awaitExit(Duration.ofSeconds(30));
            assertThat(service.output()).contains("All services stopped");
            assertThat(code).isIn(0, 143);
        }
    }

    @Test
    @DisplayName("exits non-zero with one line naming the key when a value is invalid")
    void invalidConfig() throws Exception {
        try (ServiceProcess service = ServiceProcess.start(Map.of("HTTP_PORT", "70000"))) {
            int code = service.awaitExit(Duration.ofSeconds(30));
            assertThat(code).isNotZero();
            assertThat(service.output())
                .contains("Invalid configuration: http.port (env HTTP_PORT) must be between 0 and 65535")
                .doesNotContain("Exchange Analytics Infra started")
                .doesNotContain("\tat ");
        }
    }

    @Test
    @DisplayName("exits non-zero with one line naming http.host when HTTP_HOST is not an address")
    void invalidHost() throws Exception {
        try (ServiceProcess service = ServiceProcess.start(Map.of("HTTP_HOST", "no such host!"))) {
            int code = service.awaitExit(Duration.ofSeconds(30));
            assertThat(code).isNotZero();
            assertThat(service.output())
                .contains("Invalid configuration: http.host (env HTTP_HOST) must be an IP address or a host"
                    + " name, got 'no such host!'")
                .doesNotContain("Exchange Analytics Infra started")
                .doesNotContain("\tat ");
        }
    }

    @Test
    @DisplayName("deployed by another application, ignores the conf/config.json of its working directory")
    void embeddedIgnoresHostConfig(@TempDir Path hostDir) throws Exception {
        Files.createDirectories(hostDir.resolve("conf"));
        Files.writeString(hostDir.resolve("conf/config.json"),
            "{\"monitor\": {\"intervalSeconds\": \"the host's own key\"}}");
        int port = RedisServer.freePort();
        try (ServiceProcess host = ServiceProcess.start(hostDir, List.of(), EmbeddingHost.class.getName(),
            Map.of("HTTP_PORT", String.valueOf(port), "DATA_DIR", hostDir.resolve("data").toString()),
            MainVerticle.class.getName())) {
            host.awaitHttpOk("http://127.0.0.1:" + port + "/health/live", Duration.ofSeconds(30));
            host.awaitOutput("Host deployed", Duration.ofSeconds(10));
            assertThat(host.output()).doesNotContain("Invalid configuration");
        }
    }

    @Test
    @DisplayName("deployed by another application with its own logback.xml, logs through that file")
    void embeddedKeepsHostLogging(@TempDir Path hostDir) throws Exception {
        Path resources = Files.createDirectories(hostDir.resolve("resources"));
        Files.writeString(resources.resolve("logback.xml"), """
            <configuration>
              <appender name="HOST" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>HOST-LOG %logger{0}: %msg%n</pattern></encoder>
              </appender>
              <root level="INFO"><appender-ref ref="HOST"/></root>
            </configuration>
            """);
        int port = RedisServer.freePort();
        try (ServiceProcess host = ServiceProcess.start(hostDir, List.of(resources),
            EmbeddingHost.class.getName(),
            Map.of("HTTP_PORT", String.valueOf(port), "DATA_DIR", hostDir.resolve("data").toString()),
            MainVerticle.class.getName())) {
            host.awaitOutput("HOST-LOG EmbeddingHost: Host deployed", Duration.ofSeconds(30));
            assertThat(host.output())
                .contains("HOST-LOG MainVerticle: Exchange Analytics Infra started")
                .doesNotContain(" INFO  [");
        }
    }

    @Test
    @DisplayName("never prints a configured secret while starting with every channel configured")
    void noSecretsInLog() throws Exception {
        String redisPassword = "redis-pw-71c3";
        String webhookToken = "whTOKEN-9f8e7d6c5b4a";
        String smtpPassword = "smtp-pw-5d2e";
        String healthToken = "health-tok-8a1b";
        int port = RedisServer.freePort();
        try (RedisServer redis = RedisServer.start(redisPassword);
             ServiceProcess service = ServiceProcess.start(Map.of(
                 "HTTP_PORT", String.valueOf(port),
                 "LOG_LEVEL", "DEBUG",
                 "DATA_DIR", java.nio.file.Files.createTempDirectory("data").toString(),
                 "REDIS_URL", redis.url(),
                 "DISCORD_WEBHOOK_URL", "http://127.0.0.1:9/api/webhooks/123456/" + webhookToken,
                 "SMTP_HOST", "127.0.0.1",
                 "SMTP_PORT", String.valueOf(RedisServer.freePort()),
                 "SMTP_USERNAME", "mailer@example.com",
                 "SMTP_PASSWORD", smtpPassword,
                 "HEALTH_TOKEN", healthToken))) {
            service.awaitHttpOk("http://127.0.0.1:" + port + "/health/live", Duration.ofSeconds(30));
            service.terminate();
            service.awaitExit(Duration.ofSeconds(30));
            assertThat(service.output())
                .contains("Configuration resolved")
                .doesNotContain(redisPassword, webhookToken, smtpPassword, healthToken);
        }
    }
}
