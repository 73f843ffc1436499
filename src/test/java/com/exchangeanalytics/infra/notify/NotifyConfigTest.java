package com.exchangeanalytics.infra.notify;

import com.exchangeanalytics.infra.config.AppConfig;
import com.exchangeanalytics.infra.config.ConfigException;
import com.exchangeanalytics.infra.config.ConfigReader;
import com.exchangeanalytics.infra.config.EnvBindings;
import com.exchangeanalytics.infra.support.TestConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The notify configuration")
class NotifyConfigTest {

    private static NotifyConfig parse(JsonObject notify) {
        JsonObject root = TestConfig.base();
        root.getJsonObject("notify").mergeIn(notify, true);
        return NotifyConfig.parse(new ConfigReader(root));
    }

    @Test
    @DisplayName("ships defaults for delivery, bot identity and colours")
    void defaults() {
        NotifyConfig config = AppConfig.parse(TestConfig.base()).notification();
        assertThat(config.delivery().replyWindowMs()).isEqualTo(10_000);
        assertThat(config.delivery().deadlineSeconds()).isEqualTo(3600);
        assertThat(config.delivery().dedupWindowSeconds()).isEqualTo(300);
        assertThat(config.delivery().capacity()).isEqualTo(10_000);
        assertThat(config.discord().username()).isEqualTo("Exchange Analytics Bot");
        assertThat(config.discord().avatarUrl()).isNull();
        assertThat(config.discord().colors().warning()).isEqualTo(0xf39c12);
        assertThat(config.discord().colors().confidenceNone()).isEqualTo(0x0099ff);
        assertThat(config.webhooks()).isEmpty();
    }

    @Test
    @DisplayName("reads the delivery settings from environment variables")
    void environment() {
        JsonObject merged = TestConfig.base()
            .put("NOTIFY_REPLY_WINDOW_MS", "2500")
            .put("NOTIFY_DEDUP_WINDOW_SECONDS", "0")
            .put("NOTIFY_RETRY_DEADLINE_SECONDS", "600")
            .put("NOTIFY_RETRY_MAX_ATTEMPTS", "7")
            .put("NOTIFY_OUTBOX_CAPACITY", "99")
            .put("DISCORD_USERNAME", "FX Desk")
            .put("DISCORD_AVATAR_URL", "https://cdn.example/fx.png");
        NotifyConfig config = AppConfig.parse(EnvBindings.apply(merged)).notification();
        assertThat(config.delivery().replyWindowMs()).isEqualTo(2500);
        assertThat(config.delivery().dedupWindowSeconds()).isZero();
        assertThat(config.delivery().deadlineSeconds()).isEqualTo(600);
        assertThat(config.delivery().maxAttempts()).isEqualTo(7);
        assertThat(config.delivery().capacity()).isEqualTo(99);
        assertThat(config.discord().username()).isEqualTo("FX Desk");
        assertThat(config.discord().avatarUrl()).isEqualTo("https://cdn.example/fx.png");
    }

    @Test
    @DisplayName("reads webhook targets as URLs or as objects with fixed headers")
    void webhookTargets() {
        NotifyConfig config = parse(new JsonObject().put("webhooks", new JsonObject()
            .put("plain", "https://hooks.example/a")
            .put("signed", new JsonObject().put("url", "https://hooks.example/b")
                .put("headers", new JsonObject().put("Authorization", "Bearer s3cr3t")))));
        assertThat(config.webhooks().get("plain").headers()).isEmpty();
        assertThat(config.webhooks().get("signed").url().toString()).isEqualTo("https://hooks.example/b");
        assertThat(config.webhooks().get("signed").headers()).containsEntry("Authorization", "Bearer s3cr3t");
    }

    @Test
    @DisplayName("rejects an unsafe fixed header without echoing its value")
    void unsafeHeaders() {
        JsonObject injection = new JsonObject().put("webhooks", new JsonObject().put("t", new JsonObject()
            .put("url", "https://hooks.example/a")
            .put("headers", new JsonObject().put("X-Token", "s3cr3t\r\nHost: evil"))));
        assertThatThrownBy(() -> parse(injection))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("notify.webhooks.t.headers")
            .hasMessageContaining("X-Token")
            .hasMessageNotContaining("s3cr3t");
        JsonObject host = new JsonObject().put("webhooks", new JsonObject().put("t", new JsonObject()
            .put("url", "https://hooks.example/a").put("headers", new JsonObject().put("Host", "x"))));
        assertThatThrownBy(() -> parse(host)).hasMessageContaining("may not set header 'Host'");
    }

    @Test
    @DisplayName("reserves the names discord and email for the built-in channels")
    void reservedNames() {
        assertThatThrownBy(() -> parse(new JsonObject().put("webhooks", new JsonObject()
            .put("email", "https://hooks.example/a"))))
            .hasMessageContaining("notify.webhooks.email")
            .hasMessageContaining("reserved");
    }

    @Test
    @DisplayName("accepts only Discord webhook URLs for Discord channels")
    void discordUrls() {
        assertThatThrownBy(() -> parse(new JsonObject().put("discord", new JsonObject()
            .put("channels", new JsonObject().put("ops", "https://discord.com/channels/1/2")))))
            .hasMessageContaining("notify.discord.channels.ops")
            .hasMessageContaining("not a Discord webhook URL");
    }

    @Test
    @DisplayName("reads colours as hex strings or integers and rejects anything else")
    void colours() {
        JsonObject colors = new JsonObject()
            .put("info", "#010203")
            .put("error", 255)
            .put("success", "0xABCDEF");
        NotifyConfig config = parse(new JsonObject().put("discord", new JsonObject().put("colors", colors)));
        assertThat(config.discord().colors().info()).isEqualTo(0x010203);
        assertThat(config.discord().colors().error()).isEqualTo(255);
        assertThat(config.discord().colors().success()).isEqualTo(0xabcdef);
        assertThatThrownBy(() -> parse(new JsonObject().put("discord", new JsonObject()
            .put("colors", new JsonObject().put("info", "blue")))))
            .hasMessageContaining("notify.discord.colors.info");
    }

    @Test
    @DisplayName("rejects a bot name Discord would refuse")
    void username() {
        assertThatThrownBy(() -> parse(new JsonObject().put("discord", new JsonObject()
            .put("username", "My Discord Bot"))))
            .hasMessageContaining("notify.discord.username");
    }
}
