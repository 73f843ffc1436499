package com.exchangeanalytics.infra.bench;

import com.exchangeanalytics.infra.monitor.SystemSampler;
import com.exchangeanalytics.infra.monitor.StandIns;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Harness of {@code bench/health-bench.sh}.
 * <ul>
 *   <li>{@code standins <file>}: starts, on loopback, an SMTP greeter, a Discord-like webhook stub, an HTTP
 *   probe target and a minimal Vert.x server answering a constant (one event loop, no metrics) plus the
 *   same server on a Vert.x with the metrics options {@code Main} uses, writes their ports to {@code file}
 *   as shell variables and runs until killed;</li>
 *   <li>{@code tick <n>}: the wall and CPU time of the first and of {@code n} further collection ticks.</li>
 * </ul>
 */
public final class HealthBenchmark {

    private static final Buffer CONSTANT = Buffer.buffer("{\"status\":\"healthy\"}");

    private HealthBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("standins")) {
            standIns(Path.of(args[1]));
        } else if (args.length >= 1 && args[0].equals("tick")) {
            tick(args.length > 1 ? Integer.parseInt(args[1]) : 20);
        } else {
            throw new IllegalArgumentException("usage: standins <ports-file> | tick [n]");
        }
    }

    private static void standIns(Path portsFile) throws Exception {
        Vertx vertx = Vertx.vertx();
        StandIns standIns = StandIns.start(vertx).await();
        int constantPort = constantServer(vertx);
        Vertx withMetrics = Vertx.vertx(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
            .setEnabled(true)
            .setJvmMetricsEnabled(true)
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))));
        int meteredPort = constantServer(withMetrics);
        Files.writeString(portsFile, "SMTP_STANDIN_PORT=" + standIns.smtpPort() + "\n"
            + "DISCORD_STANDIN_PORT=" + standIns.httpPort() + "\n"
            + "PROBE_STANDIN_PORT=" + standIns.httpPort() + "\n"
            + "CONSTANT_PORT=" + constantPort + "\n"
            + "METERED_CONSTANT_PORT=" + meteredPort + "\n");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.printf(
            "stand-in SMTP connections: %d, Discord webhook GETs: %d, probe GETs: %d%n",
            standIns.smtpConnections.get(), standIns.discordRequests.get(), standIns.probeRequests.get())));
        Thread.currentThread().join();
    }

    /** One router, one route, one event loop: the minimal Vert.x server the figures compare with. */
    private static int constantServer(Vertx vertx) {
        Router router = Router.router(vertx);
        router.get("/constant").handler(ctx -> ctx.response()
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .end(CONSTANT));
        return vertx.createHttpServer()
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .await()
            .actualPort();
    }

    private static void tick(int count) {
        long start = System.nanoTime();
        SystemSampler sampler = new SystemSampler("/");
        long initMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        sampler.sample();
        SystemSampler.TickCost first = sampler.lastCost();
        long wall = 0;
        long cpu = 0;
        long maxWall = 0;
        for (int i = 0; i < count; i++) {
            sampler.sample();
            SystemSampler.TickCost cost = sampler.lastCost();
            wall += cost.wallNanos();
            cpu += cost.cpuNanos();
            maxWall = Math.max(maxWall, cost.wallNanos());
        }
        System.out.printf("OSHI init (once, at start): %d ms%n", initMs);
        System.out.printf("first tick: wall %.2f ms, cpu %.2f ms%n",
            first.wallNanos() / 1e6, first.cpuNanos() / 1e6);
        System.out.printf("steady tick (mean of %d): wall %.2f ms, cpu %.2f ms (max wall %.2f ms)%n",
            count, wall / 1e6 / count, cpu / 1e6 / count, maxWall / 1e6);
    }
}
