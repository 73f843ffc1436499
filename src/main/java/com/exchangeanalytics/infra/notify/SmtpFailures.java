package com.exchangeanalytics.infra.notify;

import com.exchangeanalytics.infra.common.Redact;
import io.vertx.ext.mail.SMTPException;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Sorts a failed SMTP send into a permanent or a transient {@link DeliveryException}, with a message
 * safe to log and to show a caller: it names the server ({@code host:port}) and the reply code, never
 * the password, and quotes at most the first line of the server's reply with secrets scrubbed.
 *
 * <ul>
 *   <li>a 4xx reply (421 closing, 451 local error, 452 no space...) is transient;</li>
 *   <li>a 5xx reply (550 mailbox unavailable, 554 rejected, 535 authentication failed...) is permanent;</li>
 *   <li>a refused, reset or dropped connection and an unknown host are transient;</li>
 *   <li>no answer within the timeout is transient, but the server may have taken the message already,
 *       so a retry can deliver it twice;</li>
 *   <li>a TLS handshake failure, a server without STARTTLS when it is required, or without a usable
 *       AUTH method when login is configured, are permanent: they are configuration problems that
 *       retrying cannot fix.</li>
 * </ul>
 */
final class SmtpFailures {

    private static final int MAX_REPLY_SHOWN = 160;
    private static final int AUTH_FAILED = 535;
    private static final int AUTH_MECHANISM_TOO_WEAK = 534;
    private static final String STARTTLS_MISSING = "starttls required but not supported";
    private static final String NO_AUTH_METHOD = "no allowed auth methods";
    private static final String NO_CREDENTIALS = "no credentials supplied";

    private final String server;
    private final List<String> secrets;

    /**
     * @param server   {@code host:port}, named in every message
     * @param username the login, or {@code null}
     * @param password the password, or {@code null}: scrubbed from anything quoted, also in base64
     */
    SmtpFailures(String server, String username, String password) {
        this.server = server;
        this.secrets = secretForms(username, password);
    }

    DeliveryException classify(Throwable failure, long timeoutMs) {
        if (failure instanceof DeliveryException delivery) {
            return delivery;
        }
        if (failure instanceof SMTPException reply) {
            return fromReply(reply);
        }
        if (failure instanceof TimeoutException) {
            return DeliveryException.transientFailure("SMTP server " + server + " did not finish within "
                + timeoutMs + " ms; the message may have been delivered already");
        }
        if (failure instanceof SSLException) {
            return DeliveryException.permanent("TLS handshake with SMTP server " + server + " failed ("
                + failure.getClass().getSimpleName() + "): check notify.email.ssl, starttls and the "
                + "server's certificate");
        }
        if (failure instanceof UnknownHostException) {
            return DeliveryException.transientFailure("the host of SMTP server " + server
                + " is not known (DNS)");
        }
        if (failure instanceof ConnectException) {
            return DeliveryException.transientFailure("cannot connect to SMTP server " + server);
        }
        if (failure instanceof IOException) {
            return DeliveryException.transientFailure("connection to SMTP server " + server
                + " was lost during the dialogue");
        }
        return fromMessage(failure);
    }

    private DeliveryException fromReply(SMTPException reply) {
        int code = reply.getReplyCode();
        String quoted = quote(reply.getReplyMessage());
        if (code == AUTH_FAILED || code == AUTH_MECHANISM_TOO_WEAK) {
            return DeliveryException.permanent("SMTP server " + server + " refused the login (" + quoted
                + "): check notify.email.username and password");
        }
        if (reply.isTransient()) {
            return DeliveryException.transientFailure("SMTP server " + server
                + " answered a temporary failure: " + quoted);
        }
        return DeliveryException.permanent("SMTP server " + server + " rejected the message: " + quoted);
    }

    /** The mail client reports some refusals as plain messages rather than typed exceptions. */
    private DeliveryException fromMessage(Throwable failure) {
        String message = failure.getMessage() == null ? "" : failure.getMessage().toLowerCase(Locale.ROOT);
        if (message.contains(STARTTLS_MISSING)) {
            return DeliveryException.permanent("SMTP server " + server + " does not offer STARTTLS and "
                + "notify.email.starttls is 'required': refusing to send in clear text");
        }
        if (message.contains(NO_AUTH_METHOD)) {
            return DeliveryException.permanent("SMTP server " + server + " offers no AUTH method we can use "
                + "(it may require STARTTLS or implicit TLS first)");
        }
        if (message.contains(NO_CREDENTIALS)) {
            return DeliveryException.permanent("SMTP login is required but notify.email.password is not set");
        }
        String detail = failure.getMessage() == null
            ? failure.getClass().getSimpleName()
            : failure.getMessage();
        return DeliveryException.transientFailure("sending through SMTP server " + server + " failed: "
            + quote(detail));
    }

    /** The first line of a reply or message, shortened, with credentials and URL secrets masked. */
    String quote(String text) {
        if (text == null) {
            return "";
        }
        String firstLine = text.lines().findFirst().orElse("").strip();
        String scrubbed = firstLine;
        for (String secret : secrets) {
            scrubbed = scrubbed.replace(secret, Redact.MASK);
        }
        return Redact.shorten(Redact.text(scrubbed), MAX_REPLY_SHOWN);
    }

    /** The password and the base64 blobs of AUTH PLAIN and AUTH LOGIN that carry it. */
    private static List<String> secretForms(String username, String password) {
        List<String> forms = new ArrayList<>();
        if (password == null || password.isEmpty()) {
            return forms;
        }
        Base64.Encoder base64 = Base64.getEncoder();
        String user = username == null ? "" : username;
        forms.add(base64.encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8)));
        forms.add(base64.encodeToString(password.getBytes(StandardCharsets.UTF_8)));
        forms.add(password);
        return forms;
    }
}
