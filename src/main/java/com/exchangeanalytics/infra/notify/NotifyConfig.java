package com.exchangeanalytics.infra.notify;

import com.exchangeanalytics.infra.config.ConfigException;
import com.exchangeanalytics.infra.config.ConfigReader;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code notify} section: labels, Discord channels and bot identity, SMTP, the webhook allow-list
 * and the delivery settings (reply window, retries, dedup, outbox). Every key is described in
 * docs/notify.md.
 */
public record NotifyConfig(
    String locale,
    Map<String, URI> discordChannels,
    Email email,
    Map<String, WebhookTarget> webhooks,
    Discord discord,
    Delivery delivery) {

    private static final Set<String> HTTP_SCHEMES = Set.of("http", "https");
    /** Channel names that {@code testChannel} reserves for the built-in channels. */
    static final Set<String> RESERVED_TARGET_NAMES = Set.of("discord", "email");
    private static final int DISCORD_USERNAME_MAX = 80;

    /**
     * SMTP settings; {@code host == null} means email is off.
     *
     * @param timeoutMs     bound of one send (connect, dialogue and reply); also the socket inactivity limit
     * @param poolSize      most connections open at once to the server
     * @param keepAlive     reuse connections between mails (false: one connection per mail)
     * @param trustAll      accept any TLS certificate: for tests and development only, never in production
     * @param ehloName      the name we announce in EHLO and put in Message-IDs;
     *                      {@code null}: the machine's name
     * @param testRecipient where {@code testChannel email} sends its test mail; defaults to {@code from}
     * @param timeZone      the zone in which report emails show times
     */
    public record Email(String host, int port, String username, String password, String from,
                        String starttls, boolean ssl, long timeoutMs, int poolSize, boolean keepAlive,
                        boolean trustAll, String ehloName, String testRecipient, ZoneId timeZone) {

        public static final long DEFAULT_TIMEOUT_MS = 30_000;
        public static final int DEFAULT_POOL_SIZE = 5;
        /** Shown as "UTC" in report emails (a {@code ZoneOffset.UTC} would show as "Z"). */
        public static final ZoneId DEFAULT_TIME_ZONE = ZoneId.of("UTC");

        /** The first seven settings; the others take their defaults. */
        public Email(String host, int port, String username, String password, String from,
                     String starttls, boolean ssl) {
            this(host, port, username, password, from, starttls, ssl, DEFAULT_TIMEOUT_MS, DEFAULT_POOL_SIZE,
                true, false, null, from, DEFAULT_TIME_ZONE);
        }

        public boolean enabled() {
            return host != null;
        }

        /** The From address: {@code from}, else the username when it is an address, else {@code null}. */
        public String sender() {
            if (from != null) {
                return from;
            }
            return username != null && EmailValidation.isAddress(username) ? username : null;
        }

        /** Like the record's own, but never shows the password. */
        @Override
        public String toString() {
            return "Email[host=" + host + ", port=" + port + ", username=" + username
                + ", password=" + (password == null ? null : "***") + ", from=" + from
                + ", starttls=" + starttls + ", ssl=" + ssl + ", timeoutMs=" + timeoutMs
                + ", poolSize=" + poolSize + ", keepAlive=" + keepAlive + ", trustAll=" + trustAll
                + ", ehloName=" + ehloName + ", testRecipient=" + testRecipient
                + ", timeZone=" + timeZone + "]";
        }
    }

    /** One allowed webhook: where it posts and the headers every request to it carries. */
    public record WebhookTarget(URI url, Map<String, String> headers) {
    }

    /** Bot identity, embed colours and the Discord client's limits. */
    public record Discord(String username, String avatarUrl, Colors colors, long requestTimeoutMs,
                          int maxRateLimitRetries, long maxRateLimitWaitMs, long cloudflareBackoffMs) {
    }

    /** Embed colours (RGB integers) by alert level and by report confidence. */
    public record Colors(int info, int warning, int error, int success,
                         int confidenceHigh, int confidenceMedium, int confidenceLow, int confidenceNone) {
    }

    /**
     * How accepted notifications are delivered.
     *
     * @param replyWindowMs       how long an action waits for delivery before answering {@code queued}
     * @param deadlineSeconds     how long after acceptance transient failures are retried
     * @param maxAttempts         attempts before a notification is dead-lettered
     * @param initialBackoffMs    base of the exponential backoff
     * @param maxBackoffMs        cap of one backoff
     * @param dedupWindowSeconds  identical alerts within this window are sent once (0 turns dedup off)
     * @param capacity            pending notifications the outbox holds before answering 429
     * @param maxDeadLetters      dead letters kept (the oldest are dropped beyond this)
     * @param compactAfterRecords journal records written before the journal is compacted
     * @param requestTimeoutMs    timeout of each HTTP request to a webhook
     * @param emailConcurrency    emails sent at the same time (email has no ordering guarantee)
     * @param shutdownGraceMs     how long stop waits for attempts in flight
     * @param adoptIntervalMs     how often the outbox slots of processes that are gone are taken over
     *                            (0: only at start)
     */
    public record Delivery(long replyWindowMs, long deadlineSeconds, int maxAttempts, long initialBackoffMs,
                           long maxBackoffMs, long dedupWindowSeconds, int capacity, int maxDeadLetters,
                           int compactAfterRecords, long requestTimeoutMs, int emailConcurrency,
                           long shutdownGraceMs, long adoptIntervalMs) {
    }

    public static NotifyConfig parse(ConfigReader reader) {
        return new NotifyConfig(
            reader.oneOf("notify.locale", "ja", "ja", "en"),
            discordChannels(reader),
            email(reader),
            webhooks(reader),
            discord(reader),
            delivery(reader));
    }

    private static Email email(ConfigReader reader) {
        String host = reader.string("notify.email.host", null);
        String username = reader.string("notify.email.username", null);
        String from = address(reader, "notify.email.from", null);
        return new Email(
            host,
            reader.intInRange("notify.email.port", 587, 1, 65535),
            username,
            reader.string("notify.email.password", null),
            from,
            reader.oneOf("notify.email.starttls", "required", "disabled", "optional", "required"),
            reader.bool("notify.email.ssl", false),
            reader.longInRange("notify.email.timeoutMs", Email.DEFAULT_TIMEOUT_MS, 100, 600_000),
            reader.intInRange("notify.email.poolSize", Email.DEFAULT_POOL_SIZE, 1, 100),
            reader.bool("notify.email.keepAlive", true),
            reader.bool("notify.email.trustAll", false),
            hostName(reader, "notify.email.ehloName"),
            address(reader, "notify.email.testRecipient", from),
            zone(reader, "notify.email.timeZone"));
    }

    private static String address(ConfigReader reader, String path, String fallback) {
        String address = reader.string(path, fallback);
        if (address != null && !EmailValidation.isAddress(address)) {
            throw new ConfigException(path, "must be a plain email address such as alerts@example.com");
        }
        return address;
    }

    private static String hostName(ConfigReader reader, String path) {
        String name = reader.string(path, null);
        if (name != null && !name.matches("[A-Za-z0-9.-]{1,253}")) {
            throw new ConfigException(path, "must be a host name (letters, digits, dots and hyphens)");
        }
        return name;
    }

    private static ZoneId zone(ConfigReader reader, String path) {
        String text = reader.string(path, Email.DEFAULT_TIME_ZONE.getId());
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new ConfigException(path, "must be a time zone id such as UTC or Asia/Tokyo");
        }
    }

    private static Discord discord(ConfigReader reader) {
        String username = reader.string("notify.discord.username", "Exchange Analytics Bot");
        String lower = username.toLowerCase(Locale.ROOT);
        boolean refused = lower.contains("discord") || lower.contains("clyde");
        if (username.length() > DISCORD_USERNAME_MAX || refused) {
            throw new ConfigException("notify.discord.username",
                "must be at most 80 characters and not contain 'discord' or 'clyde' (Discord rejects it)");
        }
        URI avatar = reader.url("notify.discord.avatarUrl", HTTP_SCHEMES);
        return new Discord(
            username,
            avatar == null ? null : avatar.toString(),
            colors(reader),
            reader.longInRange("notify.discord.requestTimeoutMs", 10_000, 100, 300_000),
            reader.intInRange("notify.discord.maxRateLimitRetries", 5, 0, 100),
            reader.longInRange("notify.discord.maxRateLimitWaitMs", 60_000, 0, 3_600_000),
            reader.longInRange("notify.discord.cloudflareBackoffMs", 60_000, 0, 3_600_000));
    }

    private static Colors colors(ConfigReader reader) {
        String base = "notify.discord.colors.";
        return new Colors(
            color(reader, base + "info", 0x3498db),
            color(reader, base + "warning", 0xf39c12),
            color(reader, base + "error", 0xe74c3c),
            color(reader, base + "success", 0x2ecc71),
            color(reader, base + "confidenceHigh", 0x00ff00),
            color(reader, base + "confidenceMedium", 0xffff00),
            color(reader, base + "confidenceLow", 0xff8000),
            color(reader, base + "confidenceNone", 0x0099ff));
    }

    /** An RGB colour: an integer, or a string like {@code "#3498db"} or {@code "0x3498db"}. */
    private static int color(ConfigReader reader, String path, int fallback) {
        Object value = reader.value(path);
        if (value instanceof String text) {
            String hex = text.trim().toLowerCase(Locale.ROOT).replaceFirst("^(#|0x)", "");
            if (hex.matches("[0-9a-f]{6}")) {
                return Integer.parseInt(hex, 16);
            }
            throw new ConfigException(path, "must be an RGB colour like \"#3498db\" or an integer");
        }
        return reader.intInRange(path, fallback, 0, 0xffffff);
    }

    private static Delivery delivery(ConfigReader reader) {
        return new Delivery(
            reader.longInRange("notify.replyWindowMs", 10_000, 0, 120_000),
            reader.longInRange("notify.retry.deadlineSeconds", 3600, 1, 7 * 24 * 3600),
            reader.intInRange("notify.retry.maxAttempts", 50, 1, 10_000),
            reader.longInRange("notify.retry.initialBackoffMs", 1000, 1, 3_600_000),
            reader.longInRange("notify.retry.maxBackoffMs", 300_000, 1, 24 * 3_600_000L),
            reader.longInRange("notify.dedupWindowSeconds", 300, 0, 7 * 24 * 3600),
            reader.intInRange("notify.outbox.capacity", 10_000, 1, 10_000_000),
            reader.intInRange("notify.outbox.maxDeadLetters", 1000, 1, 1_000_000),
            reader.intInRange("notify.outbox.compactAfterRecords", 10_000, 10, 100_000_000),
            reader.longInRange("notify.requestTimeoutMs", 10_000, 100, 300_000),
            reader.intInRange("notify.emailConcurrency", 4, 1, 100),
            reader.longInRange("notify.shutdownGraceMs", 5000, 0, 120_000),
            reader.longInRange("notify.outbox.adoptIntervalMs", 10_000, 0, 3_600_000));
    }

    /** Discord channel names to webhook URLs; each must be a Discord webhook URL. */
    private static Map<String, URI> discordChannels(ConfigReader reader) {
        String path = "notify.discord.channels";
        Map<String, URI> channels = new LinkedHashMap<>();
        urls(reader, path).forEach((name, entry) -> {
            String key = path + "." + name;
            if (DiscordWebhookUrl.parse(entry.url()) == null) {
                throw new ConfigException(key,
                    "is not a Discord webhook URL (.../api/webhooks/{id}/{token})");
            }
            channels.put(name, entry.url());
        });
        return channels;
    }

    /** The webhook allow-list: names to URLs, each optionally with fixed headers. */
    private static Map<String, WebhookTarget> webhooks(ConfigReader reader) {
        String path = "notify.webhooks";
        Map<String, WebhookTarget> targets = urls(reader, path);
        for (String name : targets.keySet()) {
            if (RESERVED_TARGET_NAMES.contains(name.toLowerCase(Locale.ROOT))) {
                throw new ConfigException(path + "." + name, "uses a reserved name (discord and email are "
                    + "the built-in channels of testChannel)");
            }
        }
        return targets;
    }

    /** Names to URLs; an entry is a URL string or an object with {@code url} and optional {@code headers}. */
    private static Map<String, WebhookTarget> urls(ConfigReader reader, String path) {
        JsonObject section = reader.object(path);
        Map<String, WebhookTarget> urls = new LinkedHashMap<>();
        for (String name : section.fieldNames()) {
            String key = path + "." + name;
            Object entry = section.getValue(name);
            if (entry == null) {
                continue;
            }
            Object url = entry instanceof JsonObject object ? object.getValue("url") : entry;
            if (!(url instanceof String text)) {
                throw new ConfigException(key, "must be a URL string or an object with a 'url'");
            }
            if (text.isBlank()) {
                continue;
            }
            URI uri = ConfigReader.parseUrl(key, text, HTTP_SCHEMES);
            Map<String, String> headers = entry instanceof JsonObject object
                ? fixedHeaders(key + ".headers", object.getValue("headers"))
                : Map.of();
            urls.put(name, new WebhookTarget(uri, headers));
        }
        return urls;
    }

    private static Map<String, String> fixedHeaders(String key, Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof JsonObject object)) {
            throw new ConfigException(key, "must be an object of header names to strings");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : object.fieldNames()) {
            if (!(object.getValue(name) instanceof String text)) {
                throw new ConfigException(key, "must be an object of header names to strings");
            }
            String problem = WebhookHeaders.problem(name, text);
            if (problem != null) {
                // the problem names the header, never its value (which may be a credential)
                throw new ConfigException(key, problem);
            }
            headers.put(name, text);
        }
        return Map.copyOf(headers);
    }
}
