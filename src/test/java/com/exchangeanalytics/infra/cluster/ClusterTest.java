package com.exchangeanalytics.infra.cluster;

import com.exchangeanalytics.infra.MainVerticle;
import com.exchangeanalytics.infra.cache.CacheClient;
import com.exchangeanalytics.infra.monitor.MonitorClient;
import com.exchangeanalytics.infra.notify.DiscordStandIn;
import com.exchangeanalytics.infra.notify.NotifyClient;
import com.exchangeanalytics.infra.support.LogCapture;
import com.exchangeanalytics.infra.support.RedisServer;
import com.exchangeanalytics.infra.support.TestConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Three clustered Vert.x instances in one JVM, joined over loopback with the TCP/IP member list of
 * {@code conf/cluster.xml}: A and C run the whole service on one shared Redis and one shared data
 * directory, B only runs clients.
 */
@DisplayName("The service on a Hazelcast cluster")
class ClusterTest {

    private static final String TOKEN = "tok-cluster-7f3a";

    @TempDir
    static Path dataDir;
    private static RedisServer redis;
    private static Vertx tools;
    private static DiscordStandIn discord;
    private static final List<Vertx> nodes = new ArrayList<>();
    private static List<String> members;

    @BeforeAll
    static void startInfrastructure() {
        redis = RedisServer.start();
        tools = Vertx.vertx();
        discord = DiscordStandIn.start(tools);
        members = List.of(member(), member(), member());
    }

    @AfterAll
    static void stopInfrastructure() throws Exception {
        for (Vertx node : nodes) {
            node.close().await(30, TimeUnit.SECONDS);
        }
        tools.close().await(10, TimeUnit.SECONDS);
        redis.close();
    }

    private static String member() {
        return "127.0.0.1:" + RedisServer.freePort();
    }

    private static Vertx node(int index) throws Exception {
        String port = members.get(index).substring(members.get(index).indexOf(':') + 1);
        HazelcastClusterManager manager = new HazelcastClusterManager(ClusterSetup.withMembers(
            ClusterSetup.hazelcastConfig(Map.of("CLUSTER_PORT", port)), members));
        VertxOptions options = new VertxOptions();
        options.getEventBusOptions().setHost("127.0.0.1").setPort(0);
        Vertx vertx = Vertx.builder().with(options).withClusterManager(manager).buildClustered()
            .await(60, TimeUnit.SECONDS);
        nodes.add(vertx);
        return vertx;
    }

    private static String nodeId(Vertx vertx) {
        ClusterManager manager = ((io.vertx.core.internal.VertxInternal) vertx).clusterManager();
        return manager.getNodeId();
    }

    private static void deployService(Vertx vertx) throws Exception {
        JsonObject config = TestConfig.base().put("dataDir", dataDir.toString());
        config.getJsonObject("cache").put("redisUrl", redis.url()).put("keyPrefix", "cluster_test:");
        JsonObject notify = config.getJsonObject("notify")
            .put("replyWindowMs", 3000)
            .put("requestTimeoutMs", 1000)
            .put("shutdownGraceMs", 1000)
            .put("retry", new JsonObject().put("initialBackoffMs", 50).put("maxBackoffMs", 200)
                .put("deadlineSeconds", 120).put("maxAttempts", 1000));
        notify.getJsonObject("outbox").put("adoptIntervalMs", 200);
        notify.getJsonObject("discord").put("requestTimeoutMs", 1000)
            .put("channels", new JsonObject().put("default", discord.webhookUrl("900", TOKEN)));
        config.getJsonObject("monitor").put("alerts", new JsonObject().put("enabled", false));
        vertx.deployVerticle(new MainVerticle(), new DeploymentOptions().setConfig(config))
            .await(60, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("serves a client on another node; a surviving node delivers what a stopped node left, once")
    void acrossNodes() throws Exception {
        Vertx nodeA = node(0);
        deployService(nodeA);
        Vertx nodeB = node(1);
        CacheClient cache = new CacheClient(nodeB, 10_000);
        NotifyClient notify = new NotifyClient(nodeB, 20_000);
        MonitorClient monitor = new MonitorClient(nodeB, 10_000);

        // B has no service of its own: every call crosses the cluster to A.
        cache.set("rate:USD/JPY", new JsonObject().put("bid", 151.2)).await(10, TimeUnit.SECONDS);
        assertThat(cache.get("rate:USD/JPY").await(10, TimeUnit.SECONDS).getJsonObject("value")
            .getDouble("bid")).isEqualTo(151.2);
        JsonObject sent = notify.discordAlert("from B", "crossed the cluster", "info", null)
            .await(20, TimeUnit.SECONDS);
        assertThat(sent.getString("status")).isEqualTo("delivered");
        assertThat(sent.getString("messageId")).isNotBlank();
        monitor.counter("cluster.calls", 2).await(10, TimeUnit.SECONDS);
        JsonObject summary = monitor.summary().await(10, TimeUnit.SECONDS);
        assertThat(summary.getString("nodeId")).isEqualTo(nodeId(nodeA));
        assertThat(summary.getJsonObject("counters").getDouble("cluster.calls")).isEqualTo(2.0);
        assertThat(monitor.health(null).await(10, TimeUnit.SECONDS).getString("nodeId"))
            .isEqualTo(nodeId(nodeA));

        // A permanent failure on A leaves a dead letter in A's outbox.
        discord.failNext(1, 400);
        ReplyException refused = failure(notify.discordAlert("rejected", "400 from Discord", "error", null));
        assertThat(refused.failureCode()).isEqualTo(503);
        String deadId = refused.getMessage().replaceAll(".*dead letter ([0-9a-f-]+).*", "$1");

        // C joins on the same Redis and data directory (its own outbox slot).
        Vertx nodeC = node(2);
        deployService(nodeC);
        assertThat(cache.get("rate:USD/JPY").await(10, TimeUnit.SECONDS).getBoolean("found")).isTrue();
        for (int i = 0; i < 2; i++) {
            // Round robin: one of these reaches C, which asks A for its dead letters.
            JsonArray items = notify.deadLetters().await(20, TimeUnit.SECONDS);
            assertThat(items).hasSize(1);
            assertThat(items.getJsonObject(0).getString("id")).isEqualTo(deadId);
            assertThat(items.getJsonObject(0).getString("nodeId")).isEqualTo(nodeId(nodeA));
        }
        JsonObject requeued = notify.requeue(deadId).await(20, TimeUnit.SECONDS);
        assertThat(requeued.getString("status")).isEqualTo("delivered");
        assertThat(notify.deadLetters().await(20, TimeUnit.SECONDS)).isEmpty();

        // Discord is down: alerts are accepted by A and C in turn and stay pending.
        discord.available(false);
        List<String> titles = new ArrayList<>();
        List<Future<JsonObject>> replies = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            titles.add("pending " + i);
            replies.add(notify.discordAlert("pending " + i, "kept", "warning", null));
        }
        for (Future<JsonObject> reply : replies) {
            assertThat(reply.await(20, TimeUnit.SECONDS).getString("status")).isEqualTo("queued");
        }

        try (LogCapture log = LogCapture.attach()) {
            nodeA.close().await(30, TimeUnit.SECONDS);
            nodes.remove(nodeA);
            await("C took over A's outbox", () -> log.text().contains("from outbox slot outbox,"));
        }
        discord.available(true);
        await("every pending alert delivered", () -> delivered(titles).size() == titles.size());
        Map<String, Long> counts = delivered(titles);
        assertThat(counts).containsOnlyKeys(titles.stream().map(t -> "⚠️ " + t).toList());
        assertThat(counts.values()).allMatch(count -> count == 1L);
        assertThat(notify.deadLetters().await(20, TimeUnit.SECONDS)).isEmpty();
        assertThat(monitor.summary().await(10, TimeUnit.SECONDS).getString("nodeId")).isEqualTo(nodeId(nodeC));
    }

    private static Map<String, Long> delivered(List<String> titles) {
        return discord.titles().stream()
            .filter(title -> titles.stream().anyMatch(title::endsWith))
            .collect(Collectors.groupingBy(title -> title, Collectors.counting()));
    }

    private static ReplyException failure(Future<?> future) {
        try {
            future.await(20, TimeUnit.SECONDS);
        } catch (ReplyException expected) {
            return expected;
        } catch (Exception other) {
            fail("expected a ReplyException", other);
        }
        return fail("expected the call to fail");
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for: " + what);
            }
            Thread.sleep(50);
        }
    }
}
