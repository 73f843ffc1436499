package com.exchangeanalytics.infra.common;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Typed access to the fields of a request body. Every accessor fails with a 400
 * {@link ServiceException} naming the field, so handlers never check types by hand. A body read from
 * a nested object names its fields by their full path ({@code report.title}).
 */
public final class Body {

    private final JsonObject json;
    private final String path;

    public Body(JsonObject json) {
        this(json, null);
    }

    /** The object found at {@code path} of a request; failures name {@code <path>.<field>}. */
    public Body(JsonObject json, String path) {
        this.json = json == null ? new JsonObject() : json;
        this.path = path;
    }

    public JsonObject json() {
        return json;
    }

    public boolean has(String field) {
        return json.getValue(field) != null;
    }

    /** The raw value of a field that must be present; JSON null counts as present. */
    public Object requiredValue(String field) {
        if (!json.containsKey(field)) {
            throw missing(name(field));
        }
        return json.getValue(field);
    }

    public String requiredString(String field) {
        Object value = json.getValue(field);
        if (value == null) {
            throw missing(name(field));
        }
        if (!(value instanceof String text)) {
            throw ill(name(field), "must be a string");
        }
        return text;
    }

    /** A string field that must be present and not blank. */
    public String requiredText(String field) {
        String text = requiredString(field);
        if (text.isBlank()) {
            throw ill(name(field), "must not be empty");
        }
        return text;
    }

    public String optionalString(String field, String fallback) {
        Object value = json.getValue(field);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String text)) {
            throw ill(name(field), "must be a string");
        }
        return text;
    }

    public long requiredLong(String field) {
        if (json.getValue(field) == null) {
            throw missing(name(field));
        }
        return optionalLong(field, 0L);
    }

    /** An integral number (a JSON number without a fraction that fits in a long). */
    public long optionalLong(String field, long fallback) {
        Object value = json.getValue(field);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 9.0e15) {
                return (long) d;
            }
        }
        throw ill(name(field), "must be an integer");
    }

    public long requiredPositiveLong(String field) {
        long value = requiredLong(field);
        if (value <= 0) {
            throw ill(name(field), "must be a positive integer");
        }
        return value;
    }

    public double requiredDouble(String field) {
        Object value = json.getValue(field);
        if (value == null) {
            throw missing(name(field));
        }
        return toDouble(name(field), value);
    }

    public double optionalDouble(String field, double fallback) {
        Object value = json.getValue(field);
        return value == null ? fallback : toDouble(name(field), value);
    }

    public JsonObject requiredObject(String field) {
        Object value = json.getValue(field);
        if (value == null) {
            throw missing(name(field));
        }
        if (!(value instanceof JsonObject object)) {
            throw ill(name(field), "must be a JSON object");
        }
        return object;
    }

    public JsonObject optionalObject(String field) {
        Object value = json.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonObject object)) {
            throw ill(name(field), "must be a JSON object");
        }
        return object;
    }

    public JsonArray requiredArray(String field) {
        Object value = json.getValue(field);
        if (value == null) {
            throw missing(name(field));
        }
        if (!(value instanceof JsonArray array)) {
            throw ill(name(field), "must be a JSON array");
        }
        return array;
    }

    /** An array whose every element is a string. */
    public List<String> requiredStringList(String field) {
        JsonArray array = requiredArray(field);
        List<String> items = new ArrayList<>(array.size());
        for (Object item : array) {
            if (!(item instanceof String text)) {
                throw ill(name(field), "must be an array of strings");
            }
            items.add(text);
        }
        return items;
    }

    /** An object whose every value is a string (HTTP headers, say). */
    public Map<String, String> optionalStringMap(String field) {
        JsonObject object = optionalObject(field);
        if (object == null) {
            return Map.of();
        }
        for (Map.Entry<String, Object> entry : object) {
            if (!(entry.getValue() instanceof String)) {
                throw ill(name(field), "must map names to strings");
            }
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, String> map = (Map) object.getMap();
        return map;
    }

    private static double toDouble(String field, Object value) {
        if (!(value instanceof Number number)) {
            throw ill(field, "must be a number");
        }
        double d = number.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw ill(field, "must be a finite number");
        }
        return d;
    }

    /** The field's name in failures: its full path for a nested body. */
    private String name(String field) {
        return path == null ? field : path + "." + field;
    }

    public static ServiceException missing(String field) {
        return ServiceException.badRequest("field '" + field + "' is required");
    }

    public static ServiceException ill(String field, String problem) {
        return ServiceException.badRequest("field '" + field + "' " + problem);
    }
}
