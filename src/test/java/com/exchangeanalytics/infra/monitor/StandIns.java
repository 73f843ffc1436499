package com.exchangeanalytics.infra.monitor;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback stand-ins for the outside services the built-in checks call: an SMTP greeter and one HTTP
 * server that plays both a Discord webhook ({@code GET /api/v10/webhooks/<id>/<token>}) and a probed API
 * ({@code GET /probe}). Tests set the answers and count the calls.
 */
public final class StandIns {

    /** What the SMTP greeter does with a connection. */
    public enum SmtpMode { OK, REFUSE, SILENT }

    public final AtomicInteger smtpConnections = new AtomicInteger();
    public final AtomicInteger discordRequests = new AtomicInteger();
    public final AtomicInteger probeRequests = new AtomicInteger();
    public final AtomicInteger discordStatus = new AtomicInteger(200);
    public final AtomicInteger probeStatus = new AtomicInteger(200);
    public volatile SmtpMode smtpMode = SmtpMode.OK;

    private NetServer smtp;
    private HttpServer http;

    private StandIns() {
    }

    public static Future<StandIns> start(Vertx vertx) {
        StandIns standIns = new StandIns();
        return vertx.createNetServer()
            .connectHandler(standIns::smtpSession)
            .listen(0, "127.0.0.1")
            .compose(server -> {
                standIns.smtp = server;
                return vertx.createHttpServer()
                    .requestHandler(request -> standIns.answerHttp(request))
                    .listen(0, "127.0.0.1");
            })
            .map(server -> {
                standIns.http = server;
                return standIns;
            });
    }

    public int smtpPort() {
        return smtp.actualPort();
    }

    public int httpPort() {
        return http.actualPort();
    }

    public String webhookUrl(String token) {
        return "http://127.0.0.1:" + httpPort() + "/api/webhooks/123456/" + token;
    }

    public String probeUrl() {
        return "http://127.0.0.1:" + httpPort() + "/probe";
    }

    public Future<Void> close() {
        return Future.join(smtp.close(), http.close()).mapEmpty();
    }

    private void answerHttp(io.vertx.core.http.HttpServerRequest request) {
        // The check reads the versioned API URL even when the configured one is unversioned.
        boolean webhook = request.path().startsWith("/api/v10/webhooks/");
        (webhook ? discordRequests : probeRequests).incrementAndGet();
        int status = webhook ? discordStatus.get() : probeStatus.get();
        request.response()
            .setStatusCode(status)
            .putHeader("content-type", "application/json")
            .end(webhook ? "{\"id\":\"123456\",\"type\":1,\"token\":\"in-the-body\"}" : "{\"ok\":true}");
    }

    private void smtpSession(NetSocket socket) {
        smtpConnections.incrementAndGet();
        switch (smtpMode) {
            case SILENT -> {
                return;
            }
            case REFUSE -> {
                socket.write("554 no service here\r\n");
                socket.close();
                return;
            }
            default -> socket.write("220 standin.local ESMTP ready\r\n");
        }
        socket.handler(RecordParser.newDelimited("\r\n", line -> answerSmtp(socket, line)));
    }

    private static void answerSmtp(NetSocket socket, Buffer line) {
        String command = line.toString(StandardCharsets.US_ASCII).toUpperCase();
        if (command.startsWith("EHLO")) {
            socket.write("250-standin.local greets you\r\n250-SIZE 1000000\r\n250 8BITMIME\r\n");
        } else if (command.startsWith("NOOP")) {
            socket.write("250 OK\r\n");
        } else if (command.startsWith("QUIT")) {
            socket.write("221 bye\r\n");
            socket.close();
        } else {
            socket.write("500 unknown command\r\n");
        }
    }
}
