package com.exchangeanalytics.infra.notify;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in SMTP server that answers each step of the dialogue from a script, so tests can make it
 * fail in ways GreenMail will not: a 4xx or 5xx reply at any step, a dropped connection, or silence.
 *
 * <p>Steps: {@link #GREETING}, the command verbs ({@code EHLO}, {@code HELO}, {@code AUTH}, {@code MAIL},
 * {@code RCPT}, {@code DATA}, {@code RSET}, {@code NOOP}, {@code QUIT}) and {@link #END_OF_DATA} (the
 * line with a single dot). A reply is SMTP text (lines joined with CRLF), {@link #DROP} or {@link #STALL};
 * {@code {arg}} in a reply is replaced by the command's argument. The script can change while running.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    static final String GREETING = "greeting";
    static final String END_OF_DATA = "endOfData";
    /** Close the connection instead of answering. */
    static final String DROP = "<drop>";
    /** Never answer. */
    static final String STALL = "<stall>";

    private static final Map<String, String> DEFAULTS = Map.of(
        GREETING, "220 scripted.test ESMTP ready",
        "EHLO", "250-scripted.test\r\n250 8BITMIME",
        "HELO", "250 scripted.test",
        "MAIL", "250 2.1.0 sender ok",
        "RCPT", "250 2.1.5 recipient ok",
        "DATA", "354 end data with <CR><LF>.<CR><LF>",
        END_OF_DATA, "250 2.0.0 queued",
        "RSET", "250 2.0.0 reset",
        "NOOP", "250 2.0.0 ok",
        "QUIT", "221 2.0.0 bye");

    private final Map<String, String> script = new ConcurrentHashMap<>(DEFAULTS);
    private final List<String> commands = new ArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger messages = new AtomicInteger();
    private NetServer server;

    private ScriptedSmtpServer() {
    }

    static Future<ScriptedSmtpServer> start(Vertx vertx, Map<String, String> replies) {
        ScriptedSmtpServer scripted = new ScriptedSmtpServer();
        scripted.script.putAll(replies);
        scripted.server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0))
            .connectHandler(scripted::serve);
        return scripted.server.listen().map(ignored -> scripted);
    }

    int port() {
        return server.actualPort();
    }

    /** Changes the reply of one step from now on. */
    void reply(String step, String reply) {
        script.put(step, reply);
    }

    /** The command lines received so far (not the message data). */
    synchronized List<String> commands() {
        return List.copyOf(commands);
    }

    int connections() {
        return connections.get();
    }

    /** Messages received completely (the final dot was read). */
    int messages() {
        return messages.get();
    }

    @Override
    public void close() {
        server.close();
    }

    private void serve(NetSocket socket) {
        connections.incrementAndGet();
        boolean[] inData = {false};
        RecordParser lines = RecordParser.newDelimited("\r\n", line -> {
            String text = line.toString();
            if (inData[0]) {
                if (text.equals(".")) {
                    inData[0] = false;
                    messages.incrementAndGet();
                    answer(socket, END_OF_DATA, "");
                }
                return;
            }
            record(text);
            String verb = text.split(" ", 2)[0].toUpperCase(Locale.ROOT);
            String argument = text.length() > verb.length() ? text.substring(verb.length() + 1) : "";
            boolean dataAccepted = answer(socket, verb, argument);
            if (verb.equals("DATA") && dataAccepted) {
                inData[0] = true;
            }
            if (verb.equals("QUIT")) {
                socket.close();
            }
        });
        socket.handler(lines);
        answer(socket, GREETING, "");
    }

    /** Sends the scripted reply; true when it was a positive (2xx/3xx) one. */
    private boolean answer(NetSocket socket, String step, String argument) {
        String reply = script.getOrDefault(step, "502 5.5.1 command not implemented");
        if (reply.equals(DROP)) {
            socket.close();
            return false;
        }
        if (reply.equals(STALL)) {
            return false;
        }
        socket.write(Buffer.buffer(reply.replace("{arg}", argument) + "\r\n"));
        return reply.startsWith("2") || reply.startsWith("3");
    }

    private synchronized void record(String command) {
        commands.add(command);
    }
}
