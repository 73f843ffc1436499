package com.exchangeanalytics.infra.notify;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Fits a webhook message into Discord's limits: content 2000 characters, at most 10 embeds, embed title
 * 256, description 4096, 25 fields, field name 256, field value 1024, footer 2048, author name 256, and
 * 6000 across all embeds of the message. Text over a limit is cut with {@value #MARKER}; empty field
 * names and values (which Discord rejects) become {@value #PLACEHOLDER}; when the message is over
 * 6000, the longest texts are shortened first, to one common length.
 * <p>
 * Lengths are UTF-16 code units ({@link String#length()}), never fewer than the code points Discord
 * counts, so a shaped message is never over a limit; a cut never splits a surrogate pair.
 */
final class DiscordLimits {

    static final int CONTENT = 2000;
    static final int EMBEDS = 10;
    static final int TITLE = 256;
    static final int DESCRIPTION = 4096;
    static final int FIELDS = 25;
    static final int FIELD_NAME = 256;
    static final int FIELD_VALUE = 1024;
    static final int FOOTER = 2048;
    static final int AUTHOR_NAME = 256;
    static final int TOTAL = 6000;

    static final String MARKER = "…";
    static final String PLACEHOLDER = "-";

    private DiscordLimits() {
    }

    /** {@code text} cut to at most {@code max} code units, ending in the marker when cut. */
    static String truncate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        if (max <= MARKER.length()) {
            return MARKER.substring(0, Math.max(max, 0));
        }
        int cut = max - MARKER.length();
        if (Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return text.substring(0, cut).stripTrailing() + MARKER;
    }

    /** A shaped copy of a webhook message body; the input is left as it is. */
    static JsonObject shape(JsonObject message) {
        JsonObject shaped = message.copy();
        String content = shaped.getString("content");
        if (content == null || content.isBlank()) {
            shaped.remove("content");
        } else {
            shaped.put("content", truncate(content, CONTENT));
        }
        JsonArray embeds = shaped.getJsonArray("embeds");
        if (embeds == null) {
            return shaped;
        }
        while (embeds.size() > EMBEDS) {
            embeds.remove(embeds.size() - 1);
        }
        for (int i = 0; i < embeds.size(); i++) {
            shapeEmbed(embeds.getJsonObject(i));
        }
        fitTotal(embeds);
        return shaped;
    }

    private static void shapeEmbed(JsonObject embed) {
        limitText(embed, "title", TITLE);
        limitText(embed, "description", DESCRIPTION);
        JsonObject footer = embed.getJsonObject("footer");
        if (footer != null) {
            limitText(footer, "text", FOOTER);
            if (!footer.containsKey("text")) {
                embed.remove("footer");
            }
        }
        JsonObject author = embed.getJsonObject("author");
        if (author != null) {
            limitText(author, "name", AUTHOR_NAME);
        }
        JsonArray fields = embed.getJsonArray("fields");
        if (fields == null) {
            return;
        }
        while (fields.size() > FIELDS) {
            fields.remove(fields.size() - 1);
        }
        for (int i = 0; i < fields.size(); i++) {
            JsonObject field = fields.getJsonObject(i);
            field.put("name", truncate(orPlaceholder(field.getString("name")), FIELD_NAME));
            field.put("value", truncate(orPlaceholder(field.getString("value")), FIELD_VALUE));
        }
    }

    private static void limitText(JsonObject object, String key, int max) {
        String text = object.getString(key);
        if (text == null || text.isBlank()) {
            object.remove(key);
        } else {
            object.put(key, truncate(text, max));
        }
    }

    private static String orPlaceholder(String text) {
        return text == null || text.isBlank() ? PLACEHOLDER : text;
    }

    /** A text that counts towards the 6000 total and may be shortened. */
    private record Part(JsonObject owner, String key) {
        String text() {
            return owner.getString(key);
        }

        int length() {
            return text().length();
        }
    }

    /** Characters counted towards the total: titles, descriptions, fields, footers and authors. */
    static int total(JsonArray embeds) {
        int total = 0;
        for (Part part : parts(embeds)) {
            total += part.length();
        }
        for (JsonObject field : fields(embeds)) {
            total += field.getString("name").length();
        }
        return total;
    }

    private static void fitTotal(JsonArray embeds) {
        while (total(embeds) > TOTAL) {
            List<Part> parts = parts(embeds);
            int fixed = total(embeds) - parts.stream().mapToInt(Part::length).sum();
            int budget = TOTAL - fixed;
            int cap = commonCap(parts, budget);
            if (cap < 1 || budget < parts.size()) {
                if (!dropLastField(embeds)) {
                    return;
                }
                continue;
            }
            for (Part part : parts) {
                if (part.length() > cap) {
                    part.owner().put(part.key(), truncate(part.text(), cap));
                }
            }
        }
    }

    /** The largest length L such that every part cut to L fits the budget together. */
    private static int commonCap(List<Part> parts, int budget) {
        int low = 0;
        int high = parts.stream().mapToInt(Part::length).max().orElse(0);
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            long sum = 0;
            for (Part part : parts) {
                sum += Math.min(part.length(), mid);
            }
            if (sum <= budget) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    private static boolean dropLastField(JsonArray embeds) {
        for (int i = embeds.size() - 1; i >= 0; i--) {
            JsonArray fields = embeds.getJsonObject(i).getJsonArray("fields");
            if (fields != null && !fields.isEmpty()) {
                fields.remove(fields.size() - 1);
                return true;
            }
        }
        return false;
    }

    private static List<Part> parts(JsonArray embeds) {
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < embeds.size(); i++) {
            JsonObject embed = embeds.getJsonObject(i);
            addIfPresent(parts, embed, "title");
            addIfPresent(parts, embed, "description");
            JsonObject footer = embed.getJsonObject("footer");
            if (footer != null) {
                addIfPresent(parts, footer, "text");
            }
            JsonObject author = embed.getJsonObject("author");
            if (author != null) {
                addIfPresent(parts, author, "name");
            }
        }
        for (JsonObject field : fields(embeds)) {
            parts.add(new Part(field, "value"));
        }
        return parts;
    }

    private static List<JsonObject> fields(JsonArray embeds) {
        List<JsonObject> fields = new ArrayList<>();
        for (int i = 0; i < embeds.size(); i++) {
            JsonArray list = embeds.getJsonObject(i).getJsonArray("fields");
            if (list != null) {
                for (int j = 0; j < list.size(); j++) {
                    fields.add(list.getJsonObject(j));
                }
            }
        }
        return fields;
    }

    private static void addIfPresent(List<Part> parts, JsonObject owner, String key) {
        if (owner.getString(key) != null) {
            parts.add(new Part(owner, key));
        }
    }
}
