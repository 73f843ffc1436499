package com.exchangeanalytics.infra.notify;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Sends an outbox entry through its channel: Discord, a generic webhook, or SMTP. */
final class ChannelDeliverer implements DeliveryEngine.Deliverer {

    /**
     * A safety net around the SMTP sender, which bounds each send itself; this only catches a send that
     * never completes.
     */
    static final long EMAIL_GUARD_TIMEOUT_MS = 120_000;

    private final DiscordWebhookClient discord;
    private final WebhookClient webhooks;
    private final EmailSender email;

    ChannelDeliverer(DiscordWebhookClient discord, WebhookClient webhooks, EmailSender email) {
        this.discord = discord;
        this.webhooks = webhooks;
        this.email = email;
    }

    @Override
    public Future<String> deliver(OutboxEntry entry) {
        return switch (entry.kind().transport()) {
            case DISCORD -> discord.execute(entry.channel(), entry.payload());
            case WEBHOOK -> webhooks.post(entry.channel(), entry.payload().getJsonObject("payload"),
                headers(entry.payload().getJsonObject("headers")));
            case EMAIL -> sendEmail(entry);
        };
    }

    /** Discord channels that share a webhook share its queue (and its rate limit); others by name. */
    @Override
    public String queueKey(OutboxEntry entry) {
        return entry.kind().transport() == OutboxEntry.Transport.DISCORD
            ? discord.queueKey(entry.channel())
            : entry.channel();
    }

    private Future<String> sendEmail(OutboxEntry entry) {
        if (email == null) {
            return Future.failedFuture(DeliveryException.permanent("email is not configured any more"));
        }
        return email.send(EmailBridge.fromJson(entry.payload()))
            .timeout(EMAIL_GUARD_TIMEOUT_MS, TimeUnit.MILLISECONDS)
            .recover(failure -> Future.failedFuture(failure instanceof DeliveryException
                ? failure
                : HttpFailures.transientFailure("SMTP server", failure, EMAIL_GUARD_TIMEOUT_MS)));
    }

    /** The caller's headers stored with a webhook entry. */
    static Map<String, String> headers(JsonObject json) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (json != null) {
            json.forEach(header -> headers.put(header.getKey(), String.valueOf(header.getValue())));
        }
        return headers;
    }
}
