package com.exchangeanalytics.infra.monitor;

import com.exchangeanalytics.infra.support.LogCapture;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The health and metrics routes")
class MonitorHttpTest {

    private static final String TOKEN = "health-token-6b1d";
    private static final String MALFORMED_QUERY = "the query string holds a malformed percent-escape";

    private final AtomicInteger cachePings = new AtomicInteger();
    private WebClient web;
    private HttpClient raw;
    private MonitorClient monitor;
    private int port;

    @BeforeEach
    void clients(Vertx vertx) {
        web = WebClient.create(vertx);
        raw = vertx.createHttpClient();
        monitor = new MonitorClient(vertx, 5_000);
    }

    @AfterEach
    void close() {
        web.close();
        raw.close();
    }

    private Future<Void> deploy(Vertx vertx, JsonObject monitorConfig) {
        return deploy(vertx, monitorConfig, "127.0.0.1");
    }

    private Future<Void> deploy(Vertx vertx, JsonObject monitorConfig, String host) {
        JsonObject config = Monitors.config(monitorConfig);
        config.getJsonObject("http").put("host", host);
        return Monitors.fakeCache(vertx, cachePings)
            .compose(cache -> Monitors.deployWithHttp(vertx, config))
            .map(bound -> {
                port = bound;
                return null;
            });
    }

    private Future<HttpResponse<Buffer>> get(String path) {
        return get("127.0.0.1", path, null);
    }

    private Future<HttpResponse<Buffer>> get(String host, String path, String authorization) {
        var request = web.get(port, host, path).timeout(10_000);
        if (authorization != null) {
            request.putHeader("Authorization", authorization);
        }
        return request.send();
    }

    /** A response read in full; the request line carries {@code uri} exactly as given, never re-encoded. */
    private record RawResponse(int status, MultiMap headers, Buffer body) {
        JsonObject json() {
            return new JsonObject(body);
        }
    }

    private Future<RawResponse> raw(HttpMethod method, String uri) {
        RequestOptions options = new RequestOptions()
            .setMethod(method)
            .setHost("127.0.0.1")
            .setPort(port)
            .setURI(uri)
            .setIdleTimeout(10_000);
        return raw.request(options)
            .compose(request -> request.send())
            .compose(response -> response.body()
                .map(body -> new RawResponse(response.statusCode(), response.headers(), body)));
    }

    /** A registered check that is unhealthy with an error and details worth hiding. */
    private Future<Void> registerFailingCheck(Vertx vertx) {
        vertx.eventBus().<JsonObject>consumer("test.db.health", message -> message.reply(new JsonObject()
            .put("status", "unhealthy")
            .put("error", "connection refused by db-internal-7:5432")
            .put("details", new JsonObject().put("host", "db-internal-7"))));
        return monitor.registerCheck("database", "test.db.health", 1_000, "primary database");
    }

    @Test
    @DisplayName("answer every route with JSON and the contract's codes while healthy")
    void healthyRoutes(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, new JsonObject())
            .compose(v -> Future.all(List.of(get("/health/live"), get("/health"), get("/health/ready"),
                get("/health/cache"), get("/health/nope"), get("/metrics/summary"), get("/metrics/history"),
                get("/metrics/history?minutes=5"), get("/nope"))))
            .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                HttpResponse<Buffer> live = all.resultAt(0);
                assertThat(live.statusCode()).isEqualTo(200);
                assertThat(live.bodyAsJsonObject().getString("status")).isEqualTo("healthy");

                HttpResponse<Buffer> health = all.resultAt(1);
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.getHeader("content-type")).isEqualTo("application/json");
                JsonObject report = health.bodyAsJsonObject();
                assertThat(report.fieldNames())
                    .contains("status", "timestamp", "durationMs", "count", "checks");
                assertThat(report.getString("status")).isEqualTo("healthy");
                assertThat(report.getInteger("count")).isEqualTo(1);
                JsonObject cache = report.getJsonArray("checks").getJsonObject(0);
                assertThat(cache.fieldNames())
                    .contains("name", "status", "durationMs", "timestamp", "details");
                assertThat(cache.getJsonObject("details").getString("store")).isEqualTo("embedded");

                HttpResponse<Buffer> ready = all.resultAt(2);
                assertThat(ready.statusCode()).isEqualTo(200);
                assertThat(ready.bodyAsJsonObject().getBoolean("ready")).isTrue();
                assertThat(ready.bodyAsJsonObject().getJsonObject("checks").getString("cache"))
                    .isEqualTo("healthy");

                HttpResponse<Buffer> one = all.resultAt(3);
                assertThat(one.statusCode()).isEqualTo(200);
                assertThat(one.bodyAsJsonObject().getString("name")).isEqualTo("cache");

                HttpResponse<Buffer> unknown = all.resultAt(4);
                assertThat(unknown.statusCode()).isEqualTo(404);
                assertThat(unknown.bodyAsJsonObject().getString("error"))
                    .isEqualTo("no health check named 'nope'");

                JsonObject summary = ((HttpResponse<Buffer>) all.resultAt(5)).bodyAsJsonObject();
                assertThat(summary.fieldNames())
                    .contains("uptimeSeconds", "uptimeHuman", "counters", "gauges", "timers", "collection");

                JsonObject history = ((HttpResponse<Buffer>) all.resultAt(6)).bodyAsJsonObject();
                assertThat(history.getInteger("minutes")).isEqualTo(30);
                assertThat(history.getJsonArray("samples")).isNotEmpty();
                assertThat(history.getJsonArray("samples").getJsonObject(0).fieldNames())
                    .containsExactlyInAnyOrder("timestamp", "cpuPercent", "memoryPercent", "memoryUsedGb",
                        "diskPercent", "processMemoryMb", "processCpuPercent");
                assertThat(((HttpResponse<Buffer>) all.resultAt(7)).bodyAsJsonObject().getInteger("minutes"))
                    .isEqualTo(5);

                HttpResponse<Buffer> noRoute = all.resultAt(8);
                assertThat(noRoute.statusCode()).isEqualTo(404);
                assertThat(noRoute.bodyAsJsonObject().containsKey("error")).isTrue();
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("answer a bad number of minutes with 400 and a JSON error")
    void badMinutes(Vertx vertx, VertxTestContext ctx) {
        List<String> bad = List.of("abc", "0", "-5", "10081", "1.5", "", "99999999999");
        deploy(vertx, new JsonObject())
            .compose(v -> {
                List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
                bad.forEach(minutes -> calls.add(get("/metrics/history?minutes=" + minutes)));
                return Future.all(calls).map(all -> calls);
            })
            .onComplete(ctx.succeeding(calls -> ctx.verify(() -> {
                for (int i = 0; i < calls.size(); i++) {
                    HttpResponse<Buffer> response = calls.get(i).result();
                    assertThat(response.statusCode()).as("minutes=%s", bad.get(i)).isEqualTo(400);
                    assertThat(response.bodyAsJsonObject().getString("error")).contains("minutes");
                }
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("answer malformed percent-escapes in the path or the query with 400 and a JSON error")
    void malformedEscapes(Vertx vertx, VertxTestContext ctx) {
        List<String> uris = List.of("/health/%zz", "/health/%", "/metrics/history?minutes=%zz",
            "/metrics/history?minutes=%", "/metrics/history?other=%zz&minutes=5");
        LogCapture log = LogCapture.attach();
        deploy(vertx, new JsonObject())
            .compose(v -> {
                List<Future<RawResponse>> calls = new ArrayList<>();
                uris.forEach(uri -> calls.add(raw(HttpMethod.GET, uri)));
                return Future.all(calls).map(all -> calls);
            })
            .onComplete(ctx.succeeding(calls -> ctx.verify(() -> {
                log.close();
                for (int i = 0; i < calls.size(); i++) {
                    RawResponse response = calls.get(i).result();
                    assertThat(response.status()).as(uris.get(i)).isEqualTo(400);
                    assertThat(response.headers().get("content-type")).as(uris.get(i))
                        .isEqualTo("application/json");
                    assertThat(response.json().getString("error")).as(uris.get(i))
                        .isEqualTo(i < 2 ? "bad request" : MALFORMED_QUERY);
                }
                assertThat(log.lines()).noneMatch(line -> line.startsWith("ERROR"));
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("answer a known path with another method 405 and Allow: GET, an unknown path 404, in JSON")
    void methodNotAllowed(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, new JsonObject())
            .compose(v -> Future.all(List.of(raw(HttpMethod.POST, "/health"),
                raw(HttpMethod.DELETE, "/health/cache"), raw(HttpMethod.PUT, "/metrics/history?minutes=5"),
                raw(HttpMethod.POST, "/health/live"), raw(HttpMethod.POST, "/nope"),
                raw(HttpMethod.GET, "/metrics/nope"))))
            .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                for (int i = 0; i < 4; i++) {
                    RawResponse response = all.resultAt(i);
                    assertThat(response.status()).as("response %d", i).isEqualTo(405);
                    assertThat(response.headers().get("allow")).as("response %d", i).isEqualTo("GET");
                    assertThat(response.headers().get("content-type")).isEqualTo("application/json");
                    assertThat(response.json().getString("error")).isEqualTo("method not allowed");
                }
                RawResponse postNowhere = all.resultAt(4);
                assertThat(postNowhere.status()).isEqualTo(404);
                assertThat(postNowhere.json().getString("error")).isEqualTo("no route for POST /nope");
                RawResponse getNowhere = all.resultAt(5);
                assertThat(getNowhere.status()).isEqualTo(404);
                assertThat(getNowhere.json().getString("error")).isEqualTo("no route for GET /metrics/nope");
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("answer 503 on /health, /health/ready and the failing check, 200 on a degraded one")
    void unhealthyCodes(Vertx vertx, VertxTestContext ctx) {
        vertx.eventBus().<JsonObject>consumer("test.slow.health",
            message -> message.reply(new JsonObject().put("status", "degraded")));
        deploy(vertx, new JsonObject().put("healthCacheMs", 0))
            .compose(v -> monitor.registerCheck("slow", "test.slow.health", 1_000, null))
            .compose(v -> Future.all(get("/health"), get("/health/ready")))
            .compose(degraded -> {
                ctx.verify(() -> {
                    HttpResponse<Buffer> health = degraded.resultAt(0);
                    assertThat(health.statusCode()).isEqualTo(200);
                    assertThat(health.bodyAsJsonObject().getString("status")).isEqualTo("degraded");
                    assertThat(((HttpResponse<Buffer>) degraded.resultAt(1)).statusCode()).isEqualTo(200);
                });
                return registerFailingCheck(vertx);
            })
            .compose(v -> Future.all(get("/health"), get("/health/ready"), get("/health/database"),
                get("/health/slow")))
            .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                HttpResponse<Buffer> health = all.resultAt(0);
                assertThat(health.statusCode()).isEqualTo(503);
                assertThat(health.bodyAsJsonObject().getString("status")).isEqualTo("unhealthy");
                HttpResponse<Buffer> ready = all.resultAt(1);
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.bodyAsJsonObject().getBoolean("ready")).isFalse();
                assertThat(((HttpResponse<Buffer>) all.resultAt(2)).statusCode()).isEqualTo(503);
                assertThat(((HttpResponse<Buffer>) all.resultAt(3)).statusCode()).isEqualTo(200);
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("with a token, show errors and details only to requests bearing it")
    void tokenHidesDetails(Vertx vertx, VertxTestContext ctx) {
        deploy(vertx, new JsonObject().put("healthToken", TOKEN))
            .compose(v -> registerFailingCheck(vertx))
            .compose(v -> Future.all(List.of(
                get("127.0.0.1", "/health", null),
                get("127.0.0.1", "/health", "Bearer wrong-token"),
                get("127.0.0.1", "/health", "Basic " + TOKEN),
                get("127.0.0.1", "/health", "Bearer " + TOKEN),
                get("127.0.0.1", "/health/database", null),
                get("127.0.0.1", "/health/database", "bearer " + TOKEN))))
            .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                for (int hidden : new int[] {0, 1, 2, 4}) {
                    String body = ((HttpResponse<Buffer>) all.resultAt(hidden)).bodyAsString();
                    assertThat(body).as("response %d", hidden)
                        .contains("\"database\"", "\"unhealthy\"", "primary database")
                        .doesNotContain("db-internal-7", "\"error\"", "\"details\"");
                }
                JsonObject revealed = ((HttpResponse<Buffer>) all.resultAt(3)).bodyAsJsonObject();
                JsonObject database = revealed.getJsonArray("checks").stream()
                    .map(JsonObject.class::cast)
                    .filter(check -> check.getString("name").equals("database"))
                    .findFirst().orElseThrow();
                assertThat(database.getString("error")).contains("db-internal-7");
                assertThat(database.getJsonObject("details").getString("host")).isEqualTo("db-internal-7");
                assertThat(((HttpResponse<Buffer>) all.resultAt(5)).bodyAsJsonObject().getString("error"))
                    .contains("connection refused");
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("without a token, show details to loopback clients only")
    void loopbackRule(Vertx vertx, VertxTestContext ctx) {
        String outside = nonLoopbackAddress();
        Assumptions.assumeTrue(outside != null, "this machine has no non-loopback IPv4 address");
        deploy(vertx, new JsonObject(), "0.0.0.0")
            .compose(v -> registerFailingCheck(vertx))
            .compose(v -> Future.all(get("127.0.0.1", "/health", null), get(outside, "/health", null),
                get(outside, "/health/database", null)))
            .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                assertThat(((HttpResponse<Buffer>) all.resultAt(0)).bodyAsString()).contains("db-internal-7");
                assertThat(((HttpResponse<Buffer>) all.resultAt(1)).bodyAsString())
                    .contains("\"database\"")
                    .doesNotContain("db-internal-7", "\"error\"");
                assertThat(((HttpResponse<Buffer>) all.resultAt(2)).bodyAsString())
                    .doesNotContain("db-internal-7", "\"error\"");
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("serve a flood of probes from the result cache: the checks run once")
    void probesAreCached(Vertx vertx, VertxTestContext ctx) {
        List<String> statuses = Collections.synchronizedList(new ArrayList<>());
        deploy(vertx, new JsonObject().put("healthCacheMs", 60_000))
            .compose(v -> {
                List<Future<HttpResponse<Buffer>>> flood = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    String path = List.of("/health", "/health/ready", "/health/cache").get(i % 3);
                    flood.add(get(path).onSuccess(r -> statuses.add(String.valueOf(r.statusCode()))));
                }
                return Future.all(flood);
            })
            .compose(v -> monitor.health(null))
            .onComplete(ctx.succeeding(report -> ctx.verify(() -> {
                assertThat(statuses).hasSize(60).containsOnly("200");
                assertThat(cachePings.get()).isEqualTo(1);
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("serve recorded application metrics in Prometheus text")
    void prometheusText(Vertx vertx, VertxTestContext ctx) {
        String name = "http_test_orders_" + System.nanoTime();
        deploy(vertx, new JsonObject())
            .compose(v -> monitor.counter(name, 4))
            .compose(v -> get("/metrics"))
            .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.getHeader("content-type")).startsWith("text/plain");
                assertThat(PrometheusText.parse(response.bodyAsString()))
                    .containsEntry("app_" + name + "_total", 4.0)
                    .containsKey("monitor_system_cpu_percent");
                ctx.completeNow();
            })));
    }

    private static String nonLoopbackAddress() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                        return address.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            return null;
        }
        return null;
    }

}
