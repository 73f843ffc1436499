package com.exchangeanalytics.infra.notify;

import com.exchangeanalytics.infra.common.Redact;
import com.exchangeanalytics.infra.common.ServiceException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks what a caller asks the {@code email} action to send, before anything is queued. Each check
 * throws {@link ServiceException#badRequest} naming the contract field ({@code to}, {@code subject},
 * {@code content}, {@code contentType}); nothing here touches the network.
 *
 * <p>Addresses follow a practical subset of RFC 5322: {@code local@domain}, where the local part is
 * a dot-atom of ASCII letters, digits and {@code !#$%&'*+/=?^_`{|}~-}, and the domain is one or more
 * DNS labels. Quoted local parts, display names, address literals and non-ASCII addresses are refused.
 */
public final class EmailValidation {

    /** Most recipients of one mail. */
    public static final int MAX_RECIPIENTS = 50;
    /** Longest subject, in characters (the header line limit of RFC 5322). */
    public static final int MAX_SUBJECT_CHARS = 998;
    /** Longest content, in characters. */
    public static final int MAX_CONTENT_CHARS = 200_000;
    public static final String TEXT_PLAIN = "text/plain";
    public static final String TEXT_HTML = "text/html";

    private static final int MAX_ADDRESS_CHARS = 254;
    private static final int MAX_LOCAL_PART_CHARS = 64;
    private static final int MAX_ADDRESS_SHOWN = 60;
    private static final String ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final Pattern ADDRESS =
        Pattern.compile(ATOM + "(?:\\." + ATOM + ")*@" + LABEL + "(?:\\." + LABEL + ")*");

    private EmailValidation() {
    }

    /**
     * Validates and normalises the {@code to} field: between 1 and {@value #MAX_RECIPIENTS} syntactically
     * valid addresses, none containing CR or LF. Surrounding spaces are trimmed and repeated addresses
     * (compared without case) are kept once, in their first position.
     *
     * @return the addresses to send to
     * @throws ServiceException 400 naming {@code to}
     */
    public static List<String> recipients(List<String> to) {
        if (to == null || to.isEmpty()) {
            throw ServiceException.badRequest("field 'to' must hold at least one address");
        }
        if (to.size() > MAX_RECIPIENTS) {
            throw ServiceException.badRequest("field 'to' holds " + to.size() + " addresses; at most "
                + MAX_RECIPIENTS + " are allowed");
        }
        List<String> addresses = new ArrayList<>(to.size());
        Set<String> seen = new LinkedHashSet<>();
        for (String entry : to) {
            String address = recipient(entry);
            if (seen.add(address.toLowerCase(Locale.ROOT))) {
                addresses.add(address);
            }
        }
        return List.copyOf(addresses);
    }

    /**
     * Validates the {@code subject} field: not blank, at most {@value #MAX_SUBJECT_CHARS} characters,
     * no CR or LF (header injection) and no other control character except tab.
     *
     * @return the subject unchanged
     * @throws ServiceException 400 naming {@code subject}
     */
    public static String subject(String subject) {
        if (subject == null || subject.isBlank()) {
            throw ServiceException.badRequest("field 'subject' must not be empty");
        }
        if (hasLineBreak(subject)) {
            throw ServiceException.badRequest("field 'subject' must not contain CR or LF (header injection)");
        }
        if (subject.length() > MAX_SUBJECT_CHARS) {
            throw ServiceException.badRequest("field 'subject' must be at most " + MAX_SUBJECT_CHARS
                + " characters");
        }
        if (subject.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t')) {
            throw ServiceException.badRequest("field 'subject' must not contain control characters");
        }
        return subject;
    }

    /**
     * Validates the {@code content} field: not blank and at most {@value #MAX_CONTENT_CHARS} characters.
     *
     * @return the content unchanged
     * @throws ServiceException 400 naming {@code content}
     */
    public static String content(String content) {
        if (content == null || content.isBlank()) {
            throw ServiceException.badRequest("field 'content' must not be empty");
        }
        if (content.length() > MAX_CONTENT_CHARS) {
            throw ServiceException.badRequest("field 'content' must be at most " + MAX_CONTENT_CHARS
                + " characters");
        }
        return content;
    }

    /**
     * Validates the optional {@code contentType} field.
     *
     * @param contentType {@code text/plain}, {@code text/html} (any case), or {@code null} / blank
     * @return {@value #TEXT_PLAIN} or {@value #TEXT_HTML}; {@value #TEXT_PLAIN} when absent
     * @throws ServiceException 400 naming {@code contentType}
     */
    public static String contentType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return TEXT_PLAIN;
        }
        String normal = contentType.trim().toLowerCase(Locale.ROOT);
        if (!normal.equals(TEXT_PLAIN) && !normal.equals(TEXT_HTML)) {
            throw ServiceException.badRequest("field 'contentType' must be text/plain or text/html");
        }
        return normal;
    }

    /**
     * Runs every check above and builds the message to hand to an {@link EmailSender}. HTML content gets
     * a plain-text alternative made by {@link #htmlToText}.
     *
     * @throws ServiceException 400 naming the first bad field
     */
    public static EmailMessage message(List<String> to, String subject, String content, String contentType) {
        List<String> recipients = recipients(to);
        String checkedSubject = subject(subject);
        String body = content(content);
        if (contentType(contentType).equals(TEXT_HTML)) {
            return new EmailMessage(recipients, checkedSubject, htmlToText(body), body);
        }
        return new EmailMessage(recipients, checkedSubject, body, null);
    }

    /** Whether {@code address} is one plain address this service can send to (no trimming, no CR/LF). */
    public static boolean isAddress(String address) {
        if (address == null || address.length() > MAX_ADDRESS_CHARS || !ADDRESS.matcher(address).matches()) {
            return false;
        }
        return address.indexOf('@') <= MAX_LOCAL_PART_CHARS;
    }

    /**
     * A plain-text rendering of caller-supplied HTML, for the text alternative of an HTML mail.
     * This is a best-effort conversion, not an HTML parser: it drops comments and the contents of
     * {@code script}, {@code style} and {@code head}, turns line-breaking tags into line breaks, removes
     * every other tag, decodes the common entities and squeezes blank lines. It runs in linear time on
     * any input. The result is only ever sent as {@code text/plain}, so nothing in it is interpreted.
     */
    public static String htmlToText(String html) {
        return EmailHtmlText.of(html);
    }

    private static String recipient(String entry) {
        if (entry == null) {
            throw ServiceException.badRequest("field 'to' must not hold null");
        }
        if (hasLineBreak(entry)) {
            throw ServiceException.badRequest("field 'to' must not contain CR or LF (header injection)");
        }
        String address = entry.strip();
        if (!isAddress(address)) {
            throw ServiceException.badRequest("field 'to' holds an invalid address: '"
                + Redact.shorten(address, MAX_ADDRESS_SHOWN) + "'");
        }
        return address;
    }

    private static boolean hasLineBreak(String text) {
        return text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0;
    }
}
