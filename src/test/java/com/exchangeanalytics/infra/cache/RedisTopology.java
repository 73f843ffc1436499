package com.exchangeanalytics.infra.cache;

import com.exchangeanalytics.infra.support.RedisServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real multi-process Redis set-ups for the cache's sentinel and cluster modes: a cluster of masters on
 * free loopback ports, or a master watched by one sentinel. Every process is killed on {@link #close}.
 */
final class RedisTopology implements AutoCloseable {

    private static final Duration READY_LIMIT = Duration.ofSeconds(20);

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();

    private RedisTopology() throws IOException {
        this.dir = Files.createTempDirectory("redis-topology-");
    }

    /** {@code masters} cluster nodes (no replicas) sharing the 16384 slots, ready when this returns. */
    static RedisTopology cluster(int masters) {
        RedisTopology topology = create();
        try {
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < masters; i++) {
                int port = RedisServer.freePort();
                topology.launch(port, List.of("--cluster-enabled", "yes",
                    "--cluster-config-file", "nodes-" + port + ".conf"));
                addresses.add("127.0.0.1:" + port);
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            create.addAll(addresses);
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            topology.run(create);
            for (int port : topology.ports) {
                topology.awaitReply(port, "CLUSTER INFO", "cluster_state:ok");
            }
            return topology;
        } catch (IOException | RuntimeException e) {
            topology.close();
            throw new IllegalStateException("could not start a Redis cluster", e);
        }
    }

    /** A master and one sentinel monitoring it as {@code masterName}; port 0 is the master, 1 the sentinel. */
    static RedisTopology sentinel(String masterName) {
        RedisTopology topology = create();
        try {
            int master = RedisServer.freePort();
            topology.launch(master, List.of());
            int sentinel = RedisServer.freePort();
            Path config = topology.dir.resolve("sentinel.conf");
            Files.writeString(config, "sentinel monitor " + masterName + " 127.0.0.1 " + master + " 1\n");
            topology.launch(sentinel, List.of(config.toString(), "--sentinel"));
            topology.awaitReply(sentinel, "SENTINEL GET-MASTER-ADDR-BY-NAME " + masterName, String.valueOf(master));
            return topology;
        } catch (IOException | RuntimeException e) {
            topology.close();
            throw new IllegalStateException("could not start a Redis sentinel", e);
        }
    }

    List<Integer> ports() {
        return List.copyOf(ports);
    }

    String url(int index) {
        return "redis://127.0.0.1:" + ports.get(index);
    }

    @Override
    public void close() {
        for (Process process : processes) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    private static RedisTopology create() {
        try {
            return new RedisTopology();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts redis-server with a config file or flags first (as redis-server wants), then the common flags. */
    private void launch(int port, List<String> specific) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("redis-server");
        boolean configFileFirst = !specific.isEmpty() && !specific.get(0).startsWith("--");
        if (configFileFirst) {
            command.add(specific.get(0));
        }
        command.addAll(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no", "--loglevel", "warning"));
        command.addAll(configFileFirst ? specific.subList(1, specific.size()) : specific);
        Process process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis-" + port + ".log").toFile())
            .start();
        processes.add(process);
        ports.add(port);
        awaitReply(port, "PING", "PONG");
    }

    private void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis-cli.log").toFile())
            .start();
        try {
            if (!process.waitFor(READY_LIMIT.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("failed: " + String.join(" ", command) + "\n"
                    + Files.readString(dir.resolve("redis-cli.log")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    /** Sends an inline command until the reply contains {@code expected}. */
    private void awaitReply(int port, String command, String expected) throws IOException {
        long deadline = System.nanoTime() + READY_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (reply(port, command).contains(expected)) {
                return;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        throw new IOException("port " + port + " did not answer '" + expected + "' to " + command);
    }

    private static String reply(int port, String command) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(1000);
            socket.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            int read = in.read(buffer);
            return read > 0 ? new String(buffer, 0, read, StandardCharsets.US_ASCII) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
