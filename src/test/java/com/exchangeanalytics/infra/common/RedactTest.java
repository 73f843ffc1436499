package com.exchangeanalytics.infra.common;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Redaction")
class RedactTest {

    @Test
    @DisplayName("hides the password of a URL but keeps host and user")
    void urlPassword() {
        assertThat(Redact.text("connecting to redis://admin:s3cr3t@cache:6379/0 now"))
            .isEqualTo("connecting to redis://admin:***@cache:6379/0 now");
        assertThat(Redact.text("rediss://:onlypass@host:6380"))
            .isEqualTo("rediss://:***@host:6380");
    }

    @Test
    @DisplayName("hides a Discord webhook token")
    void webhookToken() {
        String url = "https://discord.com/api/webhooks/1234567890/AbC-dEf_123.xyz?wait=true";
        assertThat(Redact.text("POST " + url + " failed"))
            .doesNotContain("AbC-dEf_123")
            .contains("/webhooks/1234567890/***");
    }

    @Test
    @DisplayName("hides bearer tokens and secret query parameters")
    void tokens() {
        assertThat(Redact.text("Authorization: Bearer abc.def.ghi")).isEqualTo("Authorization: Bearer ***");
        assertThat(Redact.text("https://x.io/hook?user=a&token=zzz&v=1")).isEqualTo("https://x.io/hook?user=a&token=***&v=1");
    }

    @Test
    @DisplayName("leaves ordinary text alone")
    void ordinaryText() {
        String text = "Report r-42 delivered to channel default in 120 ms (https://example.com/docs)";
        assertThat(Redact.text(text)).isEqualTo(text);
    }

    @Test
    @DisplayName("masks secret-named config values and webhook URLs in a config tree")
    void configTree() {
        JsonObject config = new JsonObject()
            .put("notify", new JsonObject()
                .put("email", new JsonObject().put("password", "pw1").put("host", "smtp.local"))
                .put("discord", new JsonObject().put("channels", new JsonObject()
                    .put("default", "https://discord.com/api/webhooks/1/tok123"))))
            .put("cache", new JsonObject().put("redisUrl", "redis://u:pw2@r:6379"))
            .put("monitor", new JsonObject().put("healthToken", "tok456"));
        String shown = Redact.config(config).encode();
        assertThat(shown).doesNotContain("pw1", "pw2", "tok123", "tok456").contains("smtp.local", "r:6379");
    }

    @Test
    @DisplayName("masks webhook header values and token-bearing URL paths of generic webhooks and probes")
    void configWebhooksAndProbes() {
        JsonObject config = new JsonObject()
            .put("notify", new JsonObject().put("webhooks", new JsonObject()
                .put("slack", "https://hooks.slack.example/services/T0/B0/slackSecret9")
                .put("audit", new JsonObject()
                    .put("url", "https://audit.example:8443/ingest/pathToken7")
                    .put("headers", new JsonObject().put("X-Api-Key", "hdrKey3").put("X-Team", "fx")))))
            .put("monitor", new JsonObject().put("probes", new JsonObject()
                .put("rates", "https://rates.example/v1/latest?apikey=probeKey5")));
        String shown = Redact.config(config).encode();
        assertThat(shown)
            .doesNotContain("slackSecret9", "pathToken7", "hdrKey3", "fx", "probeKey5")
            .contains("https://hooks.slack.example/***", "https://audit.example:8443/***",
                "https://rates.example/***", "X-Api-Key");
    }

    @Test
    @DisplayName("names only the host of an endpoint")
    void endpoint() {
        assertThat(Redact.endpoint("https://hooks.example.com:8443/services/T0/B0/XYZ"))
            .isEqualTo("https://hooks.example.com:8443/***");
    }
}
