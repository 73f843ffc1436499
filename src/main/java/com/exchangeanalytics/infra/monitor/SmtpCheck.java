package com.exchangeanalytics.infra.monitor;

import com.exchangeanalytics.infra.common.Redact;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * {@code smtp}: connects to the configured server (with TLS when {@code notify.email.ssl}), reads the 220
 * greeting, says EHLO, NOOP (expecting 250 to both) and QUIT. It never logs in, so it proves the server
 * is reachable and speaking SMTP, not that the credentials work; it never sends or logs credentials.
 */
final class SmtpCheck implements HealthCheck {

    static final String NAME = "smtp";

    private static final String EHLO_NAME = "exchange-analytics-infra.local";
    private static final int MAX_LINE = 4096;
    private static final int SERVICE_READY = 220;
    private static final int OK = 250;

    private final Vertx vertx;
    private final NetClient client;
    private final String host;
    private final int port;
    private final boolean ssl;
    private final long timeoutMs;

    SmtpCheck(Vertx vertx, String host, int port, boolean ssl, long timeoutMs) {
        this.vertx = vertx;
        this.host = host;
        this.port = port;
        this.ssl = ssl;
        this.timeoutMs = timeoutMs;
        NetClientOptions options = new NetClientOptions()
            .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, HealthCheck.innerTimeout(timeoutMs)))
            .setSsl(ssl);
        if (ssl) {
            options.setHostnameVerificationAlgorithm("HTTPS");
        }
        this.client = vertx.createNetClient(options);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "SMTP server greets and answers NOOP";
    }

    @Override
    public long timeoutMs() {
        return timeoutMs;
    }

    /**
     * Runs on a Vert.x context: the server may greet the moment the connection opens, and a socket drops
     * what arrives before its handler is set, so the handler must be set in the same event-loop task that
     * completes the connect. Called from any other thread, the dialogue moves onto a context first.
     */
    @Override
    public Future<CheckOutcome> run() {
        if (Context.isOnVertxThread()) {
            return converse();
        }
        Promise<CheckOutcome> outcome = Promise.promise();
        vertx.runOnContext(ignored -> converse().onComplete(outcome));
        return outcome.future();
    }

    private Future<CheckOutcome> converse() {
        long start = System.nanoTime();
        Dialogue dialogue = new Dialogue();
        return client.connect(port, host)
            .compose(dialogue::converse)
            .timeout(HealthCheck.innerTimeout(timeoutMs), TimeUnit.MILLISECONDS)
            .andThen(done -> dialogue.close())
            .map(done -> CheckOutcome.healthy(details(start)))
            .recover(failure -> Future.succeededFuture(
                CheckOutcome.unhealthy(reason(failure), details(start))));
    }

    Future<Void> close() {
        return client.close();
    }

    private JsonObject details(long start) {
        return new JsonObject()
            .put("host", host)
            .put("port", port)
            .put("tls", ssl)
            .put("latencyMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private String reason(Throwable failure) {
        if (failure instanceof java.util.concurrent.TimeoutException) {
            return "SMTP server did not finish the greeting and NOOP within "
                + HealthCheck.innerTimeout(timeoutMs) + " ms";
        }
        String message = failure.getMessage() == null
            ? failure.getClass().getSimpleName()
            : failure.getMessage();
        return "SMTP " + host + ":" + port + ": " + Redact.text(message);
    }

    /** One conversation: each command waits for the complete (possibly multi-line) reply. */
    private static final class Dialogue {

        private NetSocket socket;
        private Promise<Integer> pending;
        private String lastReply;
        private boolean closed;

        Future<Void> converse(NetSocket connected) {
            socket = connected;
            if (closed) {
                socket.close();
                return Future.failedFuture(new IllegalStateException("connected after the deadline"));
            }
            Future<Integer> greeting = expectReply();
            socket.handler(RecordParser.newDelimited("\r\n", this::line).maxRecordSize(MAX_LINE));
            socket.exceptionHandler(this::failPending);
            socket.closeHandler(closed -> failPending(
                new IllegalStateException("connection closed by server")));
            return greeting
                .compose(code -> require(SERVICE_READY, code, "greeting"))
                .compose(ok -> command("EHLO " + EHLO_NAME))
                .compose(code -> require(OK, code, "EHLO"))
                .compose(ok -> command("NOOP"))
                .compose(code -> require(OK, code, "NOOP"))
                .onSuccess(ok -> socket.write("QUIT\r\n"));
        }

        private Future<Integer> expectReply() {
            pending = Promise.promise();
            return pending.future();
        }

        private Future<Integer> command(String line) {
            Future<Integer> reply = expectReply();
            socket.write(line + "\r\n");
            return reply;
        }

        private Future<Void> require(int expected, int code, String step) {
            if (code == expected) {
                return Future.succeededFuture();
            }
            return Future.failedFuture(new IllegalStateException(step + " answered " + lastReply));
        }

        private void line(Buffer buffer) {
            String text = buffer.toString(StandardCharsets.US_ASCII);
            if (text.length() < 3 || !text.substring(0, 3).chars().allMatch(Character::isDigit)) {
                failPending(new IllegalStateException("not an SMTP reply"));
                return;
            }
            if (text.length() > 3 && text.charAt(3) == '-') {
                return;
            }
            lastReply = Redact.shorten(text, 120);
            if (pending != null) {
                pending.tryComplete(Integer.parseInt(text.substring(0, 3)));
            }
        }

        private void failPending(Throwable failure) {
            if (pending != null) {
                pending.tryFail(failure);
            }
        }

        void close() {
            closed = true;
            if (socket != null) {
                socket.close();
            }
        }
    }
}
