package com.exchangeanalytics.infra.notify;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * One accepted notification as the outbox keeps it: what to send ({@code payload}, already rendered
 * and validated), where ({@code kind} and {@code channel}), and how its delivery is going.
 *
 * @param id         the outbox id callers see
 * @param seq        acceptance order (re-assigned on requeue); queues deliver in this order
 * @param kind       which action accepted it
 * @param channel    the Discord channel name, webhook target name, or {@code email}
 * @param payload    the rendered message (Discord body, webhook payload and headers, or email)
 * @param acceptedAt when it was accepted (or re-queued)
 * @param deadline   when transient failures stop being retried
 * @param attempts   delivery attempts so far
 * @param lastError  the last failure, safe to show, or {@code null}
 * @param state      pending or dead (delivered entries leave the outbox)
 */
public record OutboxEntry(String id, long seq, Kind kind, String channel, JsonObject payload,
                          Instant acceptedAt, Instant deadline, int attempts, String lastError, State state) {

    /** What accepted the notification; the wire name is the action's name. */
    public enum Kind {
        DISCORD_REPORT("discordReport", Transport.DISCORD),
        DISCORD_ALERT("discordAlert", Transport.DISCORD),
        WEBHOOK("webhook", Transport.WEBHOOK),
        EMAIL("email", Transport.EMAIL),
        REPORT_EMAIL("reportEmail", Transport.EMAIL);

        private final String wireName;
        private final Transport transport;

        Kind(String wireName, Transport transport) {
            this.wireName = wireName;
            this.transport = transport;
        }

        public String wireName() {
            return wireName;
        }

        public Transport transport() {
            return transport;
        }

        public static Kind fromWire(String name) {
            for (Kind kind : values()) {
                if (kind.wireName.equals(name)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown outbox entry kind: " + name);
        }
    }

    /** How a notification travels. */
    public enum Transport {
        DISCORD, WEBHOOK, EMAIL;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public enum State {
        PENDING, DEAD;
    }

    public boolean dead() {
        return state == State.DEAD;
    }

    public OutboxEntry withSeq(long newSeq) {
        return new OutboxEntry(id, newSeq, kind, channel, payload, acceptedAt, deadline, attempts, lastError,
            state);
    }

    public OutboxEntry attempted(int newAttempts, String error) {
        return new OutboxEntry(id, seq, kind, channel, payload, acceptedAt, deadline, newAttempts, error,
            state);
    }

    public OutboxEntry deadLettered(int newAttempts, String error) {
        return new OutboxEntry(id, seq, kind, channel, payload, acceptedAt, deadline, newAttempts, error,
            State.DEAD);
    }

    /** Pending again with a fresh deadline and a new place at the end of its queue; attempts start over. */
    public OutboxEntry requeued(long newSeq, Instant newDeadline) {
        return new OutboxEntry(id, newSeq, kind, channel, payload, acceptedAt, newDeadline, 0, lastError,
            State.PENDING);
    }

    public JsonObject toJson() {
        return new JsonObject()
            .put("id", id)
            .put("seq", seq)
            .put("kind", kind.wireName())
            .put("channel", channel)
            .put("payload", payload)
            .put("acceptedAt", acceptedAt.toString())
            .put("deadline", deadline.toString())
            .put("attempts", attempts)
            .put("lastError", lastError)
            .put("state", state.name().toLowerCase(java.util.Locale.ROOT));
    }

    public static OutboxEntry fromJson(JsonObject json) {
        return new OutboxEntry(
            json.getString("id"),
            json.getLong("seq", 0L),
            Kind.fromWire(json.getString("kind")),
            json.getString("channel"),
            json.getJsonObject("payload"),
            Instant.parse(json.getString("acceptedAt")),
            Instant.parse(json.getString("deadline")),
            json.getInteger("attempts", 0),
            json.getString("lastError"),
            State.valueOf(json.getString("state", "pending").toUpperCase(java.util.Locale.ROOT)));
    }

    /** The {@code deadLetters} item: {@code id, kind, channel, error, attempts, acceptedAt}. */
    public JsonObject toDeadLetterJson() {
        return new JsonObject()
            .put("id", id)
            .put("kind", kind.wireName())
            .put("channel", channel)
            .put("error", lastError)
            .put("attempts", attempts)
            .put("acceptedAt", acceptedAt.toString());
    }
}
