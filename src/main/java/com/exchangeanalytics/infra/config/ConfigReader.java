package com.exchangeanalytics.infra.config;

import com.exchangeanalytics.infra.common.Redact;
import io.netty.util.NetUtil;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Typed, validated reads of dotted keys ({@code "http.port"}) from the merged configuration.
 * Strings from environment variables are converted to the key's type here; every bad value
 * fails with a {@link ConfigException} that names the key. Secret values are never echoed.
 */
public final class ConfigReader {

    /** One label of a host name (RFC 1123): letters, digits and inner hyphens, at most 63 characters. */
    private static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final int MAX_HOST_NAME_LENGTH = 253;

    private final JsonObject root;

    public ConfigReader(JsonObject root) {
        this.root = root;
    }

    public JsonObject root() {
        return root;
    }

    public Object value(String path) {
        Object node = root;
        for (String part : path.split("\\.")) {
            if (!(node instanceof JsonObject object)) {
                return null;
            }
            node = object.getValue(part);
        }
        return node;
    }

    /** A string, or {@code fallback} when unset or blank. */
    public String string(String path, String fallback) {
        Object value = value(path);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String text)) {
            throw new ConfigException(path, "must be a string");
        }
        return text.isBlank() ? fallback : text.trim();
    }

    public int intInRange(String path, int fallback, int min, int max) {
        long value = longInRange(path, fallback, min, max);
        return (int) value;
    }

    public long longInRange(String path, long fallback, long min, long max) {
        Object value = value(path);
        if (value == null) {
            return fallback;
        }
        long number;
        if (value instanceof Integer || value instanceof Long) {
            number = ((Number) value).longValue();
        } else if (value instanceof String text && text.trim().matches("-?\\d{1,18}")) {
            number = Long.parseLong(text.trim());
        } else {
            throw new ConfigException(path, "must be an integer between " + min + " and " + max
                + ", got '" + shown(path, value) + "'");
        }
        if (number < min || number > max) {
            throw new ConfigException(path, "must be between " + min + " and " + max + ", got " + number);
        }
        return number;
    }

    public boolean bool(String path, boolean fallback) {
        Object value = value(path);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        if (value instanceof String text) {
            String normal = text.trim().toLowerCase(Locale.ROOT);
            if (normal.equals("true")) {
                return true;
            }
            if (normal.equals("false")) {
                return false;
            }
        }
        throw new ConfigException(path, "must be true or false, got '" + shown(path, value) + "'");
    }

    /** One of the allowed words (case-insensitive), returned in lower case. */
    public String oneOf(String path, String fallback, String... allowed) {
        String text = string(path, fallback);
        if (text == null) {
            return null;
        }
        String normal = text.toLowerCase(Locale.ROOT);
        for (String candidate : allowed) {
            if (candidate.equals(normal)) {
                return normal;
            }
        }
        throw new ConfigException(path, "must be one of " + String.join(", ", allowed)
            + ", got '" + shown(path, value(path)) + "'");
    }

    /** An absolute URL with one of the schemes and a host, or {@code null} when unset. */
    public URI url(String path, Set<String> schemes) {
        String text = string(path, null);
        if (text == null) {
            return null;
        }
        return parseUrl(path, text, schemes);
    }

    public static URI parseUrl(String path, String text, Set<String> schemes) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new ConfigException(path, "is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!schemes.contains(scheme)) {
            throw new ConfigException(path, "must be a URL with scheme " + String.join(" or ", schemes));
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new ConfigException(path, "is not a valid URL: it has no host");
        }
        if (uri.getPort() > 65535) {
            throw new ConfigException(path, "is not a valid URL: port out of range");
        }
        return uri;
    }

    /**
     * An IP address literal (IPv4, or IPv6 without brackets) or a syntactically valid host name. Only the
     * syntax is checked: nothing is resolved here.
     */
    public String host(String path, String fallback) {
        String text = string(path, fallback);
        if (text == null || isIpLiteral(text) || isHostName(text)) {
            return text;
        }
        throw new ConfigException(path, "must be an IP address or a host name, got '"
            + shown(path, text) + "'");
    }

    private static boolean isIpLiteral(String text) {
        return NetUtil.isValidIpV4Address(text) || !text.startsWith("[") && NetUtil.isValidIpV6Address(text);
    }

    /** Labels joined by dots, maybe a final dot; a last label of digits only would be a bad IPv4 address. */
    private static boolean isHostName(String text) {
        String name = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        if (name.isEmpty() || name.length() > MAX_HOST_NAME_LENGTH) {
            return false;
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (!HOST_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }

    /** An object (empty when unset). */
    public JsonObject object(String path) {
        Object value = value(path);
        if (value == null) {
            return new JsonObject();
        }
        if (!(value instanceof JsonObject object)) {
            throw new ConfigException(path, "must be a JSON object");
        }
        return object;
    }

    /** A list of strings: a JSON array of strings, or a comma-separated string (from an env variable). */
    public List<String> stringList(String path, List<String> fallback) {
        Object value = value(path);
        if (value == null) {
            return fallback;
        }
        if (value instanceof String text) {
            value = EnvBindings.splitList(text);
        }
        if (!(value instanceof JsonArray array)) {
            throw new ConfigException(path, "must be an array of strings");
        }
        List<String> items = new ArrayList<>();
        for (Object item : array) {
            if (!(item instanceof String text)) {
                throw new ConfigException(path, "must be an array of strings");
            }
            items.add(text);
        }
        return items;
    }

    private static String shown(String path, Object value) {
        if (Redact.isSecretName(path)) {
            return "***";
        }
        String text = String.valueOf(value);
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
