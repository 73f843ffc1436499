package com.exchangeanalytics.infra.monitor;

import com.exchangeanalytics.infra.common.Redact;
import com.exchangeanalytics.infra.notify.DiscordWebhookClient;
import com.exchangeanalytics.infra.notify.DiscordWebhookUrl;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code discord}: a GET on each configured webhook (its versioned API URL), which reads the webhook
 * without posting.
 * 2xx is healthy; 401, 403 and 404 mean the webhook was deleted or its token is wrong (unhealthy);
 * 429 and 5xx are Discord's own trouble (degraded); no answer is unhealthy. The worst channel wins.
 * Webhook URLs carry their token: they never reach a log line, an error or the details.
 */
final class DiscordCheck implements HealthCheck {

    static final String NAME = "discord";

    private final WebClient client;
    private final Map<String, URI> channels;
    private final long timeoutMs;

    DiscordCheck(WebClient client, Map<String, URI> channels, long timeoutMs) {
        this.client = client;
        this.channels = Map.copyOf(channels);
        this.timeoutMs = timeoutMs;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Discord webhooks of " + channels.size() + " channel(s) exist and accept their tokens";
    }

    @Override
    public long timeoutMs() {
        return timeoutMs;
    }

    private record ChannelResult(String channel, CheckOutcome outcome) {
    }

    @Override
    public Future<CheckOutcome> run() {
        List<Future<ChannelResult>> probes = new ArrayList<>();
        channels.forEach((channel, url) -> probes.add(probe(channel, url)));
        return Future.all(probes)
            .map(all -> combine(probes));
    }

    private Future<ChannelResult> probe(String channel, URI url) {
        long start = System.nanoTime();
        DiscordWebhookUrl webhook = DiscordWebhookUrl.parse(url);
        return client.getAbs(webhook == null ? url.toString() : webhook.webhookUri())
            .putHeader("User-Agent", DiscordWebhookClient.USER_AGENT)
            .timeout(HealthCheck.innerTimeout(timeoutMs))
            .send()
            .map(response -> judge(response.statusCode(), elapsedMs(start)))
            .recover(failure -> Future.succeededFuture(CheckOutcome.unhealthy(
                "unreachable: " + Redact.text(String.valueOf(failure.getMessage())),
                new JsonObject().put("latencyMs", elapsedMs(start)))))
            .map(outcome -> new ChannelResult(channel, outcome));
    }

    private static CheckOutcome judge(int status, long latencyMs) {
        JsonObject details = new JsonObject()
            .put("statusCode", status)
            .put("latencyMs", latencyMs);
        if (status >= 200 && status < 300) {
            return CheckOutcome.healthy(details);
        }
        if (status == 401 || status == 403 || status == 404) {
            return CheckOutcome.unhealthy("webhook deleted or token invalid (HTTP " + status + ")", details);
        }
        if (status == 429 || status >= 500) {
            return CheckOutcome.degraded("Discord answered HTTP " + status, details);
        }
        return CheckOutcome.unhealthy("unexpected HTTP " + status, details);
    }

    private static CheckOutcome combine(List<Future<ChannelResult>> probes) {
        HealthStatus worst = HealthStatus.HEALTHY;
        JsonObject details = new JsonObject();
        List<String> errors = new ArrayList<>();
        for (Future<ChannelResult> probe : probes) {
            ChannelResult result = probe.result();
            CheckOutcome outcome = result.outcome();
            worst = worst.worse(outcome.status());
            JsonObject channel = new JsonObject().put("status", outcome.status().wire());
            if (outcome.details() != null) {
                channel.mergeIn(outcome.details());
            }
            details.put(result.channel(), channel);
            if (outcome.error() != null) {
                errors.add("channel " + result.channel() + ": " + outcome.error());
            }
        }
        return new CheckOutcome(worst, details, errors.isEmpty() ? null : String.join("; ", errors));
    }

    private static long elapsedMs(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
