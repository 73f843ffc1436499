package com.exchangeanalytics.infra.bench;

import com.exchangeanalytics.infra.notify.DiscordStandIn;
import com.exchangeanalytics.infra.notify.NotifyClient;
import com.exchangeanalytics.infra.notify.NotifyVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Sends N alerts to one webhook of the Discord stand-in, which allows 5 requests per 2 seconds, and prints
 * the time the last one arrived against the minimum the rate limit allows, the 429s received and the
 * number delivered. Usage: {@code bench/discord-bench.sh [N] [limit] [windowMs]}.
 */
public final class DiscordRateBenchmark {

    private DiscordRateBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int limit = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        long windowMs = args.length > 2 ? Long.parseLong(args[2]) : 2000;
        Path dataDir = Files.createTempDirectory("discord-bench");
        Vertx vertx = Vertx.vertx();
        DiscordStandIn discord = DiscordStandIn.start(vertx).rateLimit(limit, Duration.ofMillis(windowMs));
        try {
            JsonObject config = new JsonObject()
                .put("dataDir", dataDir.toString())
                .put("notify", new JsonObject()
                    .put("replyWindowMs", 0)
                    .put("dedupWindowSeconds", 0)
                    .put("discord", new JsonObject().put("channels", new JsonObject()
                        .put("default", discord.webhookUrl("4242", "bench-token")))));
            vertx.deployVerticle(new NotifyVerticle(), new DeploymentOptions().setConfig(config))
                .await(30, TimeUnit.SECONDS);
            NotifyClient client = new NotifyClient(vertx);

            long start = System.currentTimeMillis();
            List<Future<JsonObject>> replies = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                replies.add(client.discordAlert("bench " + i, "rate limit benchmark", "info", null));
            }
            Future.all(replies).await(60, TimeUnit.SECONDS);
            long acceptedMs = System.currentTimeMillis() - start;
            long patienceSeconds = 30 + 2 * count * windowMs / limit / 1000;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(patienceSeconds);
            while (discord.received().size() < count && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(5);
            }
            List<DiscordStandIn.Received> received = discord.received();
            long elapsedMs = received.isEmpty() ? 0 : received.get(received.size() - 1).atMillis() - start;
            long minimumMs = (long) (Math.ceil(count / (double) limit) - 1) * windowMs;
            boolean inOrder = true;
            for (int i = 0; i < received.size(); i++) {
                inOrder &= ("ℹ️ bench " + i).equals(received.get(i).title());
            }
            double overhead = minimumMs == 0 ? 0 : (elapsedMs - minimumMs) * 100.0 / minimumMs;

            System.out.printf(Locale.ROOT, "Discord rate-limit benchmark: %d alerts, limit %d per %d ms%n",
                count, limit, windowMs);
            System.out.printf(Locale.ROOT, "  accepted (all replies)  %8d ms%n", acceptedMs);
            System.out.printf(Locale.ROOT, "  time to last delivery   %8d ms%n", elapsedMs);
            System.out.printf(Locale.ROOT, "  minimum the limit allows%8d ms   (overhead %+.1f%%)%n",
                minimumMs, overhead);
            System.out.printf(Locale.ROOT, "  delivered               %8d of %d (in order: %s)%n",
                received.size(), count, inOrder);
            System.out.printf(Locale.ROOT, "  429s received           %8d (Cloudflare: %d)%n",
                discord.discord429s(), discord.cloudflare429s());
            boolean allDelivered = received.size() == count && inOrder;
            boolean pass = allDelivered && discord.discord429s() <= 1 && overhead <= 10;
            System.out.println("  expectation (N delivered, <= one 429, within 10% of the minimum): "
                + (pass ? "met" : "NOT met"));
        } finally {
            discord.close();
            vertx.close().await(30, TimeUnit.SECONDS);
            try (var files = Files.walk(dataDir)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
            }
        }
    }
}
