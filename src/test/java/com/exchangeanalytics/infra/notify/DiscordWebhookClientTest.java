package com.exchangeanalytics.infra.notify;

import com.exchangeanalytics.infra.config.ConfigReader;
import com.exchangeanalytics.infra.support.LogCapture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The Discord webhook client")
class DiscordWebhookClientTest {

    private static final String TOKEN = "tok-3f9a1c2b7d";
    private static final String OTHER_TOKEN = "tok-other-88e1";

    private Vertx vertx;
    private DiscordStandIn discord;
    private OnContext on;
    private LogCapture logs;
    private final DiscordEmbeds embeds = new DiscordEmbeds(Labels.of("en"),
        NotifyConfig.parse(new ConfigReader(new JsonObject())).discord().colors(), null);

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        this.discord = DiscordStandIn.start(vertx);
        this.on = new OnContext(vertx);
        this.logs = LogCapture.attach();
    }

    @AfterEach
    void tearDown() {
        discord.close();
        assertThat(logs.text()).doesNotContain(TOKEN).doesNotContain(OTHER_TOKEN);
        logs.close();
    }

    private DiscordWebhookClient client(int maxRetries, long maxWaitMs, long cloudflareMs, long timeoutMs) {
        Map<String, URI> channels = new LinkedHashMap<>();
        channels.put("default", URI.create(discord.webhookUrl("111", TOKEN) + "?thread_id=777"));
        channels.put("ops", URI.create(discord.webhookUrl("222", OTHER_TOKEN)));
        NotifyConfig.Discord settings = new NotifyConfig.Discord("Exchange Analytics Bot",
            "https://cdn.example/a.png", null, timeoutMs, maxRetries, maxWaitMs, cloudflareMs);
        return new DiscordWebhookClient(vertx, channels, settings);
    }

    private DiscordWebhookClient client() {
        return client(5, 10_000, 500, 2000);
    }

    private JsonObject alert(String title) {
        return embeds.alert(title, "text", DiscordEmbeds.Level.INFO, Instant.now(), 0);
    }

    private static String execute(String url) {
        return DiscordWebhookUrl.parse(URI.create(url)).executeUri();
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    @DisplayName("posts to /api/v10/ with wait=true, keeps thread_id, identifies itself and mentions nobody")
    void request() {
        DiscordWebhookClient client = client();
        String id = on.await(() -> client.execute("default", alert("hello")));
        DiscordStandIn.Received received = discord.received().get(0);
        assertThat(id).isEqualTo(received.messageId());
        assertThat(received.webhookId()).isEqualTo("111");
        assertThat(received.query()).contains("wait=true").contains("thread_id=777");
        assertThat(received.headers().get("User-Agent"))
            .matches("DiscordBot \\(https://\\S+, [0-9][0-9A-Za-z.-]*\\)");
        assertThat(received.body().getString("username")).isEqualTo("Exchange Analytics Bot");
        assertThat(received.body().getString("avatar_url")).isEqualTo("https://cdn.example/a.png");
        assertThat(received.body().getJsonObject("allowed_mentions").getJsonArray("parse")).isEmpty();
    }

    @Test
    @DisplayName("waits for the bucket to reset instead of running into 429s")
    void waitsBeforeTheBucketRunsDry() {
        discord.rateLimit(2, Duration.ofMillis(600));
        DiscordWebhookClient client = client();
        long start = System.nanoTime();
        for (int i = 0; i < 6; i++) {
            String title = "m" + i;
            on.await(() -> client.execute("default", alert(title)));
        }
        assertThat(discord.discord429s()).isZero();
        assertThat(discord.received()).hasSize(6);
        assertThat(millisSince(start)).isGreaterThanOrEqualTo(2 * 600);
    }

    @Test
    @DisplayName("waits retry_after on a 429 and then delivers")
    void bucket429() {
        discord.bucket429Next(1, 0.4);
        DiscordWebhookClient client = client();
        String id = on.await(() -> client.execute("default", alert("after 429")));
        assertThat(id).isNotNull();
        long waited = discord.received().get(0).atMillis() - discord.lastRateLimitedAt();
        assertThat(waited).isGreaterThanOrEqualTo(400);
        assertThat(discord.discord429s()).isEqualTo(1);
        assertThat(logs.text()).contains("Discord rate limit hit on channel default");
    }

    @Test
    @DisplayName("pauses every channel after a global 429")
    void global429() throws Exception {
        discord.global429Next(1, 0.8);
        DiscordWebhookClient client = client();
        long start = System.nanoTime();
        Future<String> first = on.start(() -> client.execute("default", alert("global")));
        NotifyHarness.awaitCondition("the global 429", Duration.ofSeconds(5), () -> discord.discord429s() == 1);
        long limitedAt = System.nanoTime();
        on.await(() -> client.execute("ops", alert("other channel")));
        // the other channel waited for (nearly all of) the 800 ms pause; the poll above can lag a little
        assertThat(millisSince(limitedAt)).isGreaterThanOrEqualTo(650);
        assertThat(millisSince(start)).isGreaterThanOrEqualTo(800);
        assertThat(first.await(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(discord.received()).hasSize(2);
    }

    @Test
    @DisplayName("backs off all of Discord, longer, after a Cloudflare 429 without a Via header")
    void cloudflare429() throws Exception {
        discord.cloudflare429Next(1, 0.1);
        DiscordWebhookClient client = client(5, 10_000, 700, 2000);
        long start = System.nanoTime();
        Future<String> first = on.start(() -> client.execute("default", alert("cloudflare")));
        NotifyHarness.awaitCondition("the Cloudflare 429", Duration.ofSeconds(5),
            () -> discord.cloudflare429s() == 1);
        long limitedAt = System.nanoTime();
        on.await(() -> client.execute("ops", alert("other channel")));
        assertThat(millisSince(limitedAt)).isGreaterThanOrEqualTo(550);
        assertThat(millisSince(start)).isGreaterThanOrEqualTo(700);
        assertThat(first.await(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(logs.text()).contains("from Cloudflare");
    }

    @Test
    @DisplayName("gives up on a message after the cap of rate-limit retries, as a transient failure")
    void rateLimitCap() {
        discord.bucket429Next(5, 0.05);
        DiscordWebhookClient client = client(2, 10_000, 500, 2000);
        Throwable failure = on.failure(() -> client.execute("default", alert("capped")));
        assertThat(failure).isInstanceOf(DeliveryException.class).hasMessageContaining("rate limited");
        assertThat(((DeliveryException) failure).permanent()).isFalse();
        assertThat(((DeliveryException) failure).retryAfter()).isNotNull();
        assertThat(discord.discord429s()).isEqualTo(3);
    }

    @Test
    @DisplayName("disables a channel whose webhook answers 404 and reports it")
    void deletedWebhook() {
        discord.deleteWebhook("111");
        DiscordWebhookClient client = client();
        Throwable first = on.failure(() -> client.execute("default", alert("gone")));
        int requests = discord.requests();
        Throwable second = on.failure(() -> client.execute("default", alert("still gone")));
        assertThat(first).isInstanceOf(DeliveryException.class).hasMessageContaining("404");
        assertThat(((DeliveryException) first).permanent()).isTrue();
        assertThat(second).hasMessage(first.getMessage());
        assertThat(discord.requests()).isEqualTo(requests);
        assertThat(client.channelStatus().get("default").healthy()).isFalse();
        assertThat(client.channelStatus().get("ops").healthy()).isTrue();
        assertThat(logs.lines().stream().filter(line -> line.startsWith("ERROR")).count()).isEqualTo(1);
    }

    @Test
    @DisplayName("treats 5xx and timeouts as transient and 400 as permanent, with safe messages")
    void failureKinds() {
        DiscordWebhookClient client = client(5, 10_000, 500, 300);
        discord.failNext(1, 502);
        Throwable serverError = on.failure(() -> client.execute("default", alert("a")));
        discord.stallNext(1);
        Throwable timeout = on.failure(() -> client.execute("default", alert("b")));
        JsonObject invalid = new JsonObject().put("embeds", new io.vertx.core.json.JsonArray()
            .add(new JsonObject().put("title", "x".repeat(300))));
        Throwable badRequest = on.failure(() -> client.execute("default", invalid));

        assertThat(((DeliveryException) serverError).permanent()).isFalse();
        assertThat(serverError).hasMessage("Discord answered HTTP 502");
        assertThat(((DeliveryException) timeout).permanent()).isFalse();
        assertThat(timeout).hasMessage("Discord did not answer within 300 ms");
        assertThat(((DeliveryException) badRequest).permanent()).isTrue();
        assertThat(badRequest).hasMessageContaining("HTTP 400").hasMessageContaining("50035");
        for (Throwable failure : new Throwable[] {serverError, timeout, badRequest}) {
            assertThat(failure.getMessage()).doesNotContain(TOKEN);
        }
    }

    @Test
    @DisplayName("reads retry_after in seconds from the body, else from Retry-After")
    void retryAfterParsing() {
        assertThat(DiscordWebhookClient.retryAfterMillis(new JsonObject().put("retry_after", 0.6), "5"))
            .isEqualTo(600);
        assertThat(DiscordWebhookClient.retryAfterMillis(null, "2")).isEqualTo(2000);
        assertThat(DiscordWebhookClient.retryAfterMillis(null, null)).isEqualTo(1000);
    }

    @Test
    @DisplayName("rewrites every form of webhook URL to the versioned API")
    void urlRewrite() {
        assertThat(execute("https://discord.com/api/webhooks/123/abc"))
            .isEqualTo("https://discord.com/api/v10/webhooks/123/abc?wait=true");
        assertThat(execute("https://discordapp.com/api/v6/webhooks/123/abc/?wait=false"))
            .isEqualTo("https://discordapp.com/api/v10/webhooks/123/abc?wait=true");
        assertThat(execute("http://proxy:8080/discord/api/webhooks/1/t?thread_id=9"))
            .isEqualTo("http://proxy:8080/discord/api/v10/webhooks/1/t?wait=true&thread_id=9");
        assertThat(DiscordWebhookUrl.parse(URI.create("https://discord.com/channels/1/2"))).isNull();
        assertThat(DiscordWebhookUrl.parse(URI.create("https://discord.com/api/webhooks/123/abc")).toString())
            .doesNotContain("abc");
    }
}
