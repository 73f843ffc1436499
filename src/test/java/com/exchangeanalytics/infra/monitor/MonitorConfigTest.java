package com.exchangeanalytics.infra.monitor;

import com.exchangeanalytics.infra.config.AppConfig;
import com.exchangeanalytics.infra.config.ConfigException;
import com.exchangeanalytics.infra.config.EnvBindings;
import com.exchangeanalytics.infra.support.TestConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The monitor configuration")
class MonitorConfigTest {

    @Test
    @DisplayName("has defaults that need nothing outside")
    void defaults() {
        MonitorConfig config = AppConfig.parse(TestConfig.base()).monitor();
        assertThat(config.intervalSeconds()).isEqualTo(60);
        assertThat(config.historySize()).isEqualTo(60);
        assertThat(config.diskPath()).isEqualTo("/");
        assertThat(config.checkTimeoutMs()).isEqualTo(10_000);
        assertThat(config.overallTimeoutMs()).isEqualTo(30_000);
        assertThat(config.healthCacheMs()).isEqualTo(2_000);
        assertThat(config.alertsEnabled()).isTrue();
        assertThat(config.probes()).isEmpty();
        assertThat(config.healthToken()).isNull();
    }

    @Test
    @DisplayName("reads its environment variables, probes as name=url pairs")
    void environment() {
        JsonObject merged = TestConfig.base()
            .put("HEALTH_CACHE_MS", "500")
            .put("HEALTH_CHECK_TIMEOUT_MS", "1500")
            .put("HEALTH_TIMEOUT_MS", "4000")
            .put("METRICS_HISTORY_SIZE", "10")
            .put("METRICS_DISK_PATH", "/tmp")
            .put("HEALTH_ALERTS_ENABLED", "false")
            .put("HEALTH_PROBES",
                "rates=https://api.example.com/v1/ping?apikey=s3cr3t, news=http://news.local:8081/");
        MonitorConfig config = AppConfig.parse(EnvBindings.apply(merged)).monitor();
        assertThat(config.healthCacheMs()).isEqualTo(500);
        assertThat(config.checkTimeoutMs()).isEqualTo(1500);
        assertThat(config.overallTimeoutMs()).isEqualTo(4000);
        assertThat(config.historySize()).isEqualTo(10);
        assertThat(config.diskPath()).isEqualTo("/tmp");
        assertThat(config.alertsEnabled()).isFalse();
        assertThat(config.probes()).containsOnlyKeys("rates", "news");
        assertThat(config.probes().get("news").getPort()).isEqualTo(8081);
    }

    @Test
    @DisplayName("rejects a bad probe, naming the key")
    void badProbe() {
        JsonObject json = TestConfig.base();
        json.getJsonObject("monitor").put("probes", new JsonObject().put("rates", "ftp://x"));
        assertThatThrownBy(() -> AppConfig.parse(json))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("monitor.probes.rates");
        JsonObject fromEnv = TestConfig.base().put("HEALTH_PROBES", "just-a-url");
        assertThatThrownBy(() -> AppConfig.parse(EnvBindings.apply(fromEnv)))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("HEALTH_PROBES")
            .hasMessageContaining("name=url");
    }

    @Test
    @DisplayName("rejects an alert channel that is not a configured Discord channel")
    void alertChannel() {
        JsonObject json = TestConfig.base();
        json.getJsonObject("monitor").put("alerts", new JsonObject().put("channel", "ops"));
        assertThatThrownBy(() -> AppConfig.parse(json))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("monitor.alerts.channel");
        json.getJsonObject("notify").getJsonObject("discord")
            .put("channels", new JsonObject().put("ops", "https://discord.com/api/webhooks/1/t"));
        assertThat(AppConfig.parse(json).monitor().alertsChannel()).isEqualTo("ops");
    }
}
