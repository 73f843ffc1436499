package com.exchangeanalytics.infra.notify;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The stand-in is only useful if it refuses what Discord refuses; these checks keep it honest. */
@ExtendWith(VertxExtension.class)
@DisplayName("The Discord stand-in")
class DiscordStandInTest {

    private static final String AGENT = "DiscordBot (https://example.com, 1.0)";
    private DiscordStandIn discord;
    private WebClient web;

    @BeforeEach
    void setUp(Vertx vertx) {
        discord = DiscordStandIn.start(vertx);
        web = WebClient.create(vertx);
    }

    @AfterEach
    void tearDown() {
        web.close();
        discord.close();
    }

    private HttpResponse<Buffer> post(String path, String agent, JsonObject body) throws Exception {
        var request = web.postAbs("http://127.0.0.1:" + discord.port() + path);
        if (agent != null) {
            request.putHeader("User-Agent", agent);
        }
        return request.sendJsonObject(body).await(10, TimeUnit.SECONDS);
    }

    private static JsonObject alert(String title) {
        return new JsonObject().put("embeds", new JsonArray().add(new JsonObject().put("title", title)));
    }

    @Test
    @DisplayName("serves only /api/v10/, answers the message only with wait=true, wants a DiscordBot agent")
    void protocol() throws Exception {
        assertThat(post("/api/webhooks/1/t?wait=true", AGENT, alert("a")).statusCode()).isEqualTo(400);
        assertThat(post("/api/v10/webhooks/1/t?wait=true", "curl/8", alert("a")).statusCode()).isEqualTo(400);
        assertThat(post("/api/v10/webhooks/1/t", AGENT, alert("a")).statusCode()).isEqualTo(204);
        HttpResponse<Buffer> waited = post("/api/v10/webhooks/1/t?wait=true", AGENT, alert("b"));
        assertThat(waited.statusCode()).isEqualTo(200);
        assertThat(waited.bodyAsJsonObject().getString("id")).isNotBlank();
        assertThat(waited.getHeader("X-RateLimit-Bucket")).isNotBlank();
        // like Discord, rejected requests to a webhook count against its bucket too
        assertThat(waited.getHeader("X-RateLimit-Remaining")).isEqualTo("2");
    }

    @Test
    @DisplayName("rejects a message over a limit, or with an empty field value, with Discord's 50035 body")
    void limits() throws Exception {
        HttpResponse<Buffer> long1 = post("/api/v10/webhooks/1/t?wait=true", AGENT, alert("x".repeat(257)));
        JsonObject emptyField = new JsonObject().put("embeds", new JsonArray().add(new JsonObject()
            .put("fields", new JsonArray().add(new JsonObject().put("name", "n").put("value", "")))));
        HttpResponse<Buffer> empty = post("/api/v10/webhooks/1/t?wait=true", AGENT, emptyField);
        for (HttpResponse<Buffer> response : java.util.List.of(long1, empty)) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.bodyAsJsonObject().getInteger("code")).isEqualTo(50035);
            assertThat(response.bodyAsJsonObject().getString("message")).isEqualTo("Invalid Form Body");
        }
        assertThat(discord.received()).isEmpty();
    }

    @Test
    @DisplayName("answers Discord's 429 with Via once a webhook's bucket is empty")
    void rateLimit() throws Exception {
        discord.rateLimit(2, Duration.ofSeconds(5));
        post("/api/v10/webhooks/9/t?wait=true", AGENT, alert("1"));
        post("/api/v10/webhooks/9/t?wait=true", AGENT, alert("2"));
        HttpResponse<Buffer> limited = post("/api/v10/webhooks/9/t?wait=true", AGENT, alert("3"));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.getHeader("Via")).isEqualTo("1.1 google");
        assertThat(limited.bodyAsJsonObject().getDouble("retry_after")).isBetween(0.0, 5.0);
        assertThat(limited.bodyAsJsonObject().getBoolean("global")).isFalse();
        HttpResponse<Buffer> otherWebhook = post("/api/v10/webhooks/8/t?wait=true", AGENT, alert("other"));
        assertThat(otherWebhook.statusCode()).isEqualTo(200);
    }
}
