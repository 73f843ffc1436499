package com.exchangeanalytics.infra.common;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it reaches a log line or a caller: passwords in URLs,
 * Discord webhook tokens, bearer tokens and secret-looking query parameters.
 * The logging layout applies {@link #text} to every line as a last line of defence.
 */
public final class Redact {

    public static final String MASK = "***";

    private static final Pattern URL_CREDENTIALS =
        Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)([^/@\\s:]*)(:[^/@\\s]*)?@");
    private static final Pattern WEBHOOK_TOKEN =
        Pattern.compile("(?i)(/webhooks/[^/\\s?]+/)([^/\\s?#\"']+)");
    private static final Pattern SECRET_PARAM =
        Pattern.compile("(?i)([?&](?:token|access_token|password|passwd|secret|api_?key|key|sig|signature)=)[^&\\s\"']+");
    private static final Pattern BEARER =
        Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]+");
    private static final Pattern SECRET_KEY_NAME =
        Pattern.compile("(?i).*(password|passwd|secret|token|api[-_]?key|credential|authorization|cookie).*");
    private static final Pattern URL_SCHEME = Pattern.compile("(?i)\\s*[a-z][a-z0-9+.-]*://");

    private Redact() {
    }

    /** The text with every recognised secret replaced by {@value #MASK}. */
    public static String text(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = URL_CREDENTIALS.matcher(text).replaceAll(match -> {
            String user = match.group(2);
            boolean hasPassword = match.group(3) != null;
            String shown = hasPassword ? user + ":" + MASK : MASK;
            return java.util.regex.Matcher.quoteReplacement(match.group(1) + shown + "@");
        });
        result = WEBHOOK_TOKEN.matcher(result).replaceAll("$1" + MASK);
        result = SECRET_PARAM.matcher(result).replaceAll("$1" + MASK);
        result = BEARER.matcher(result).replaceAll("$1 " + MASK);
        return result;
    }

    /** Only scheme, host and port of a URL, for naming an endpoint whose path may hold a token. */
    public static String endpoint(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = URI.create(url.trim());
            if (uri.getHost() == null) {
                return MASK;
            }
            String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
            return uri.getScheme() + "://" + uri.getHost() + port + "/" + MASK;
        } catch (IllegalArgumentException e) {
            return MASK;
        }
    }

    /**
     * A copy of a configuration tree fit for a log line: secret-named values and every value under a
     * {@code headers} object masked (webhook headers carry API keys), and every URL cut down to scheme,
     * host and port (webhook and probe paths may hold tokens).
     */
    public static JsonObject config(JsonObject config) {
        return config(config, false);
    }

    private static JsonObject config(JsonObject config, boolean masked) {
        JsonObject copy = new JsonObject();
        for (Map.Entry<String, Object> entry : config) {
            String key = entry.getKey();
            copy.put(key, configValue(key, entry.getValue(), masked || "headers".equalsIgnoreCase(key)));
        }
        return copy;
    }

    private static Object configValue(String key, Object value, boolean masked) {
        if (value == null) {
            return null;
        }
        if (value instanceof JsonObject object) {
            return config(object, masked);
        }
        if (value instanceof JsonArray array) {
            JsonArray copy = new JsonArray();
            array.forEach(item -> copy.add(configValue(key, item, masked)));
            return copy;
        }
        if (masked || isSecretName(key)) {
            return MASK;
        }
        if (value instanceof String text) {
            return URL_SCHEME.matcher(text).lookingAt() ? endpoint(text) : text(text);
        }
        return value;
    }

    public static boolean isSecretName(String key) {
        return key != null && SECRET_KEY_NAME.matcher(key).matches();
    }

    /** Caps caller-supplied text echoed in an error message. */
    public static String shorten(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "...";
    }
}
