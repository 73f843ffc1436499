package com.exchangeanalytics.infra.config;

import com.exchangeanalytics.infra.support.TestConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Configuration")
class ConfigTest {

    private static AppConfig parseWithEnv(String env, String value) {
        JsonObject merged = TestConfig.base().put(env, value);
        return AppConfig.parse(EnvBindings.apply(merged));
    }

    @Test
    @DisplayName("defaults need no outside service")
    void defaults() {
        AppConfig config = AppConfig.parse(TestConfig.base());
        assertThat(config.cache().embedded()).isTrue();
        assertThat(config.cache().keyPrefix()).isEqualTo("exchange_analytics:");
        assertThat(config.notification().discordChannels()).isEmpty();
        assertThat(config.notification().email().enabled()).isFalse();
        assertThat(config.notification().locale()).isEqualTo("ja");
        assertThat(config.monitor().intervalSeconds()).isEqualTo(60);
    }

    @Test
    @DisplayName("environment variables override keys, converted to the key's type")
    void envOverrides() {
        JsonObject merged = TestConfig.base()
            .put("HTTP_PORT", "9090")
            .put("SMTP_SSL", "true")
            .put("DISCORD_WEBHOOK_URL", "https://discord.com/api/webhooks/1/t")
            .put("NOTIFY_LOCALE", "EN");
        AppConfig config = AppConfig.parse(EnvBindings.apply(merged));
        assertThat(config.http().port()).isEqualTo(9090);
        assertThat(config.notification().email().ssl()).isTrue();
        assertThat(config.notification().discordChannels()).containsKey("default");
        assertThat(config.notification().locale()).isEqualTo("en");
        assertThat(config.json().containsKey("HTTP_PORT")).isFalse();
    }

    @Test
    @DisplayName("an empty variable unsets its key")
    void emptyUnsets() {
        JsonObject merged = TestConfig.base();
        merged.getJsonObject("cache").put("redisUrl", "redis://127.0.0.1:6379");
        merged.put("REDIS_URL", "");
        assertThat(AppConfig.parse(EnvBindings.apply(merged)).cache().embedded()).isTrue();
    }

    @Test
    @DisplayName("a port out of range names the key and its variable")
    void portOutOfRange() {
        assertThatThrownBy(() -> parseWithEnv("HTTP_PORT", "70000"))
            .isInstanceOf(ConfigException.class)
            .hasMessage("Invalid configuration: http.port (env HTTP_PORT) must be between 0 and 65535, got 70000");
    }

    @Test
    @DisplayName("an HTTP host is an IP address or a host name; anything else names the key and its variable")
    void httpHost() {
        for (String good : List.of("0.0.0.0", "127.0.0.1", "::", "::1", "fe80::1", "localhost",
            "api-1.internal.example.com", "example.com.", "3com.net")) {
            assertThat(parseWithEnv("HTTP_HOST", good).http().host()).as(good).isEqualTo(good);
        }
        for (String bad : List.of("not a host", "256.1.1.1", "1.2.3", "-lead.example", "trail-.example",
            "a..b", "[::1]", "::g", "host:8080", "under_score", "x".repeat(64) + ".example",
            "http://localhost")) {
            assertThatThrownBy(() -> parseWithEnv("HTTP_HOST", bad)).as(bad)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid configuration: http.host (env HTTP_HOST)"
                    + " must be an IP address or a host name, got '");
        }
        assertThat(AppConfig.parse(TestConfig.base()).http().host()).isEqualTo("127.0.0.1");
    }

    @Test
    @DisplayName("a wrong type names the key")
    void wrongType() {
        JsonObject json = TestConfig.base();
        json.getJsonObject("monitor").put("intervalSeconds", true);
        assertThatThrownBy(() -> AppConfig.parse(json))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("monitor.intervalSeconds (env METRICS_INTERVAL_SECONDS) must be an integer");
        assertThatThrownBy(() -> parseWithEnv("SMTP_PORT", "abc"))
            .hasMessageContaining("notify.email.port (env SMTP_PORT)");
    }

    @Test
    @DisplayName("a bad URL names the key and never echoes the value")
    void badUrl() {
        assertThatThrownBy(() -> parseWithEnv("REDIS_URL", "http://user:topsecret@host"))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("cache.redisUrl (env REDIS_URL) must be a URL with scheme")
            .hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> parseWithEnv("DISCORD_WEBHOOK_URL", "not a url"))
            .hasMessageContaining("notify.discord.channels.default (env DISCORD_WEBHOOK_URL)");
    }

    @Test
    @DisplayName("a word outside its set names the key")
    void badWord() {
        assertThatThrownBy(() -> parseWithEnv("SMTP_STARTTLS", "maybe"))
            .hasMessageContaining("notify.email.starttls (env SMTP_STARTTLS) must be one of disabled, optional, required");
        assertThatThrownBy(() -> parseWithEnv("NOTIFY_LOCALE", "fr"))
            .hasMessageContaining("notify.locale");
    }

    @Test
    @DisplayName("a secret value is never echoed in an error")
    void secretNotEchoed() {
        JsonObject json = TestConfig.base();
        json.getJsonObject("monitor").put("healthToken", 12345);
        assertThatThrownBy(() -> AppConfig.parse(json)).hasMessageNotContaining("12345");
    }
}
