package com.exchangeanalytics.infra.notify;

import com.exchangeanalytics.infra.config.ConfigException;
import com.exchangeanalytics.infra.config.ConfigReader;
import io.vertx.core.json.JsonObject;

import java.net.URI;
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

    /** SMTP settings; {@code host == null} means email is off. */
    public record Email(String host, int port, String username, String password, String from,
                        String starttls, boolean ssl) {

        public boolean enabled() {
            return host != null;
        }
    }

    public static NotifyConfig parse(ConfigReader reader) {
        return new NotifyConfig(
            reader.oneOf("notify.locale", "ja", "ja", "en"),
            urls(reader, "notify.discord.channels"),
            new Email(
                reader.string("notify.email.host", null),
                reader.intInRange("notify.email.port", 587, 1, 65535),
                reader.string("notify.email.username", null),
                reader.string("notify.email.password", null),
                reader.string("notify.email.from", null),
                reader.oneOf("notify.email.starttls", "required", "disabled", "optional", "required"),
                reader.bool("notify.email.ssl", false)),
            urls(reader, "notify.webhooks"));
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
