package com.exchangeanalytics.infra.notify;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The seam between the notify service and the SMTP sender: which sender runs, and how a mail is kept
 * in the outbox.
 */
final class EmailBridge {

    private EmailBridge() {
    }

    /** The SMTP sender, or {@code null} when email is off ({@code SMTP_HOST} unset). */
    static EmailSender sender(Vertx vertx, NotifyConfig.Email email) {
        return email.enabled() ? SmtpEmailSender.create(vertx, email) : null;
    }

    /** The outbox form of a mail. */
    static JsonObject toJson(EmailMessage message) {
        return new JsonObject()
            .put("to", new JsonArray(message.to()))
            .put("subject", message.subject())
            .put("text", message.text())
            .put("html", message.html());
    }

    static EmailMessage fromJson(JsonObject json) {
        List<String> to = json.getJsonArray("to").stream().map(String::valueOf).toList();
        return new EmailMessage(to, json.getString("subject"), json.getString("text"),
            json.getString("html"));
    }
}
