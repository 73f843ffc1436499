package com.exchangeanalytics.infra.notify;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Best-effort HTML to plain text, in one forward pass (linear in the input, whatever the input).
 * See {@link EmailValidation#htmlToText}.
 */
final class EmailHtmlText {

    /** Shown when the HTML holds no text at all (only images, say). */
    static final String NO_TEXT = "(This message has no plain-text version; open it in an HTML mail reader.)";

    private static final Set<String> SKIPPED_ELEMENTS = Set.of("script", "style", "head", "title");
    private static final Set<String> BREAKING_TAGS = Set.of(
        "br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "hr",
        "blockquote", "pre", "section", "article", "header", "footer");
    private static final Map<String, String> ENTITIES = Map.of(
        "amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'", "nbsp", " ");
    private static final int LONGEST_ENTITY = 10;

    private final String html;
    private final StringBuilder out;
    private int position;

    private EmailHtmlText(String html) {
        this.html = html;
        this.out = new StringBuilder(html.length());
    }

    static String of(String html) {
        if (html == null || html.isEmpty()) {
            return NO_TEXT;
        }
        String text = tidy(new EmailHtmlText(html).convert());
        return text.isBlank() ? NO_TEXT : text;
    }

    private String convert() {
        while (position < html.length()) {
            char c = html.charAt(position);
            if (c == '<') {
                readMarkup();
            } else if (c == '&') {
                readEntity();
            } else {
                out.append(c);
                position++;
            }
        }
        return out.toString();
    }

    private void readMarkup() {
        if (html.startsWith("<!--", position)) {
            position = after("-->", position + 4);
            return;
        }
        int end = html.indexOf('>', position + 1);
        if (end < 0) {
            // An unclosed '<' is text, as browsers show it.
            out.append(html, position, html.length());
            position = html.length();
            return;
        }
        String name = tagName(position + 1, end);
        position = end + 1;
        if (SKIPPED_ELEMENTS.contains(name) && !selfClosing(end)) {
            position = after("</" + name, position);
            int close = html.indexOf('>', position);
            position = close < 0 ? html.length() : close + 1;
        } else if (BREAKING_TAGS.contains(name)) {
            out.append('\n');
        } else if (name.equals("td") || name.equals("th")) {
            out.append(' ');
        }
    }

    private String tagName(int from, int end) {
        int start = from < end && html.charAt(from) == '/' ? from + 1 : from;
        int stop = start;
        while (stop < end && Character.isLetterOrDigit(html.charAt(stop))) {
            stop++;
        }
        return html.substring(start, stop).toLowerCase(Locale.ROOT);
    }

    private boolean selfClosing(int end) {
        return end > 0 && html.charAt(end - 1) == '/';
    }

    /** The position just past the next {@code marker} (ignoring case), or the end of the input. */
    private int after(String marker, int from) {
        int last = html.length() - marker.length();
        for (int i = from; i <= last; i++) {
            if (html.regionMatches(true, i, marker, 0, marker.length())) {
                return i + marker.length();
            }
        }
        return html.length();
    }

    private void readEntity() {
        int end = entityEnd();
        if (end < 0) {
            out.append('&');
            position++;
            return;
        }
        String decoded = decode(html.substring(position + 1, end));
        if (decoded == null) {
            out.append('&');
            position++;
            return;
        }
        out.append(decoded);
        position = end + 1;
    }

    /** The ';' closing an entity that starts at the current position, looking only a few characters ahead. */
    private int entityEnd() {
        int limit = Math.min(html.length(), position + LONGEST_ENTITY + 1);
        for (int i = position + 1; i < limit; i++) {
            if (html.charAt(i) == ';') {
                return i;
            }
        }
        return -1;
    }

    private static String decode(String entity) {
        if (entity.startsWith("#")) {
            try {
                boolean hex = entity.startsWith("#x") || entity.startsWith("#X");
                int codePoint = Integer.parseInt(entity.substring(hex ? 2 : 1), hex ? 16 : 10);
                return Character.isValidCodePoint(codePoint) && !Character.isISOControl(codePoint)
                    ? new String(Character.toChars(codePoint))
                    : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return ENTITIES.get(entity.toLowerCase(Locale.ROOT));
    }

    /** Trims each line, and keeps at most one blank line in a row. */
    private static String tidy(String text) {
        StringBuilder result = new StringBuilder(text.length());
        int blankRun = 0;
        for (String line : text.split("\r?\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                blankRun++;
                if (blankRun > 1 || result.length() == 0) {
                    continue;
                }
            } else {
                blankRun = 0;
            }
            result.append(trimmed).append('\n');
        }
        return result.toString().strip();
    }
}
