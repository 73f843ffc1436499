package com.exchangeanalytics.infra.notify;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.MailResult;
import io.vertx.ext.mail.StartTLSOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends email through one SMTP server with vertx-mail-client: a pool of at most
 * {@code notify.email.poolSize} connections, kept alive between mails unless {@code keepAlive} is off,
 * STARTTLS ({@code disabled}, {@code optional}, {@code required}) or implicit TLS ({@code ssl}), and a
 * login when a username is configured.
 *
 * <p>The mail client has no reply timeout of its own, so every send is bounded by
 * {@code notify.email.timeoutMs}; the same value is the sockets' inactivity limit, which closes a
 * connection whose server went silent and gives its pool slot back.
 *
 * <p>Failures are {@link DeliveryException}s, permanent or transient as {@link SmtpFailures} describes.
 * Retry only transient ones. A timeout, or a connection lost after the message data was sent, is
 * transient although the server may already have accepted the message: a retry can then deliver it twice.
 *
 * <p>One instance owns its connection pool; create it once (per verticle) and {@link #close()} it on stop.
 */
public final class SmtpEmailSender implements EmailSender {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpEmailSender.class);
    /** Goes into Message-IDs and MIME boundaries. */
    static final String USER_AGENT = "exchange-analytics";
    /**
     * The SASL methods we try, strongest first. XOAUTH2 is left out because we hold a password, not a
     * token (offering the password as a token would cost a failed login on every connection), and NTLM
     * because it needs a domain we do not configure. The client tries each method the server also offers
     * until one works, so a wrong password costs one failed attempt per such method.
     */
    static final String AUTH_METHODS = "CRAM-SHA256 CRAM-SHA1 CRAM-MD5 LOGIN PLAIN";
    private static final long MIN_KEEP_ALIVE_MS = 100;

    private final MailClient client;
    private final NotifyConfig.Email config;
    private final String from;
    private final String server;
    private final SmtpFailures failures;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SmtpEmailSender(MailClient client, NotifyConfig.Email config) {
        this.client = client;
        this.config = config;
        this.from = config.sender();
        this.server = config.host() + ":" + config.port();
        this.failures = new SmtpFailures(server, config.username(), config.password());
    }

    /**
     * A sender with its own connection pool. Nothing connects until the first send.
     *
     * @param config the {@code notify.email} section;
     *               must be {@linkplain NotifyConfig.Email#enabled() enabled}
     * @throws IllegalArgumentException when no host is configured
     */
    public static SmtpEmailSender create(Vertx vertx, NotifyConfig.Email config) {
        if (!config.enabled()) {
            throw new IllegalArgumentException("email is off: notify.email.host (SMTP_HOST) is not set");
        }
        SmtpEmailSender sender = new SmtpEmailSender(MailClient.create(vertx, mailConfig(config)), config);
        sender.logReady();
        return sender;
    }

    /**
     * Sends one mail: plain text, or HTML with its text as the plain alternative
     * ({@code multipart/alternative}).
     *
     * @param message recipients and subject already checked with {@link EmailValidation}
     * @return the Message-ID header of the mail sent, angle brackets included
     *     ({@code <msg.1723194000000.exchange-analytics.0@host>}); or a failed Future holding a
     *     {@link DeliveryException}
     */
    @Override
    public Future<String> send(EmailMessage message) {
        if (from == null) {
            return Future.failedFuture(DeliveryException.permanent(
                "no sender address: set notify.email.from (SMTP_FROM)"));
        }
        if (closed.get()) {
            return Future.failedFuture(DeliveryException.transientFailure("the SMTP sender is closed"));
        }
        long started = System.nanoTime();
        return client.sendMail(mailMessage(message))
            .timeout(config.timeoutMs(), TimeUnit.MILLISECONDS)
            .map(MailResult::getMessageID)
            .recover(failure -> Future.failedFuture(failures.classify(failure, config.timeoutMs())))
            .andThen(result -> logOutcome(result, message, started));
    }

    /**
     * Sends the {@code testChannel email} mail ({@link ReportEmailRenderer#testEmail}) to
     * {@link #testRecipient()}.
     *
     * @return the Message-ID, or a failed Future with a {@link DeliveryException} whose message says why
     */
    public Future<String> sendTestEmail() {
        String recipient = testRecipient();
        if (recipient == null) {
            return Future.failedFuture(DeliveryException.permanent(
                "no test recipient: set notify.email.testRecipient (SMTP_TEST_RECIPIENT) "
                    + "or notify.email.from"));
        }
        return send(ReportEmailRenderer.testEmail(List.of(recipient)));
    }

    /** {@code notify.email.testRecipient}, else the sender address; {@code null} when neither is known. */
    public String testRecipient() {
        return config.testRecipient() != null ? config.testRecipient() : from;
    }

    /**
     * Closes the pool's connections (with QUIT). Always succeeds: a connection the server already closed
     * is not a failure here. Calling it again does nothing.
     */
    @Override
    public Future<Void> close() {
        if (!closed.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        return client.close()
            .recover(failure -> {
                LOG.debug("SMTP pool of {} closed with a connection already gone: {}",
                    server, failure.getMessage());
                return Future.succeededFuture();
            });
    }

    /** {@code host:port} of the server, for messages such as the reply of {@code testChannel}. */
    public String server() {
        return server;
    }

    /** The address mails are sent from: {@code from}, or the username when that is an address. */
    public String from() {
        return from;
    }

    static MailConfig mailConfig(NotifyConfig.Email config) {
        int timeoutMs = (int) Math.min(config.timeoutMs(), Integer.MAX_VALUE);
        return new MailConfig()
            .setHostname(config.host())
            .setPort(config.port())
            .setSsl(config.ssl())
            .setStarttls(starttls(config.starttls()))
            .setLogin(config.username() == null ? LoginOption.DISABLED : LoginOption.REQUIRED)
            .setUsername(config.username())
            .setPassword(config.password())
            .setAuthMethods(AUTH_METHODS)
            .setTrustAll(config.trustAll())
            .setOwnHostname(config.ehloName())
            .setUserAgent(USER_AGENT)
            .setMaxPoolSize(config.poolSize())
            .setKeepAlive(config.keepAlive())
            // Idle pooled connections are closed politely (QUIT) before the socket inactivity limit below
            // would drop them.
            .setKeepAliveTimeout((int) Math.max(MIN_KEEP_ALIVE_MS, timeoutMs / 2))
            .setKeepAliveTimeoutUnit(TimeUnit.MILLISECONDS)
            .setConnectTimeout(timeoutMs)
            .setSslHandshakeTimeout(timeoutMs)
            .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS)
            .setIdleTimeout(timeoutMs)
            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    }

    private MailMessage mailMessage(EmailMessage message) {
        MailMessage mail = new MailMessage()
            .setFrom(from)
            .setTo(new ArrayList<>(message.to()))
            .setSubject(message.subject())
            .setText(message.text());
        if (message.html() != null) {
            mail.setHtml(message.html());
        }
        return mail;
    }

    private static StartTLSOptions starttls(String mode) {
        if (mode == null) {
            return StartTLSOptions.REQUIRED;
        }
        return switch (mode) {
            case "disabled" -> StartTLSOptions.DISABLED;
            case "optional" -> StartTLSOptions.OPTIONAL;
            default -> StartTLSOptions.REQUIRED;
        };
    }

    private void logReady() {
        String tls = config.ssl() ? "implicit TLS" : "STARTTLS " + config.starttls();
        LOG.info("SMTP sender ready: server={}, tls={}, login={}, poolSize={}, keepAlive={}, timeoutMs={}",
            server, tls, config.username() != null, config.poolSize(), config.keepAlive(),
            config.timeoutMs());
        if (from == null) {
            LOG.warn("notify.email.from (SMTP_FROM) is not set: every email will fail until it is");
        }
        if (config.trustAll()) {
            LOG.warn("notify.email.trustAll is on: the SMTP server's certificate is not verified "
                + "(for tests and development only)");
        }
    }

    private void logOutcome(AsyncResult<String> result, EmailMessage message, long started) {
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (result.succeeded()) {
            LOG.info("Email sent: messageId={}, recipients={}, elapsedMs={}",
                result.result(), message.to().size(), elapsedMs);
            return;
        }
        DeliveryException failure = (DeliveryException) result.cause();
        String kind = failure.permanent() ? "permanent" : "transient";
        LOG.warn("Email not sent ({}): {} [recipients={}, elapsedMs={}]",
            kind, failure.getMessage(), message.to().size(), elapsedMs);
    }
}
