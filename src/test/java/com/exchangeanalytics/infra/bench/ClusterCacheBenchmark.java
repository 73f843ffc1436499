package com.exchangeanalytics.infra.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.exchangeanalytics.infra.cache.CacheClient;
import com.exchangeanalytics.infra.cache.CacheVerticle;
import com.exchangeanalytics.infra.cluster.ClusterSetup;
import com.hazelcast.config.Config;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Scale-out: cache {@code get} from a client on another node of a Hazelcast-clustered event bus, against
 * the same client on the node that runs the cache verticle. One JVM starts two clustered Vert.x instances
 * over loopback (TCP/IP join, each with its own Hazelcast port, event bus on 127.0.0.1): node A deploys
 * {@link CacheVerticle} on a real Redis, node B runs nothing but the client. A load verticle keeps a fixed
 * number of {@code get}s in flight for a fixed time, on A (delivered locally) and on B (over the cluster
 * TCP event bus), in alternating rounds so that load from other processes weighs on both alike; the
 * medians are printed with the ratios remote / local. Keys live under a unique {@code bench_cluster:}
 * prefix and are deleted at the end.
 *
 * <pre>
 * bench/run-java.sh com.exchangeanalytics.infra.bench.ClusterCacheBenchmark [--redis URL] [--seconds 8]
 *     [--warmup 5] [--rounds 3] [--concurrency 50] [--keys 10000] [--pool 8] [--batch 64] [--metrics true]
 * </pre>
 * The last lines, {@code RESULT <local|remote> <ops/s> <p50 ms> <p99 ms> <errors>} and
 * {@code RESULT ratio <ops/s> <p50> <p99>} (remote / local), are meant for scripts.
 */
public final class ClusterCacheBenchmark {

    private static final String VALUE = "xxx";

    private final String redisUrl;
    private final int seconds;
    private final int warmupSeconds;
    private final int rounds;
    private final int concurrency;
    private final int keys;
    private final int poolSize;
    private final int batchSize;
    private final boolean metrics;

    private ClusterCacheBenchmark(BenchArgs args) {
        this.redisUrl = args.text("--redis", "redis://127.0.0.1:6379");
        this.seconds = args.number("--seconds", 8);
        this.warmupSeconds = args.number("--warmup", 5);
        this.rounds = args.number("--rounds", 3);
        this.concurrency = args.number("--concurrency", 50);
        this.keys = args.number("--keys", 10_000);
        this.poolSize = args.number("--pool", 8);
        this.batchSize = args.number("--batch", 64);
        this.metrics = Boolean.parseBoolean(args.text("--metrics", "true"));
    }

    public static void main(String[] argv) throws Exception {
        System.setProperty("hazelcast.logging.type", "slf4j");
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            logback.getLogger("com.hazelcast").setLevel(Level.WARN);
            logback.getLogger("com.hazelcast.cp.CPSubsystem").setLevel(Level.ERROR);
        }
        int status = 0;
        try {
            new ClusterCacheBenchmark(new BenchArgs(argv)).run();
        } catch (Exception e) {
            System.err.println("cluster benchmark failed: " + e);
            e.printStackTrace();
            status = 1;
        }
        // Netty's global executor thread ends by itself about a second after its last task; wait for it
        List<String> left = nonDaemonThreads();
        for (int i = 0; i < 50 && !left.isEmpty(); i++) {
            Thread.sleep(100);
            left = nonDaemonThreads();
        }
        if (!left.isEmpty()) {
            System.err.println("threads still running after both Vert.x instances closed: " + left);
        }
        System.exit(status);
    }

    private static List<String> nonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> thread.isAlive() && !thread.isDaemon() && thread != Thread.currentThread()
                && !thread.getName().equals("DestroyJavaVM"))
            .map(Thread::getName)
            .toList();
    }

    private void run() throws Exception {
        int hazelcastA = freePort();
        int hazelcastB = freePort();
        String members = "127.0.0.1:" + hazelcastA + ",127.0.0.1:" + hazelcastB;
        String clusterName = "bench-cluster-" + UUID.randomUUID().toString().substring(0, 8);
        String prefix = "bench_cluster:" + UUID.randomUUID().toString().substring(0, 8) + ":";
        System.out.printf(Locale.ROOT, "cluster cache benchmark: get, %d in flight, %d s per run after %d s warm-up,"
                + " %d rounds per side, %d keys, pool %d, batch %d, metrics %s, %d cores; Hazelcast on 127.0.0.1:%d"
                + " (A) and :%d (B)%n",
            concurrency, seconds, warmupSeconds, rounds, keys, poolSize, batchSize, metrics ? "on" : "off",
            Runtime.getRuntime().availableProcessors(), hazelcastA, hazelcastB);

        Vertx nodeA = null;
        Vertx nodeB = null;
        try {
            long start = System.nanoTime();
            HazelcastClusterManager managerA = new HazelcastClusterManager(
                hazelcastConfig(hazelcastA, members, clusterName));
            nodeA = startNode(managerA, "default");
            HazelcastClusterManager managerB = new HazelcastClusterManager(
                hazelcastConfig(hazelcastB, members, clusterName));
            nodeB = startNode(managerB, "bench-node-b");
            System.out.printf(Locale.ROOT, "cluster of %d nodes formed in %.1f s (A %s, B %s)%n",
                managerA.getNodes().size(), (System.nanoTime() - start) / 1e9, managerA.getNodeId(),
                managerB.getNodeId());
            if (managerA.getNodes().size() != 2 || managerB.getNodes().size() != 2) {
                throw new IllegalStateException("the nodes did not join one cluster: A sees "
                    + managerA.getNodes() + ", B sees " + managerB.getNodes());
            }

            JsonObject config = new JsonObject().put("cache", new JsonObject()
                .put("redisUrl", redisUrl)
                .put("keyPrefix", prefix)
                .put("poolSize", poolSize)
                .put("batchSize", batchSize));
            nodeA.deployVerticle(CacheVerticle::new, new DeploymentOptions().setConfig(config))
                .await(30, TimeUnit.SECONDS);
            CacheClient cacheOnA = new CacheClient(nodeA);
            try {
                awaitRemoteHandler(new CacheClient(nodeB));
                fill(cacheOnA);
                measure(nodeA, nodeB);
            } finally {
                long deleted = cacheOnA.clearPattern("*").await(60, TimeUnit.SECONDS);
                System.out.printf(Locale.ROOT, "deleted %d benchmark keys under %s%n", deleted, prefix);
            }
        } finally {
            // each node warns that it lost the other one while the cluster shuts down: expected, not shown
            if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
                logback.getLogger("com.hazelcast").setLevel(Level.ERROR);
            }
            // B first: it only holds the client; A serves the cache and closes the Redis pool on undeploy.
            close(nodeB, "B");
            close(nodeA, "A");
        }
    }

    private void measure(Vertx nodeA, Vertx nodeB) throws Exception {
        run(nodeA, "warm-up local", warmupSeconds);
        run(nodeB, "warm-up remote", warmupSeconds);
        List<Run> local = new ArrayList<>();
        List<Run> remote = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            // local first in odd rounds, remote first in even ones
            boolean localFirst = round % 2 == 1;
            for (int i = 0; i < 2; i++) {
                boolean isLocal = (i == 0) == localFirst;
                Run result = run(isLocal ? nodeA : nodeB, isLocal ? "local" : "remote", seconds);
                System.out.printf(Locale.ROOT, "round %d %-6s %9.0f ops/s  p50 %.3f ms  p99 %.3f ms  errors %d"
                        + "  misses %d  jvm cpu/op %.1f us%n",
                    round, result.side, result.opsPerSecond, result.p50Ms, result.p99Ms, result.errors,
                    result.misses, result.cpuMicrosPerOp);
                (isLocal ? local : remote).add(result);
            }
        }
        Summary l = Summary.of(local);
        Summary r = Summary.of(remote);
        System.out.println();
        System.out.printf(Locale.ROOT, "medians of %d rounds, %d s each, %d gets in flight:%n", rounds, seconds,
            concurrency);
        System.out.printf(Locale.ROOT, "%-34s %10s %9s %9s %12s %s%n", "client", "ops/s", "p50 ms", "p99 ms",
            "jvm cpu/op", "  ops/s per round");
        l.print("same node as the cache (A, local)");
        r.print("other node (B, cluster event bus)");
        System.out.printf(Locale.ROOT, "%-34s %10.2f %9.2f %9.2f %12.2f%n", "ratio remote / local",
            r.opsPerSecond / l.opsPerSecond, r.p50Ms / l.p50Ms, r.p99Ms / l.p99Ms, r.cpuMicrosPerOp / l.cpuMicrosPerOp);
        System.out.println("(both nodes share this JVM and its cores: the remote figures include the cost of"
            + " serialising and of the loopback TCP hop on both sides)");
        System.out.printf(Locale.ROOT, "RESULT local %.0f %.3f %.3f %d%n", l.opsPerSecond, l.p50Ms, l.p99Ms, l.errors);
        System.out.printf(Locale.ROOT, "RESULT remote %.0f %.3f %.3f %d%n", r.opsPerSecond, r.p50Ms, r.p99Ms,
            r.errors);
        System.out.printf(Locale.ROOT, "RESULT ratio %.3f %.3f %.3f%n", r.opsPerSecond / l.opsPerSecond,
            r.p50Ms / l.p50Ms, r.p99Ms / l.p99Ms);
    }

    /** One fixed-duration run of the load verticle on {@code client}; undeployed when done. */
    private Run run(Vertx client, String side, int durationSeconds) throws Exception {
        LoadVerticle load = new LoadVerticle(TimeUnit.SECONDS.toNanos(durationSeconds));
        long cpuBefore = jvmCpuNanos();
        String id = client.deployVerticle(load).await(30, TimeUnit.SECONDS);
        load.finished.future().await(durationSeconds + 120L, TimeUnit.SECONDS);
        long cpu = jvmCpuNanos() - cpuBefore;
        client.undeploy(id).await(30, TimeUnit.SECONDS);
        long[] latencies = Arrays.copyOf(load.latencies, load.completed);
        Arrays.sort(latencies);
        return new Run(side, load.completed / (load.elapsedNanos / 1e9),
            Latencies.percentileMs(latencies, 50), Latencies.percentileMs(latencies, 99), load.errors, load.misses,
            load.completed == 0 ? 0 : cpu / 1e3 / load.completed);
    }

    private Config hazelcastConfig(int port, String members, String clusterName) {
        Config config = ClusterSetup.hazelcastConfig(Map.of(
            "CLUSTER_PORT", String.valueOf(port),
            "CLUSTER_MEMBERS", members,
            "CLUSTER_PUBLIC_ADDRESS", "127.0.0.1:" + port));
        // a name of its own, so that no other cluster on this machine is joined
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.local.localAddress", "127.0.0.1");
        return config;
    }

    private Vertx startNode(HazelcastClusterManager manager, String registryName) throws Exception {
        VertxOptions options = new VertxOptions();
        options.getEventBusOptions().setHost("127.0.0.1").setPort(0);
        if (metrics) {
            // as Main switches them on in production; one registry per node as in separate JVMs
            options.setMetricsOptions(new MicrometerMetricsOptions()
                .setEnabled(true)
                .setRegistryName(registryName)
                .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
        }
        return Vertx.builder().with(options).withClusterManager(manager).buildClustered()
            .await(60, TimeUnit.SECONDS);
    }

    /** Waits until node B knows the cache's registration on A (subscriptions spread asynchronously). */
    private static void awaitRemoteHandler(CacheClient cacheOnB) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                cacheOnB.ping().await(5, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("node B cannot reach the cache on node A: " + e.getMessage(), e);
                }
                Thread.sleep(100);
            }
        }
    }

    private void fill(CacheClient cache) throws Exception {
        for (int from = 0; from < keys; from += 500) {
            JsonObject entries = new JsonObject();
            for (int i = from; i < Math.min(keys, from + 500); i++) {
                entries.put(key(i), VALUE);
            }
            cache.setMany(entries, null).await(60, TimeUnit.SECONDS);
        }
    }

    private static String key(int index) {
        return "key:" + index;
    }

    private static void close(Vertx vertx, String name) {
        if (vertx == null) {
            return;
        }
        try {
            vertx.close().await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("closing node " + name + " failed: " + e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** CPU time of this JVM (both nodes, Hazelcast, GC, JIT). */
    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    }

    /** Keeps {@code concurrency} gets in flight until its time is up, then lets the last ones finish. */
    private final class LoadVerticle extends VerticleBase {

        private final long durationNanos;
        private final Promise<Void> finished = Promise.promise();
        private CacheClient cache;
        private long[] latencies = new long[1 << 16];
        private long start;
        private long deadline;
        private long elapsedNanos;
        private int issued;
        private int completed;
        private int inFlight;
        private long errors;
        private long misses;

        LoadVerticle(long durationNanos) {
            this.durationNanos = durationNanos;
        }

        @Override
        public Future<?> start() {
            cache = new CacheClient(vertx);
            start = System.nanoTime();
            deadline = start + durationNanos;
            for (int i = 0; i < concurrency; i++) {
                fire();
            }
            return Future.succeededFuture();
        }

        private void fire() {
            String key = key(issued++ % keys);
            inFlight++;
            long begin = System.nanoTime();
            cache.get(key).onComplete(outcome -> {
                long end = System.nanoTime();
                inFlight--;
                if (completed == latencies.length) {
                    latencies = Arrays.copyOf(latencies, latencies.length * 2);
                }
                latencies[completed++] = end - begin;
                if (outcome.failed()) {
                    errors++;
                } else if (!outcome.result().getBoolean("found", false)) {
                    misses++;
                }
                if (end < deadline) {
                    fire();
                } else if (inFlight == 0) {
                    elapsedNanos = end - start;
                    finished.complete();
                }
            });
        }
    }

    private record Run(String side, double opsPerSecond, double p50Ms, double p99Ms, long errors, long misses,
                       double cpuMicrosPerOp) {
    }

    private record Summary(double opsPerSecond, double p50Ms, double p99Ms, double cpuMicrosPerOp, long errors,
                           List<Run> runs) {

        static Summary of(List<Run> runs) {
            return new Summary(median(runs.stream().mapToDouble(Run::opsPerSecond).toArray()),
                median(runs.stream().mapToDouble(Run::p50Ms).toArray()),
                median(runs.stream().mapToDouble(Run::p99Ms).toArray()),
                median(runs.stream().mapToDouble(Run::cpuMicrosPerOp).toArray()),
                runs.stream().mapToLong(Run::errors).sum(), runs);
        }

        void print(String label) {
            StringBuilder each = new StringBuilder();
            runs.forEach(run -> each.append(String.format(Locale.ROOT, " %.0f", run.opsPerSecond)));
            System.out.printf(Locale.ROOT, "%-34s %10.0f %9.3f %9.3f %9.1f us  %s%n", label, opsPerSecond, p50Ms,
                p99Ms, cpuMicrosPerOp, each);
        }

        private static double median(double[] values) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }
    }
}
