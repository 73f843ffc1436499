package com.exchangeanalytics.infra.notify;

import com.exchangeanalytics.infra.support.RedisServer;
import com.exchangeanalytics.infra.support.ServiceProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static com.exchangeanalytics.infra.notify.NotifyHarness.awaitCondition;
import static com.exchangeanalytics.infra.notify.NotifyHarness.ok;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Accepted notifications")
class NotifyDurabilityTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path crashCopy;
    private NotifyHarness harness;

    @BeforeEach
    void setUp(Vertx vertx) {
        harness = new NotifyHarness(vertx, dataDir);
        harness.settings().put("replyWindowMs", 200);
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    private List<String> acceptWhileDiscordIsDown(int count) {
        harness.discord.available(false);
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            JsonObject reply = ok(harness.client.discordAlert("kept " + i, "m", "info", null));
            assertThat(reply.getString("status")).isEqualTo("queued");
            titles.add("ℹ️ kept " + i);
        }
        return titles;
    }

    @Test
    @DisplayName("are delivered, in order, after the verticle is undeployed and deployed again")
    void survivesRestart() throws Exception {
        harness.deploy();
        List<String> titles = acceptWhileDiscordIsDown(5);
        harness.undeploy();
        harness.discord.available(true);
        harness.deploy();
        awaitCondition("5 deliveries", Duration.ofSeconds(10), () -> harness.discord.received().size() == 5);
        assertThat(harness.discord.titles()).containsExactlyElementsOf(titles);
    }

    @Test
    @DisplayName("are delivered after a simulated crash: the journal as left on disk, with a torn last write")
    void survivesSimulatedCrash() throws Exception {
        harness.deploy();
        List<String> titles = acceptWhileDiscordIsDown(5);
        Path outbox = dataDir.resolve(FileOutboxStore.DIRECTORY);
        Path copy = crashCopy.resolve(FileOutboxStore.DIRECTORY);
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(outbox)) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        Files.writeString(copy.resolve(FileOutboxStore.JOURNAL), "0badc0de {\"op\":\"attem",
            StandardOpenOption.APPEND);
        harness.undeploy();

        harness.config.put("dataDir", crashCopy.toString());
        harness.discord.available(true);
        harness.deploy();
        awaitCondition("5 deliveries", Duration.ofSeconds(10), () -> harness.discord.received().size() == 5);
        assertThat(harness.discord.titles()).containsExactlyElementsOf(titles);
    }

    @Test
    @DisplayName("survive kill -9 of the process and are delivered by the next one")
    void survivesKill() throws Exception {
        harness.discord.available(false);
        String webhookUrl = harness.discord.webhookUrl("333", "tok-kill-test-51d");
        List<String> accepted = killDriverAfter(20, webhookUrl, log -> { });

        harness.discord.available(true);
        int port = RedisServer.freePort();
        try (ServiceProcess service = ServiceProcess.start(Map.of(
            "HTTP_PORT", String.valueOf(port),
            "DATA_DIR", dataDir.toString(),
            "DISCORD_WEBHOOK_URL", webhookUrl))) {
            awaitCondition("every accepted alert delivered", Duration.ofSeconds(40),
                () -> harness.discord.titles().containsAll(accepted));
            List<String> titles = harness.discord.titles();
            assertThat(titles).containsSubsequence(accepted);
            assertThat(service.output()).doesNotContain("tok-kill-test-51d");
            service.terminate();
            service.awaitExit(Duration.ofSeconds(30));
        }
    }

    @Test
    @DisplayName("left by a process killed with -9 are taken over by a running process on the same data directory")
    void takenOverAfterKill() throws Exception {
        harness.settings().getJsonObject("outbox").put("adoptIntervalMs", 200);
        harness.deploy();
        harness.discord.available(false);
        String webhookUrl = harness.discord.webhookUrl("444", "tok-takeover-8e2");
        List<String> accepted = killDriverAfter(10, webhookUrl,
            log -> assertThat(log).contains("this one takes outbox-2"));

        // Entries name their channel ("default"); the survivor sends them to its own "default" channel,
        // so nodes that share a data directory must configure the same channel names.
        harness.discord.available(true);
        awaitCondition("every accepted alert delivered by the survivor", Duration.ofSeconds(30),
            () -> harness.discord.titles().containsAll(accepted));
        assertThat(harness.discord.titles()).containsSubsequence(accepted);
        assertThat(dataDir.resolve("outbox-2").resolve(FileOutboxStore.JOURNAL)).doesNotExist();
    }

    /**
     * Runs {@link NotifyCrashDriver} on the data directory until it printed {@code count} accepted alerts,
     * kills it with SIGKILL, checks its output and answers the titles it saw accepted.
     */
    private List<String> killDriverAfter(int count, String webhookUrl, Consumer<String> checkOutput)
        throws Exception {
        Path driverLog = Files.createTempFile("crash-driver", ".log");
        Process driver = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            NotifyCrashDriver.class.getName(), dataDir.toString(), webhookUrl)
            .redirectErrorStream(true)
            .redirectOutput(driverLog.toFile())
            .start();
        try {
            awaitCondition(count + " accepted alerts", Duration.ofSeconds(40),
                () -> accepted(driverLog).size() >= count);
        } finally {
            driver.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        List<String> accepted = accepted(driverLog);
        checkOutput.accept(Files.readString(driverLog));
        Files.deleteIfExists(driverLog);
        return accepted;
    }

    private static List<String> accepted(Path log) {
        try {
            return Files.readAllLines(log).stream()
                .filter(line -> line.startsWith("ACCEPTED "))
                .map(line -> "ℹ️ " + line.substring("ACCEPTED ".length()))
                .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
