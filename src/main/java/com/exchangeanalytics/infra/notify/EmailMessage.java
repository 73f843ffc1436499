package com.exchangeanalytics.infra.notify;

import java.util.List;

/**
 * One email ready to send.
 *
 * @param to      recipient addresses (validated)
 * @param subject subject line (no CR or LF)
 * @param text    the plain-text body, always present
 * @param html    the HTML body, or {@code null} for a plain-text mail
 */
public record EmailMessage(List<String> to, String subject, String text, String html) {
}
