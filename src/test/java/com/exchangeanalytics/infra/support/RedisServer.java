package com.exchangeanalytics.infra.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (from PATH) on a free loopback port, for tests that stop, kill or
 * restart Redis. {@link #stop()} is safe to call twice; use try-with-resources or an AfterAll.
 */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private final String password;
    private final Path dir;
    private Process process;

    private RedisServer(int port, String password) throws IOException {
        this.port = port;
        this.password = password;
        this.dir = Files.createTempDirectory("redis-test-");
    }

    /** Starts a server without a password on a free port. */
    public static RedisServer start() {
        return start(null);
    }

    /** Starts a server that requires {@code password} (or none when null) on a free port. */
    public static RedisServer start(String password) {
        try {
            RedisServer server = new RedisServer(freePort(), password);
            server.launch();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("could not start redis-server", e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code redis://[:password@]127.0.0.1:port}. */
    public String url() {
        return password == null
            ? "redis://127.0.0.1:" + port
            : "redis://:" + password + "@127.0.0.1:" + port;
    }

    /** Starts the process again on the same port (after {@link #kill} or {@link #stop}). */
    public synchronized void restart() {
        try {
            launch();
        } catch (IOException e) {
            throw new IllegalStateException("could not restart redis-server", e);
        }
    }

    /** SIGKILL: connections drop without a goodbye, as in a crash. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitForExit();
        }
    }

    /** SIGTERM and wait. */
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            waitForExit();
        }
    }

    @Override
    public void close() {
        kill();
        deleteDir();
    }

    private void launch() throws IOException {
        List<String> command = new ArrayList<>(List.of("redis-server",
            "--port", String.valueOf(port),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--dir", dir.toString(),
            "--daemonize", "no",
            "--loglevel", "warning"));
        if (password != null) {
            command.add("--requirepass");
            command.add(password);
        }
        process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis.log").toFile())
            .start();
        awaitPing(Duration.ofSeconds(10));
    }

    private void awaitPing(Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited: " + Files.readString(dir.resolve("redis.log")));
            }
            if (answersPing()) {
                return;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        throw new IOException("redis-server did not answer PING within " + limit);
    }

    private boolean answersPing() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(1000);
            String auth = password == null ? "" : "AUTH " + password + "\r\n";
            socket.getOutputStream().write((auth + "PING\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] buffer = new byte[64];
            int read = socket.getInputStream().read(buffer);
            return read > 0 && new String(buffer, 0, read, StandardCharsets.US_ASCII).contains("PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deleteDir() {
        try (var files = Files.walk(dir)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    /** A port that was free a moment ago on the loopback interface. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
