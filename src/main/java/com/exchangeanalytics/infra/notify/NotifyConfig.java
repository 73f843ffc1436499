package com.exchangeanalytics.infra.notify;

import com.exchangeanalytics.infra.config.ConfigException;
import com.exchangeanalytics.infra.config.ConfigReader;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code notify} section: labels, Discord channels, SMTP and the webhook allow-list.
 */
public record NotifyConfig(
    String locale,
    Map<String, URI> discordChannels,
    Email email,
    Map<String, URI> webhooks) {

    private static final Set<String> HTTP_SCHEMES = Set.of("http", "https");

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

    public static NotifyConfig parse(ConfigReader reader) {
        return new NotifyConfig(
            reader.oneOf("notify.locale", "ja", "ja", "en"),
            urls(reader, "notify.discord.channels"),
            email(reader),
            urls(reader, "notify.webhooks"));
    }

    private static Email email(ConfigReader reader) {
        String from = address(reader, "notify.email.from", null);
        return new Email(
            reader.string("notify.email.host", null),
            reader.intInRange("notify.email.port", 587, 1, 65535),
            reader.string("notify.email.username", null),
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

    /** A map of names to URLs; an entry is a URL string or an object with a {@code url} field. */
    private static Map<String, URI> urls(ConfigReader reader, String path) {
        JsonObject section = reader.object(path);
        Map<String, URI> urls = new LinkedHashMap<>();
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
            urls.put(name, ConfigReader.parseUrl(key, text, HTTP_SCHEMES));
        }
        return urls;
    }
}
