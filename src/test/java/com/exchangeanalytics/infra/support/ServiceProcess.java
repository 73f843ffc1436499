package com.exchangeanalytics.infra.support;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service in a JVM of its own, started like {@code java -jar} (same main class, the test
 * classpath), for tests of start-up, exit codes, signals and logs.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final Path output;

    private ServiceProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    public static ServiceProcess start(Map<String, String> env, String... args) {
        return start(null, List.of(), "com.exchangeanalytics.infra.Main", env, args);
    }

    /**
     * Runs {@code mainClass} in {@code workingDir} (the current one when {@code null}), with
     * {@code classpathFirst} ahead of the test classpath: how a host application that embeds the
     * service would run it.
     */
    public static ServiceProcess start(Path workingDir, List<Path> classpathFirst, String mainClass,
                                       Map<String, String> env, String... args) {
        try {
            Path output = Files.createTempFile("service-", ".log");
            List<String> classpath = new ArrayList<>();
            classpathFirst.forEach(entry -> classpath.add(entry.toAbsolutePath().toString()));
            classpath.add(System.getProperty("java.class.path"));
            List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, classpath),
                mainClass));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
            if (workingDir != null) {
                builder.directory(workingDir.toFile());
            }
            builder.environment().keySet().removeIf(name -> name.startsWith("SMTP_") || name.startsWith("REDIS_")
                || name.startsWith("DISCORD_") || name.startsWith("HTTP_") || name.equals("HEALTH_TOKEN")
                || name.equals("CONFIG_FILE"));
            builder.environment().putAll(env);
            return new ServiceProcess(builder.start(), output);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the process to end by itself and returns its exit code. */
    public int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("process still running after " + limit + "; output:\n" + output());
        }
        return process.exitValue();
    }

    /** Polls until GET {@code url} answers 200; fails if the process dies first. */
    public void awaitHttpOk(String url, Duration limit) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("process exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError("no 200 from " + url + " within " + limit + "; output:\n" + output());
    }

    /** Polls until the output contains {@code text}. */
    public void awaitOutput(String text, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (output().contains(text)) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError("output never contained '" + text + "':\n" + output());
    }

    /** SIGTERM, as a container runtime sends it. */
    public void terminate() {
        process.destroy();
    }

    public void kill() {
        process.destroyForcibly();
    }

    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<unreadable: " + e + ">";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try {
            Files.deleteIfExists(output);
        } catch (IOException ignored) {
            // temp file
        }
    }
}
