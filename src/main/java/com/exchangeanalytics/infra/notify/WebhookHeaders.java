package com.exchangeanalytics.infra.notify;

import com.exchangeanalytics.infra.common.Redact;
import com.exchangeanalytics.infra.common.ServiceException;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rules for the headers of a generic webhook request, from config or from a caller: names are HTTP
 * tokens, values hold no control characters (so no CR/LF header injection), and the headers that
 * describe the connection or the body framing stay under the HTTP client's control.
 */
final class WebhookHeaders {

    static final int MAX_HEADERS = 32;
    static final int MAX_VALUE_LENGTH = 4096;

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");
    private static final Set<String> FORBIDDEN = Set.of(
        "host", "content-length", "transfer-encoding", "connection", "keep-alive", "proxy-connection",
        "proxy-authenticate", "proxy-authorization", "te", "trailer", "upgrade", "expect");

    private WebhookHeaders() {
    }

    /** What is wrong with one header (naming it, never quoting its value), or {@code null} if nothing. */
    static String problem(String name, String value) {
        if (name == null || !TOKEN.matcher(name).matches()) {
            return "has a header name that is not a valid HTTP token: '" + Redact.shorten(safe(name), 40)
                + "'";
        }
        if (FORBIDDEN.contains(name.toLowerCase(Locale.ROOT))) {
            return "may not set header '" + name + "' (the HTTP client controls it)";
        }
        if (value == null) {
            return "has no value for header '" + name + "'";
        }
        if (value.length() > MAX_VALUE_LENGTH) {
            return "has a value longer than " + MAX_VALUE_LENGTH + " characters for header '" + name + "'";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return "has a control character (CR, LF, ...) in the value of header '" + name + "'";
            }
        }
        return null;
    }

    /** The caller's headers, validated; fails with 400 naming the field and the header. */
    static Map<String, String> fromCaller(Map<String, String> headers) {
        if (headers.size() > MAX_HEADERS) {
            throw ServiceException.badRequest("field 'headers' has more than " + MAX_HEADERS + " headers");
        }
        Map<String, String> checked = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String problem = problem(header.getKey(), header.getValue());
            if (problem != null) {
                throw ServiceException.badRequest("field 'headers' " + problem);
            }
            checked.put(header.getKey(), header.getValue());
        }
        return checked;
    }

    private static String safe(String name) {
        return name == null ? "null" : name.replaceAll("\\p{Cntrl}", "?");
    }
}
