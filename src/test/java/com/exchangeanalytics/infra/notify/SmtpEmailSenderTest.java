package com.exchangeanalytics.infra.notify;

import com.exchangeanalytics.infra.support.LogCapture;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static com.exchangeanalytics.infra.notify.SmtpFailureClassificationTest.await;
import static com.exchangeanalytics.infra.notify.SmtpFailureClassificationTest.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The SMTP sender, against GreenMail")
class SmtpEmailSenderTest {

    private static final String USER = "mailer";
    private static final String PASSWORD = "mailer-pw-Qq7-secret";
    private static final String FROM = "analytics@example.com";
    private static final String TO = "desk@example.com";
    private static final long TIMEOUT_MS = 5_000;
    private static final int ARRIVAL_WAIT_MS = 5_000;

    private static GreenMail greenMail;
    private SmtpEmailSender sender;

    @BeforeAll
    static void startGreenMail() {
        greenMail = new GreenMail(new ServerSetup[] {
            ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.SMTPS.dynamicPort()})
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(FROM, USER, PASSWORD));
        greenMail.start();
    }

    @AfterAll
    static void stopGreenMail() {
        greenMail.stop();
    }

    @BeforeEach
    void emptyMailboxes() throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
    }

    @AfterEach
    void closeSender() throws Exception {
        if (sender != null) {
            await(sender.close());
        }
    }

    @Test
    @DisplayName("delivers a plain-text mail and answers the Message-ID the recipient sees")
    void plainText(Vertx vertx) throws Exception {
        sender = SmtpEmailSender.create(vertx, smtp(null, null, "disabled"));
        EmailMessage mail = EmailValidation.message(List.of(TO), "市場アラート: USD/JPY", "円高が進行中\n詳細は後ほど", null);

        String messageId = await(sender.send(mail));

        MimeMessage received = onlyReceived();
        assertThat(received.getMessageID()).isEqualTo(messageId);
        assertThat(received.getSubject()).isEqualTo("市場アラート: USD/JPY");
        assertThat(received.getFrom()[0].toString()).isEqualTo(FROM);
        assertThat(received.getContentType()).startsWith("text/plain");
        assertThat(((String) received.getContent()).replace("\r\n", "\n")).isEqualTo("円高が進行中\n詳細は後ほど");
    }

    @Test
    @DisplayName("delivers an HTML mail as multipart/alternative with a plain-text and an HTML part")
    void htmlWithTextAlternative(Vertx vertx) throws Exception {
        sender = SmtpEmailSender.create(vertx, smtp(null, null, "disabled"));
        String html = "<h1>Daily</h1><p>USD/JPY &amp; EUR/USD<br>steady</p><script>alert(1)</script>";
        EmailMessage mail =
            EmailValidation.message(List.of(TO, "second@example.com"), "Daily", html, "text/html");

        String messageId = await(sender.send(mail));

        assertThat(greenMail.waitForIncomingEmail(ARRIVAL_WAIT_MS, 2)).isTrue();
        MimeMessage received = greenMail.getReceivedMessages()[0];
        assertThat(received.getMessageID()).isEqualTo(messageId);
        assertThat(received.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) received.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        BodyPart text = parts.getBodyPart(0);
        BodyPart htmlPart = parts.getBodyPart(1);
        assertThat(text.getContentType()).startsWith("text/plain");
        assertThat(normalise((String) text.getContent())).isEqualTo("Daily\n\nUSD/JPY & EUR/USD\nsteady");
        assertThat(htmlPart.getContentType()).startsWith("text/html");
        assertThat(normalise((String) htmlPart.getContent())).isEqualTo(html);
    }

    @Test
    @DisplayName("logs in with the configured user and password")
    void login(Vertx vertx) throws Exception {
        sender = SmtpEmailSender.create(vertx, smtp(USER, PASSWORD, "disabled"));

        await(sender.send(EmailValidation.message(List.of(TO), "with login", "hello", null)));

        assertThat(GreenMailUtil.getBody(onlyReceived())).isEqualTo("hello");
    }

    @Test
    @DisplayName("fails permanently on a wrong password, and never shows it")
    void wrongPassword(Vertx vertx) throws Exception {
        String wrong = "not-the-pw-4411";
        try (LogCapture logs = LogCapture.attach()) {
            sender = SmtpEmailSender.create(vertx, smtp(USER, wrong, "disabled"));

            DeliveryException failure = failureOf(sender.send(mail("x")));

            assertThat(failure.permanent()).isTrue();
            assertThat(failure.getMessage()).contains("535", "refused the login").doesNotContain(wrong);
            assertThat(logs.text()).contains("Email not sent (permanent)").doesNotContain(wrong, PASSWORD);
        }
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    @DisplayName("sends over implicit TLS (SMTPS) with login")
    void smtps(Vertx vertx) throws Exception {
        NotifyConfig.Email config = new NotifyConfig.Email("127.0.0.1", greenMail.getSmtps().getPort(), USER,
            PASSWORD, FROM, "required", true, TIMEOUT_MS, 2, true, true, "client.test", null, ZoneOffset.UTC);
        sender = SmtpEmailSender.create(vertx, config);

        String messageId = await(sender.send(mail("over TLS")));

        assertThat(onlyReceived().getMessageID()).isEqualTo(messageId);
    }

    @Test
    @DisplayName("fails permanently when the SMTPS certificate is not trusted, or TLS meets a plain port")
    void tlsFailuresArePermanent(Vertx vertx) throws Exception {
        int smtps = greenMail.getSmtps().getPort();
        NotifyConfig.Email untrusted = new NotifyConfig.Email("127.0.0.1", smtps, null, null, FROM,
            "required", true, TIMEOUT_MS, 1, true, false, "client.test", null, ZoneOffset.UTC);
        sender = SmtpEmailSender.create(vertx, untrusted);
        DeliveryException failure = failureOf(sender.send(mail("x")));
        assertThat(failure.permanent()).isTrue();
        assertThat(failure.getMessage()).contains("TLS handshake with SMTP server 127.0.0.1:");
        await(sender.close());

        int plain = greenMail.getSmtp().getPort();
        NotifyConfig.Email tlsToPlainPort = new NotifyConfig.Email("127.0.0.1", plain, null, null, FROM,
            "required", true, TIMEOUT_MS, 1, true, true, "client.test", null, ZoneOffset.UTC);
        sender = SmtpEmailSender.create(vertx, tlsToPlainPort);
        assertThat(failureOf(sender.send(mail("x"))).permanent()).isTrue();
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    @DisplayName("refuses to send in clear text when STARTTLS is required and the server does not offer it")
    void starttlsRequired(Vertx vertx) throws Exception {
        try (LogCapture logs = LogCapture.attach()) {
            sender = SmtpEmailSender.create(vertx, smtp(USER, PASSWORD, "required"));

            DeliveryException failure = failureOf(sender.send(mail("x")));

            assertThat(failure.permanent()).isTrue();
            assertThat(failure.getMessage())
                .contains("does not offer STARTTLS", "refusing to send in clear text", "127.0.0.1:");
            assertThat(logs.text()).doesNotContain(PASSWORD);
        }
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    @DisplayName("delivers a report email whose hostile text arrives escaped in the HTML part")
    void reportEmail(Vertx vertx) throws Exception {
        sender = SmtpEmailSender.create(vertx, smtp(null, null, "disabled"));
        Report report = Report.fromJson(ReportEmailRendererTest.report()
            .put("title", "Weekly <script>alert('x')</script>")
            .put("marketSummary", "\"><img src=x onerror=alert(1)>\n{{secret}}"));
        ReportEmailRenderer renderer = new ReportEmailRenderer(EmailLabels.JA, ZoneId.of("Asia/Tokyo"));

        await(sender.send(renderer.render(report, List.of(TO))));

        MimeMessage received = onlyReceived();
        assertThat(received.getSubject())
            .isEqualTo("Exchange Analytics - Weekly <script>alert('x')</script>");
        MimeMultipart parts = (MimeMultipart) received.getContent();
        String html = (String) parts.getBodyPart(1).getContent();
        assertThat(html)
            .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
            .contains("&quot;&gt;&lt;img src&#61;x onerror&#61;alert(1)&gt;<br>{{secret}}")
            .contains("市場サマリー")
            .doesNotContain("<script>", "<img");
        assertThat((String) parts.getBodyPart(0).getContent()).contains("[市場サマリー]");
    }

    @Test
    @DisplayName("sends the test email to the configured test recipient, or else to the sender")
    void testEmail(Vertx vertx) throws Exception {
        sender = SmtpEmailSender.create(vertx, smtp(null, null, "disabled"));
        await(sender.sendTestEmail());
        MimeMessage received = onlyReceived();
        assertThat(received.getAllRecipients()[0].toString()).isEqualTo(FROM);
        assertThat(received.getSubject()).isEqualTo("Exchange Analytics - Test Email");
        await(sender.close());

        greenMail.purgeEmailFromAllMailboxes();
        NotifyConfig.Email c = smtp(null, null, "disabled");
        sender = SmtpEmailSender.create(vertx, new NotifyConfig.Email(c.host(), c.port(), null, null, FROM,
            c.starttls(), false, TIMEOUT_MS, 1, true, false, null, "ops@example.com", ZoneOffset.UTC));
        await(sender.sendTestEmail());
        assertThat(onlyReceived().getAllRecipients()[0].toString()).isEqualTo("ops@example.com");
    }

    @Test
    @DisplayName("keeps one connection for several mails with keep-alive, and opens one per mail without")
    void keepAlive(Vertx vertx) throws Exception {
        try (ScriptedSmtpServer server = await(ScriptedSmtpServer.start(vertx, Map.of()))) {
            NotifyConfig.Email pooled =
                SmtpFailureClassificationTest.config(server.port(), null, null, TIMEOUT_MS, 1);
            sender = SmtpEmailSender.create(vertx, pooled);
            for (int i = 0; i < 3; i++) {
                await(sender.send(mail("pooled " + i)));
            }
            assertThat(server.connections()).isEqualTo(1);
            await(sender.close());

            sender = SmtpEmailSender.create(vertx, withoutKeepAlive(pooled));
            for (int i = 0; i < 3; i++) {
                await(sender.send(mail("single " + i)));
            }
            assertThat(server.connections()).isEqualTo(4);
            assertThat(server.messages()).isEqualTo(6);
        }
    }

    private static EmailMessage mail(String subject) {
        return EmailValidation.message(List.of(TO), subject, "body", null);
    }

    private static NotifyConfig.Email withoutKeepAlive(NotifyConfig.Email c) {
        return new NotifyConfig.Email(c.host(), c.port(), c.username(), c.password(), c.from(), c.starttls(),
            c.ssl(), c.timeoutMs(), c.poolSize(), false, c.trustAll(), c.ehloName(), c.testRecipient(),
            c.timeZone());
    }

    private static NotifyConfig.Email smtp(String username, String password, String starttls) {
        return new NotifyConfig.Email("127.0.0.1", greenMail.getSmtp().getPort(), username, password, FROM,
            starttls, false, TIMEOUT_MS, 2, true, false, "client.test", null, ZoneOffset.UTC);
    }

    private static MimeMessage onlyReceived() {
        assertThat(greenMail.waitForIncomingEmail(ARRIVAL_WAIT_MS, 1)).as("a mail arrives").isTrue();
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(1);
        return received[0];
    }

    private static String normalise(String text) {
        return text.replace("\r\n", "\n").strip();
    }
}
