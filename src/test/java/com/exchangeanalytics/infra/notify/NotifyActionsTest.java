package com.exchangeanalytics.infra.notify;

import com.exchangeanalytics.infra.support.LogCapture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.exchangeanalytics.infra.notify.NotifyHarness.awaitCondition;
import static com.exchangeanalytics.infra.notify.NotifyHarness.failure;
import static com.exchangeanalytics.infra.notify.NotifyHarness.ok;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The notify service")
class NotifyActionsTest {

    @TempDir
    Path dataDir;
    private NotifyHarness harness;
    private NotifyClient client;
    private LogCapture logs;

    @BeforeEach
    void setUp(Vertx vertx) {
        logs = LogCapture.attach();
        harness = new NotifyHarness(vertx, dataDir);
        client = harness.client;
    }

    @AfterEach
    void tearDown() {
        harness.close();
        assertThat(logs.text()).doesNotContain(NotifyHarness.TOKEN).doesNotContain(NotifyHarness.OPS_TOKEN);
        logs.close();
    }

    private JsonObject deadLetter(String id) {
        JsonArray items = ok(client.deadLetters().map(list -> new JsonObject().put("items", list)))
            .getJsonArray("items");
        for (int i = 0; i < items.size(); i++) {
            if (items.getJsonObject(i).getString("id").equals(id)) {
                return items.getJsonObject(i);
            }
        }
        return null;
    }

    @Test
    @DisplayName("delivers a report to Discord and answers delivered with Discord's message id")
    void discordReport() {
        harness.deploy();
        NotifyMetrics metrics = new NotifyMetrics();
        double before = metrics.count(OutboxEntry.Transport.DISCORD, "delivered");
        JsonObject reply = ok(client.discordReport(Reports.sample(), null));
        assertThat(metrics.count(OutboxEntry.Transport.DISCORD, "delivered")).isEqualTo(before + 1);
        assertThat(reply.getString("status")).isEqualTo("delivered");
        assertThat(reply.getString("id")).isNotBlank();
        DiscordStandIn.Received received = harness.discord.received().get(0);
        assertThat(reply.getString("messageId")).isEqualTo(received.messageId());
        assertThat(received.webhookId()).isEqualTo("111");
        assertThat(received.title()).isEqualTo("📊 USD/JPY daily outlook");
        assertThat(received.body().getString("username")).isEqualTo("FX Bot");
        assertThat(received.body().getJsonObject("allowed_mentions").getJsonArray("parse")).isEmpty();
    }

    @Test
    @DisplayName("answers invalid input with 400 or 404 and queues nothing")
    void invalidInput() {
        harness.deploy();
        List<ReplyException> failures = new ArrayList<>();
        failures.add(failure(client.discordReport(Reports.sample().put("confidenceScore", 1.5), null)));
        failures.add(failure(client.discordReport(Reports.sample().put("reportDate", "yesterday"), null)));
        failures.add(failure(client.discordAlert("", "text", "info", null)));
        failures.add(failure(client.discordAlert("title", "text", "fatal", null)));
        failures.add(failure(client.webhook("audit", new JsonObject(), Map.of("X-Evil", "a\r\nHost: evil"))));
        failures.add(failure(client.webhook("audit", new JsonObject(), Map.of("Host", "elsewhere"))));
        failures.add(failure(client.email(List.of("not-an-address"), "s", "c", null)));
        failures.add(failure(client.email(List.of("a@example.com"), "hi\r\nBcc: x@evil.com", "c", null)));
        failures.add(failure(client.email(List.of("a@example.com"), "s", "c", "application/pdf")));
        assertThat(failures).allSatisfy(failure -> assertThat(failure.failureCode()).isEqualTo(400));
        assertThat(failures.get(0).getMessage()).contains("field 'report.confidenceScore'");
        assertThat(failures.get(1).getMessage()).contains("field 'report.reportDate'");
        assertThat(failures.get(3).getMessage()).contains("field 'level'");
        assertThat(failure(client.discordReport(Reports.sample().putNull("title"), null)).getMessage())
            .contains("field 'report.title' is required");
        assertThat(failures.get(7).getMessage()).contains("CR or LF");

        ReplyException unknownChannel = failure(client.discordAlert("t", "m", "info", "nope"));
        ReplyException unknownTarget = failure(client.webhook("elsewhere", new JsonObject(), null));
        assertThat(unknownChannel.failureCode()).isEqualTo(404);
        assertThat(unknownChannel.getMessage()).contains("default, ops");
        assertThat(unknownTarget.failureCode()).isEqualTo(404);

        assertThat(harness.discord.requests()).isZero();
        assertThat(harness.webhook.requests()).isEmpty();
        assertThat(harness.email.sent()).isEmpty();
        assertThat(ok(client.deadLetters().map(items -> new JsonObject().put("items", items)))
            .getJsonArray("items")).isEmpty();
    }

    @Test
    @DisplayName("sends each alert level to the named channel")
    void discordAlert() {
        harness.deploy();
        JsonObject reply = ok(client.discordAlert("Feed lag", "EUR/USD ticks 30 s late", "warning", "ops"));
        assertThat(reply.getString("status")).isEqualTo("delivered");
        DiscordStandIn.Received received = harness.discord.received().get(0);
        assertThat(received.webhookId()).isEqualTo("222");
        assertThat(received.title()).isEqualTo("⚠️ Feed lag");
        assertThat(received.body().getJsonArray("embeds").getJsonObject(0).getInteger("color"))
            .isEqualTo(0xf39c12);
    }

    @Test
    @DisplayName("sends an identical alert once within the dedup window and counts the repeats")
    void dedup() throws Exception {
        harness.settings().put("dedupWindowSeconds", 2).put("replyWindowMs", 0);
        harness.deploy();
        long firstAt = System.nanoTime();
        JsonObject first = ok(client.discordAlert("Disk full", "97%", "error", null));
        JsonObject second = ok(client.discordAlert("Disk full", "98%", "error", null));
        JsonObject third = ok(client.discordAlert("Disk full", "99%", "error", null));
        JsonObject otherLevel = ok(client.discordAlert("Disk full", "99%", "warning", null));
        assertThat(first.getString("status")).isEqualTo("queued");
        assertThat(second.getString("status")).isEqualTo("deduplicated");
        assertThat(second.getString("id")).isEqualTo(first.getString("id"));
        assertThat(third.getString("id")).isEqualTo(first.getString("id"));
        assertThat(third.getInteger("duplicates")).isEqualTo(2);
        assertThat(otherLevel.getString("status")).isEqualTo("queued");
        awaitCondition("two deliveries", Duration.ofSeconds(10), () -> harness.discord.received().size() == 2);

        long windowEnd = firstAt + Duration.ofSeconds(2).toNanos();
        awaitCondition("the dedup window to end", Duration.ofSeconds(5), () -> System.nanoTime() > windowEnd);
        JsonObject after = ok(client.discordAlert("Disk full", "100%", "error", null));
        assertThat(after.getString("status")).isEqualTo("queued");
        awaitCondition("a third delivery", Duration.ofSeconds(10), () -> harness.discord.received().size() == 3);
        assertThat(harness.discord.received()).hasSize(3);
        String footer = harness.discord.received().get(2).body().getJsonArray("embeds").getJsonObject(0)
            .getJsonObject("footer").getString("text");
        assertThat(footer).contains("重複 2 件を抑制");
    }


    @Test
    @DisplayName("posts a webhook payload with the caller's and the configured headers, configured first")
    void webhook() {
        harness.deploy();
        JsonObject payload = new JsonObject().put("event", "report.ready").put("id", "rep-1");
        Map<String, String> headers = Map.of("X-Trace", "t-1", "X-Fixed", "from-caller");
        JsonObject reply = ok(client.webhook("audit", payload, headers));
        assertThat(reply.getString("status")).isEqualTo("delivered");
        assertThat(reply.getString("messageId")).isEqualTo("req-1");
        WebhookReceiver.Request request = harness.webhook.requests().get(0);
        assertThat(request.path()).isEqualTo("/audit");
        assertThat(request.body()).isEqualTo(payload);
        assertThat(request.headers().get("X-Trace")).isEqualTo("t-1");
        assertThat(request.headers().getAll("X-Fixed")).containsExactly("from-config");
        assertThat(request.headers().get("Content-Type")).startsWith("application/json");
    }

    @Test
    @DisplayName("retries a webhook after 5xx and 429 but dead-letters a 4xx at once")
    void webhookFailures() {
        harness.deploy();
        harness.webhook.answerNext(503, 429, 200);
        JsonObject retried = ok(client.webhook("plain", new JsonObject().put("n", 1), null));
        assertThat(retried.getString("status")).isEqualTo("delivered");

        harness.webhook.answerNext(422);
        ReplyException rejected = failure(client.webhook("plain", new JsonObject().put("n", 2), null));
        assertThat(rejected.failureCode()).isEqualTo(503);
        assertThat(rejected.getMessage()).contains("HTTP 422").contains("dead letter");
        assertThat(harness.webhook.requests()).hasSize(1);
    }

    @Test
    @DisplayName("sends email through the email sender, HTML with a text alternative, and report emails")
    void email() {
        harness.deploy();
        JsonObject plain = ok(client.email(List.of("ops@example.com"), "Daily", "All quiet.", null));
        JsonObject html = ok(client.email(List.of("a@example.com", "b@example.com"), "Digest",
            "<p>Rates <b>up</b></p>", "text/html"));
        JsonObject report = ok(client.reportEmail(Reports.sample(), List.of("desk@example.com")));
        assertThat(plain.getString("status")).isEqualTo("delivered");
        assertThat(plain.getString("messageId")).startsWith("<fake-");
        assertThat(html.getString("status")).isEqualTo("delivered");
        assertThat(report.getString("status")).isEqualTo("delivered");
        List<EmailMessage> sent = harness.email.sent();
        assertThat(sent.get(0).html()).isNull();
        assertThat(sent.get(0).text()).isEqualTo("All quiet.");
        assertThat(sent.get(1).to()).containsExactly("a@example.com", "b@example.com");
        assertThat(sent.get(1).html()).isEqualTo("<p>Rates <b>up</b></p>");
        assertThat(sent.get(1).text()).isEqualTo("Rates up");
        assertThat(sent.get(2).to()).containsExactly("desk@example.com");
        assertThat(sent.get(2).subject()).contains("USD/JPY daily outlook");
    }

    @Test
    @DisplayName("retries a transient SMTP failure and dead-letters a permanent one")
    void emailFailures() {
        harness.deploy();
        harness.email.failNext(DeliveryException.transientFailure("SMTP 451 try later"));
        assertThat(ok(client.email(List.of("a@example.com"), "s", "c", null)).getString("status"))
            .isEqualTo("delivered");
        harness.email.failNext(DeliveryException.permanent("SMTP 550 mailbox unavailable"));
        ReplyException rejected = failure(client.email(List.of("b@example.com"), "s", "c", null));
        assertThat(rejected.failureCode()).isEqualTo(503);
        assertThat(rejected.getMessage()).contains("550");
    }

    @Test
    @DisplayName("answers 503 for channels that are not configured")
    void notConfigured() {
        harness.settings().getJsonObject("discord").put("channels", new JsonObject());
        harness.settings().getJsonObject("email").putNull("host");
        harness.deploy();
        ReplyException discord = failure(client.discordAlert("t", "m", null, null));
        ReplyException email = failure(client.email(List.of("a@example.com"), "s", "c", null));
        assertThat(discord.failureCode()).isEqualTo(503);
        assertThat(discord.getMessage()).contains("DISCORD_WEBHOOK_URL");
        assertThat(email.failureCode()).isEqualTo(503);
        JsonObject test = ok(client.testChannel("email"));
        assertThat(test.getString("status")).isEqualTo("error");
        assertThat(test.getString("message")).contains("not configured");
    }

    @Test
    @DisplayName("answers 503 for the default channel when only named Discord channels are configured")
    void defaultChannelNotConfigured() {
        harness.settings().getJsonObject("discord").getJsonObject("channels").remove("default");
        harness.deploy();
        ReplyException implicit = failure(client.discordAlert("t", "m", null, null));
        ReplyException named = failure(client.discordReport(Reports.sample(), "default"));
        ReplyException unknown = failure(client.discordAlert("t", "m", null, "nope"));
        assertThat(List.of(implicit, named)).allSatisfy(refused -> {
            assertThat(refused.failureCode()).isEqualTo(503);
            assertThat(refused.getMessage()).startsWith("the default Discord channel is not configured")
                .contains("DISCORD_WEBHOOK_URL").contains("ops");
        });
        assertThat(unknown.failureCode()).isEqualTo(404);
        assertThat(unknown.getMessage()).contains("unknown Discord channel 'nope'");
        JsonObject test = ok(client.testChannel("discord"));
        assertThat(test.getString("status")).isEqualTo("error");
        assertThat(test.getString("message")).contains("the default Discord channel is not configured")
            .doesNotContain("Discord is not configured");
        assertThat(harness.discord.requests()).isZero();
        assertThat(ok(client.discordAlert("t", "m", null, "ops")).getString("status")).isEqualTo("delivered");
    }

    @Test
    @DisplayName("starts when email has a server but no sender, and refuses email sends with 503 without queueing")
    void emailWithoutSender() {
        harness.settings().getJsonObject("email").putNull("from").put("username", "apikey");
        harness.deploy();
        ReplyException plain = failure(client.email(List.of("a@example.com"), "s", "c", null));
        ReplyException report = failure(client.reportEmail(Reports.sample(), List.of("desk@example.com")));
        assertThat(List.of(plain, report)).allSatisfy(refused -> {
            assertThat(refused.failureCode()).isEqualTo(503);
            assertThat(refused.getMessage()).isEqualTo(NotifyService.NO_SENDER).doesNotContain("apikey");
        });
        assertThat(ok(client.status()).getInteger("pending")).isZero();
        assertThat(ok(client.deadLetters().map(items -> new JsonObject().put("items", items)))
            .getJsonArray("items")).isEmpty();
        assertThat(harness.email.sent()).isEmpty();
        assertThat(ok(client.discordAlert("t", "m", null, null)).getString("status")).isEqualTo("delivered");
    }

    @Test
    @DisplayName("tests each channel with a real message and reports failures as status error")
    void testChannel() {
        harness.deploy();
        JsonObject discord = ok(client.testChannel("discord"));
        JsonObject ops = ok(client.testChannel("discord:ops"));
        JsonObject email = ok(client.testChannel("email"));
        JsonObject webhook = ok(client.testChannel("audit"));
        assertThat(List.of(discord, ops, email, webhook)).allSatisfy(reply -> {
            assertThat(reply.getString("status")).isEqualTo("success");
            assertThat(reply.getString("timestamp")).isNotBlank();
        });
        assertThat(harness.discord.titles()).containsExactly("🧪 テストメッセージ", "🧪 テストメッセージ");
        assertThat(harness.email.sent().get(0).to()).containsExactly("bot@example.com");
        assertThat(harness.webhook.requests().get(0).body().getBoolean("test")).isTrue();

        harness.discord.failNext(1, 500);
        JsonObject failed = ok(client.testChannel("discord"));
        assertThat(failed.getString("status")).isEqualTo("error");
        assertThat(failed.getString("message")).contains("HTTP 500").doesNotContain(NotifyHarness.TOKEN);

        assertThat(failure(client.testChannel("slack")).failureCode()).isEqualTo(404);
        assertThat(failure(client.testChannel("discord:nope")).failureCode()).isEqualTo(404);
        assertThat(ok(client.deadLetters().map(items -> new JsonObject().put("items", items)))
            .getJsonArray("items")).isEmpty();
    }

    @Test
    @DisplayName("never retries a 400, lists it as a dead letter and re-queues it on request")
    void deadLettersAndRequeue() {
        harness.deploy();
        harness.discord.failNext(1, 400);
        ReplyException rejected = failure(client.discordAlert("Rejected once", "m", "info", null));
        assertThat(rejected.failureCode()).isEqualTo(503);
        assertThat(harness.discord.requests()).isEqualTo(1);
        String id = rejected.getMessage().replaceAll(".*dead letter (\\S+)\\)$", "$1");

        JsonObject item = deadLetter(id);
        assertThat(item).isNotNull();
        assertThat(item.getString("kind")).isEqualTo("discordAlert");
        assertThat(item.getString("channel")).isEqualTo("default");
        assertThat(item.getString("error")).contains("HTTP 400");
        assertThat(item.getInteger("attempts")).isEqualTo(1);
        assertThat(item.getString("acceptedAt")).isNotBlank();

        JsonObject requeued = ok(client.requeue(id));
        assertThat(requeued.getString("status")).isEqualTo("delivered");
        assertThat(requeued.getString("id")).isEqualTo(id);
        assertThat(deadLetter(id)).isNull();
        assertThat(harness.discord.titles()).containsExactly("ℹ️ Rejected once");

        ReplyException unknown = failure(client.requeue("no-such-id"));
        assertThat(unknown.failureCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("lists dead letters oldest first even when their times print with different precision")
    void deadLettersInTimeOrder() throws Exception {
        // Instant.toString prints 0, 3, 6 or 9 fraction digits: as text, these four sort backwards.
        List<String> times = List.of("2025-08-09T10:00:00.120300400Z", "2025-08-09T10:00:00Z",
            "2025-08-09T10:00:00.120300Z", "2025-08-09T10:00:00.120Z");
        Path journal = dataDir.resolve(FileOutboxStore.DIRECTORY).resolve(FileOutboxStore.JOURNAL);
        Files.createDirectories(journal.getParent());
        Buffer records = Buffer.buffer();
        for (int i = 0; i < times.size(); i++) {
            Instant acceptedAt = Instant.parse(times.get(i));
            OutboxEntry dead = new OutboxEntry("dead-" + i, i + 1, OutboxEntry.Kind.DISCORD_ALERT, "default",
                new JsonObject().put("content", "m"), acceptedAt, acceptedAt.plusSeconds(60), 1,
                "Discord rejected the message: HTTP 400", OutboxEntry.State.DEAD);
            records.appendBuffer(OutboxJournal.encode(new JsonObject().put("op", "accepted")
                .put("entry", dead.toJson())));
        }
        Files.write(journal, records.getBytes());
        harness.deploy();
        JsonArray items = ok(client.deadLetters().map(list -> new JsonObject().put("items", list)))
            .getJsonArray("items");
        assertThat(items.stream().map(item -> ((JsonObject) item).getString("acceptedAt")))
            .containsExactly("2025-08-09T10:00:00Z", "2025-08-09T10:00:00.120Z",
                "2025-08-09T10:00:00.120300Z", "2025-08-09T10:00:00.120300400Z");
    }

    @Test
    @DisplayName("dead-letters the queue of a deleted webhook and refuses new messages for it")
    void deletedWebhook() throws Exception {
        harness.settings().put("replyWindowMs", 200);
        harness.deploy();
        harness.discord.stallNext(1);
        List<Future<JsonObject>> replies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            replies.add(client.discordAlert("queued " + i, "m", "info", null));
        }
        awaitCondition("the first message to stall", Duration.ofSeconds(5),
            () -> harness.discord.stalled() == 1);
        harness.discord.deleteWebhook("111");
        awaitCondition("three dead letters", Duration.ofSeconds(10), () -> ok(client.deadLetters()
            .map(items -> new JsonObject().put("items", items))).getJsonArray("items").size() == 3);
        JsonArray items = ok(client.deadLetters().map(list -> new JsonObject().put("items", list)))
            .getJsonArray("items");
        assertThat(items.stream().map(item -> ((JsonObject) item).getString("error")))
            .allSatisfy(error -> assertThat(error).contains("404"));
        ReplyException refused = failure(client.discordAlert("after", "m", "info", null));
        assertThat(refused.failureCode()).isEqualTo(503);
        assertThat(ok(client.testChannel("discord")).getString("status")).isEqualTo("error");
        JsonObject status = ok(client.status());
        JsonObject defaultChannel = status.getJsonArray("discordChannels").getJsonObject(0);
        assertThat(defaultChannel.getString("channel")).isEqualTo("default");
        assertThat(defaultChannel.getBoolean("healthy")).isFalse();
        assertThat(defaultChannel.getString("reason")).contains("404");
        assertThat(status.getJsonArray("discordChannels").getJsonObject(1).getBoolean("healthy")).isTrue();
        assertThat(status.getInteger("deadLetters")).isEqualTo(3);
        assertThat(logs.lines().stream().filter(line -> line.startsWith("ERROR")
            && line.contains("disabled")).count()).isEqualTo(1);
        assertThat(ok(client.discordAlert("ops still works", "m", "info", "ops")).getString("status"))
            .isIn("delivered", "queued");
        awaitCondition("the ops channel to deliver", Duration.ofSeconds(10), () -> harness.discord.received()
            .stream()
            .anyMatch(received -> received.webhookId().equals("222")));
    }

    @Test
    @DisplayName("delivers to one channel in acceptance order while it fails and hits rate limits")
    void ordering() throws Exception {
        harness.settings().put("replyWindowMs", 100);
        harness.discord.rateLimit(5, Duration.ofMillis(400));
        harness.deploy();
        harness.discord.failNext(2, 502);
        harness.discord.bucket429Next(1, 0.1);
        List<Future<JsonObject>> replies = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add("ℹ️ order " + i);
            replies.add(client.discordAlert("order " + i, "m", "info", null));
        }
        Future.all(replies).await();
        awaitCondition("20 deliveries", Duration.ofSeconds(15),
            () -> harness.discord.received().size() == 20);
        assertThat(harness.discord.titles()).containsExactlyElementsOf(expected);
    }

    @Test
    @DisplayName("delivers to two channel names of one webhook in acceptance order, one request at a time")
    void sharedWebhook() throws Exception {
        harness.settings().put("replyWindowMs", 0);
        harness.settings().getJsonObject("discord").getJsonObject("channels")
            .put("desk", harness.discord.webhookUrl("111", NotifyHarness.TOKEN));
        harness.discord.rateLimit(5, Duration.ofMillis(400)).answerAfter(Duration.ofMillis(30));
        harness.deploy();
        harness.discord.failNext(1, 502);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            expected.add("ℹ️ shared " + i);
            ok(client.discordAlert("shared " + i, "m", "info", i % 2 == 0 ? "default" : "desk"));
        }
        awaitCondition("8 deliveries", Duration.ofSeconds(15), () -> harness.discord.received().size() == 8);
        assertThat(harness.discord.titles()).containsExactlyElementsOf(expected);
        assertThat(harness.discord.peakInFlight("111")).isEqualTo(1);
    }

    @Test
    @DisplayName("dead-letters after the attempt limit, and after the deadline, with the last error")
    void retryLimits() throws Exception {
        // No reply window: with full jitter, three attempts can all fail within any window, and the
        // reply would then be the 503 failure instead of the queued id this test follows.
        harness.settings().put("replyWindowMs", 0);
        harness.settings().getJsonObject("retry").put("maxAttempts", 3);
        harness.deploy();
        harness.discord.available(false);
        String limited = ok(client.discordAlert("limited", "m", "info", null)).getString("id");
        awaitCondition("a dead letter", Duration.ofSeconds(10), () -> deadLetter(limited) != null);
        assertThat(deadLetter(limited).getString("error")).startsWith("gave up after 3 attempt(s)")
            .contains("HTTP 503");
        assertThat(deadLetter(limited).getInteger("attempts")).isEqualTo(3);
        harness.undeploy();

        harness.settings().getJsonObject("retry").put("maxAttempts", 1000).put("deadlineSeconds", 1);
        harness.deploy();
        String late = ok(client.discordAlert("late", "m", "info", null)).getString("id");
        awaitCondition("a dead letter", Duration.ofSeconds(10), () -> deadLetter(late) != null);
        assertThat(deadLetter(late).getString("error")).startsWith("deadline passed after");
    }

    @Test
    @DisplayName("answers 429 when the outbox is full")
    void throttled() {
        harness.settings().put("replyWindowMs", 50);
        harness.settings().put("outbox", new JsonObject().put("capacity", 2));
        harness.deploy();
        harness.discord.available(false);
        assertThat(ok(client.discordAlert("one", "m", "info", null)).getString("status")).isEqualTo("queued");
        assertThat(ok(client.discordAlert("two", "m", "info", null)).getString("status")).isEqualTo("queued");
        ReplyException full = failure(client.discordAlert("three", "m", "info", null));
        assertThat(full.failureCode()).isEqualTo(429);
        assertThat(full.getMessage()).contains("outbox is full");
    }

    @Test
    @DisplayName("stops taking work when undeployed")
    void stopUnregisters() {
        harness.deploy();
        harness.undeploy();
        ReplyException gone = failure(client.discordAlert("t", "m", null, null));
        assertThat(gone.failureType()).isEqualTo(io.vertx.core.eventbus.ReplyFailure.NO_HANDLERS);
        assertThat(harness.email.closed()).isTrue();
    }
}
