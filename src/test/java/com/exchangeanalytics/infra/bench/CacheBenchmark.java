package com.exchangeanalytics.infra.bench;

import com.exchangeanalytics.infra.cache.CacheClient;
import com.exchangeanalytics.infra.cache.CacheVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives {@code set} then {@code get} through the event bus, with a fixed number of requests in flight
 * spread over client verticles, against the cache verticle(s) on a real Redis, and prints operations per
 * second and p50/p99 latency. Keys live under a unique prefix and are deleted at the end.
 *
 * <pre>
 * bench/run-java.sh com.exchangeanalytics.infra.bench.CacheBenchmark [--redis URL] [--requests N]
 *     [--concurrency 50] [--instances 1] [--clients 1] [--pool 8] [--batch 64] [--keys 10000] [--metrics true]
 * </pre>
 * The last lines, {@code RESULT <action> <ops/s> <p50 ms> <p99 ms>}, are read by bench/cache-bench.sh.
 */
public final class CacheBenchmark {

    private final String redisUrl;
    private final int requests;
    private final int concurrency;
    private final int instances;
    private final int clients;
    private final int poolSize;
    private final int keys;
    private final int batchSize;
    private final boolean metrics;

    private CacheBenchmark(BenchArgs args) {
        this.redisUrl = args.text("--redis", "redis://127.0.0.1:6379");
        this.requests = args.number("--requests", 200_000);
        this.concurrency = args.number("--concurrency", 50);
        this.instances = args.number("--instances", 1);
        this.clients = args.number("--clients", 1);
        this.poolSize = args.number("--pool", 8);
        this.keys = args.number("--keys", 10_000);
        this.batchSize = args.number("--batch", 64);
        this.metrics = Boolean.parseBoolean(args.text("--metrics", "true"));
    }

    public static void main(String[] argv) throws Exception {
        new CacheBenchmark(new BenchArgs(argv)).run();
    }

    private void run() throws Exception {
        // metrics as Main switches them on in production
        Vertx vertx = Vertx.vertx(metrics ? new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
            .setEnabled(true)
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))) : new VertxOptions());
        String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        JsonObject config = new JsonObject().put("cache", new JsonObject()
            .put("redisUrl", redisUrl)
            .put("keyPrefix", prefix)
            .put("poolSize", poolSize)
            .put("batchSize", batchSize));
        System.out.printf(Locale.ROOT, "cache benchmark: %d requests per action, %d in flight over %d client"
                + " verticle(s), %d cache verticle instance(s), pool %d per instance, batch %d, %d keys, metrics %s, %d cores%n",
            requests, concurrency, clients, instances, poolSize, batchSize, keys, metrics ? "on" : "off",
            Runtime.getRuntime().availableProcessors());
        try {
            vertx.deployVerticle(CacheVerticle::new, new DeploymentOptions().setConfig(config).setInstances(instances))
                .await(30, TimeUnit.SECONDS);
            CacheClient cache = new CacheClient(vertx);
            phase(vertx, "warm-up", Math.min(requests, 100_000), cache);
            Result set = phase(vertx, "set", requests, cache);
            Result get = phase(vertx, "get", requests, cache);
            long deleted = cache.clearPattern("*").await(60, TimeUnit.SECONDS);
            System.out.printf(Locale.ROOT, "deleted %d benchmark keys under %s%n", deleted, prefix);
            set.print();
            get.print();
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    private Result phase(Vertx vertx, String action, int total, CacheClient cache) throws Exception {
        long[] latencies = new long[total];
        AtomicLong errors = new AtomicLong();
        List<Future<?>> done = new ArrayList<>();
        double redisCpuBefore = redisCpuSeconds(vertx);
        long jvmCpuBefore = jvmCpuNanos();
        long start = System.nanoTime();
        int offset = 0;
        for (int i = 0; i < clients; i++) {
            int share = total / clients + (i < total % clients ? 1 : 0);
            int inFlight = concurrency / clients + (i < concurrency % clients ? 1 : 0);
            LoadVerticle load = new LoadVerticle(action.equals("get") ? "get" : "set", offset, share, inFlight,
                latencies, errors);
            offset += share;
            done.add(vertx.deployVerticle(load).compose(id -> load.finished.future()));
        }
        Future.all(done).await(10, TimeUnit.MINUTES);
        long elapsed = System.nanoTime() - start;
        double jvmCpuMicros = (jvmCpuNanos() - jvmCpuBefore) / 1e3 / total;
        double redisCpuMicros = (redisCpuSeconds(vertx) - redisCpuBefore) * 1e6 / total;
        Result result = new Result(action, total, elapsed, latencies, errors.get(), jvmCpuMicros, redisCpuMicros);
        if (!action.equals("warm-up")) {
            System.out.printf(Locale.ROOT, "%-5s %10.0f ops/s  p50 %.3f ms  p99 %.3f ms  errors %d"
                    + "  cpu/op: jvm %.1f us + redis-server %.1f us%n",
                action, result.opsPerSecond(), result.percentileMs(50), result.percentileMs(99), errors.get(),
                jvmCpuMicros, redisCpuMicros);
        }
        return result;
    }

    /** CPU time of this JVM (every thread: event loops, GC, JIT). */
    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    }

    /** CPU time redis-server has used (INFO cpu), to compare the cost per operation on a busy machine. */
    private double redisCpuSeconds(Vertx vertx) throws Exception {
        Redis redis = Redis.createClient(vertx, redisUrl);
        try {
            String info = redis.send(Request.cmd(Command.INFO).arg("cpu")).await(10, TimeUnit.SECONDS).toString();
            double seconds = 0;
            for (String line : info.split("\r?\n")) {
                if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
                    seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return seconds;
        } finally {
            redis.close();
        }
    }

    /** Keeps {@code inFlight} requests going until it has sent its share. */
    private final class LoadVerticle extends VerticleBase {

        private final String action;
        private final int offset;
        private final int share;
        private final int inFlight;
        private final long[] latencies;
        private final AtomicLong errors;
        private final Promise<Void> finished = Promise.promise();
        private CacheClient cache;
        private int issued;
        private int completed;

        LoadVerticle(String action, int offset, int share, int inFlight, long[] latencies, AtomicLong errors) {
            this.action = action;
            this.offset = offset;
            this.share = share;
            this.inFlight = inFlight;
            this.latencies = latencies;
            this.errors = errors;
        }

        @Override
        public Future<?> start() {
            cache = new CacheClient(vertx);
            if (share == 0) {
                finished.complete();
            }
            for (int i = 0; i < Math.min(inFlight, share); i++) {
                fire();
            }
            return Future.succeededFuture();
        }

        private void fire() {
            int index = issued++;
            String key = "key:" + (offset + index) % keys;
            long begin = System.nanoTime();
            Future<?> call = action.equals("get") ? cache.get(key) : cache.set(key, "xxx");
            call.onComplete(outcome -> {
                latencies[offset + index] = System.nanoTime() - begin;
                if (outcome.failed()) {
                    errors.incrementAndGet();
                }
                completed++;
                if (issued < share) {
                    fire();
                } else if (completed == share) {
                    finished.complete();
                }
            });
        }
    }

    private record Result(String action, int total, long elapsedNanos, long[] latencies, long errors,
                          double jvmCpuMicros, double redisCpuMicros) {

        double opsPerSecond() {
            return total / (elapsedNanos / 1e9);
        }

        double percentileMs(int percentile) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            return Latencies.percentileMs(sorted, percentile);
        }

        void print() {
            System.out.printf(Locale.ROOT, "RESULT %s %.0f %.3f %.3f %d %.1f %.1f%n", action, opsPerSecond(),
                percentileMs(50), percentileMs(99), errors, jvmCpuMicros, redisCpuMicros);
        }
    }
}
