package com.exchangeanalytics.infra.notify;

import com.exchangeanalytics.infra.support.LogCapture;
import com.exchangeanalytics.infra.support.RedisServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static com.exchangeanalytics.infra.notify.ScriptedSmtpServer.DROP;
import static com.exchangeanalytics.infra.notify.ScriptedSmtpServer.END_OF_DATA;
import static com.exchangeanalytics.infra.notify.ScriptedSmtpServer.GREETING;
import static com.exchangeanalytics.infra.notify.ScriptedSmtpServer.STALL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@ExtendWith(VertxExtension.class)
@DisplayName("An SMTP failure")
class SmtpFailureClassificationTest {

    private static final long WAIT_SECONDS = 10;
    private static final long SHORT_TIMEOUT_MS = 1_000;
    private static final String PASSWORD = "pw-Zx81-never-shown";
    private static final EmailMessage MAIL =
        new EmailMessage(List.of("ops@example.com"), "status", "all good", null);

    private ScriptedSmtpServer server;
    private SmtpEmailSender sender;

    @AfterEach
    void tearDown() throws Exception {
        if (sender != null) {
            sender.close().await(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @DisplayName("is transient when the server greets with 421 (service not available)")
    void greeting421IsTransient(Vertx vertx) throws Exception {
        DeliveryException failure = failureAgainst(vertx, Map.of(GREETING, "421 4.3.2 try again later"));
        assertThat(failure.permanent()).isFalse();
        assertThat(failure.getMessage()).contains("421", "127.0.0.1:" + server.port());
    }

    @Test
    @DisplayName("is transient when the server answers MAIL FROM with 451 (local error)")
    void mail451IsTransient(Vertx vertx) throws Exception {
        DeliveryException failure = failureAgainst(vertx, Map.of("MAIL", "451 4.3.0 local error, try later"));
        assertThat(failure.permanent()).isFalse();
        assertThat(failure.getMessage()).contains("451").contains("temporary");
    }

    @Test
    @DisplayName("is permanent when the server refuses the recipient with 550")
    void rcpt550IsPermanent(Vertx vertx) throws Exception {
        DeliveryException failure = failureAgainst(vertx, Map.of("RCPT", "550 5.1.1 no such user"));
        assertThat(failure.permanent()).isTrue();
        assertThat(failure.getMessage()).contains("550 5.1.1 no such user");
    }

    @Test
    @DisplayName("is permanent when the server rejects the message data with 554")
    void data554IsPermanent(Vertx vertx) throws Exception {
        DeliveryException failure = failureAgainst(vertx, Map.of(END_OF_DATA, "554 5.6.0 message refused"));
        assertThat(failure.permanent()).isTrue();
        assertThat(failure.getMessage()).contains("554");
        assertThat(server.messages()).isEqualTo(1);
    }

    @Test
    @DisplayName("is transient when the server drops the connection in the middle of the dialogue")
    void droppedConnectionIsTransient(Vertx vertx) throws Exception {
        DeliveryException failure = failureAgainst(vertx, Map.of("MAIL", DROP));
        assertThat(failure.permanent()).isFalse();
        assertThat(failure.getMessage()).contains("lost");
    }

    @Test
    @DisplayName("is transient when nothing listens on the port")
    void refusedConnectionIsTransient(Vertx vertx) throws Exception {
        int closedPort = RedisServer.freePort();
        sender = SmtpEmailSender.create(vertx, config(closedPort, null, null, SHORT_TIMEOUT_MS, 1));
        DeliveryException failure = failureOf(sender.send(MAIL));
        assertThat(failure.permanent()).isFalse();
        assertThat(failure.getMessage()).contains("cannot connect");
    }

    @Test
    @DisplayName("is a transient timeout when the server goes silent, and the pool recovers its connection")
    void stallIsTransientTimeout(Vertx vertx) throws Exception {
        server = await(ScriptedSmtpServer.start(vertx, Map.of(END_OF_DATA, STALL)));
        sender = SmtpEmailSender.create(vertx, config(server.port(), null, null, SHORT_TIMEOUT_MS, 1));

        long started = System.nanoTime();
        DeliveryException failure = failureOf(sender.send(MAIL));
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(failure.permanent()).isFalse();
        assertThat(failure.getMessage()).contains("did not finish within 1000 ms", "may have been delivered");
        assertThat(elapsedMs).isBetween(SHORT_TIMEOUT_MS - 50, SHORT_TIMEOUT_MS * 4);
        assertThat(server.messages()).as("the server had the whole message: a retry may duplicate it")
            .isEqualTo(1);

        // With a pool of one, the next mail can only go out once the silent connection was closed.
        server.reply(END_OF_DATA, "250 2.0.0 queued");
        String messageId = await(sender.send(MAIL));
        assertThat(messageId).startsWith("<msg.");
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    @DisplayName("never shows the password, even when the server echoes the credentials back")
    void noSecretInMessagesOrLogs(Vertx vertx) throws Exception {
        String plainBlob = Base64.getEncoder()
            .encodeToString(("\0mailer\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        server = await(ScriptedSmtpServer.start(vertx, Map.of(
            "EHLO", "250-scripted.test\r\n250 AUTH PLAIN",
            "AUTH", "535 5.7.8 credentials {arg} rejected")));
        try (LogCapture logs = LogCapture.attach()) {
            sender = SmtpEmailSender.create(vertx,
                config(server.port(), "mailer", PASSWORD, SHORT_TIMEOUT_MS, 1));
            DeliveryException failure = failureOf(sender.send(MAIL));

            assertThat(server.commands()).anyMatch(command -> command.contains(plainBlob));
            assertThat(failure.permanent()).isTrue();
            assertThat(failure.getMessage())
                .contains("535", "refused the login")
                .doesNotContain(PASSWORD, plainBlob);
            assertThat(logs.text())
                .contains("Email not sent (permanent)")
                .doesNotContain(PASSWORD, plainBlob);
        }
    }

    private DeliveryException failureAgainst(Vertx vertx, Map<String, String> script) throws Exception {
        server = await(ScriptedSmtpServer.start(vertx, script));
        sender = SmtpEmailSender.create(vertx, config(server.port(), null, null, SHORT_TIMEOUT_MS * 5, 1));
        return failureOf(sender.send(MAIL));
    }

    static NotifyConfig.Email config(int port, String username, String password, long timeoutMs,
                                     int poolSize) {
        return new NotifyConfig.Email("127.0.0.1", port, username, password, "analytics@example.com",
            "disabled", false, timeoutMs, poolSize, true, false, "client.test", null, ZoneOffset.UTC);
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.await(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    static DeliveryException failureOf(Future<?> future) throws Exception {
        Throwable failure = catchThrowable(() -> await(future));
        assertThat(failure).as("the send should have failed").isInstanceOf(DeliveryException.class);
        return (DeliveryException) failure;
    }
}
