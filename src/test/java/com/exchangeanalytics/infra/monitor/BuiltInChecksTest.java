package com.exchangeanalytics.infra.monitor;

import com.exchangeanalytics.infra.common.Addresses;
import com.exchangeanalytics.infra.support.LogCapture;
import com.exchangeanalytics.infra.support.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The built-in checks")
class BuiltInChecksTest {

    private static final String TOKEN = "tok-3f9a8b7c6d5e";

    private StandIns standIns;
    private WebClient web;

    @BeforeEach
    void start(Vertx vertx, VertxTestContext ctx) {
        web = WebClient.create(vertx);
        StandIns.start(vertx).onComplete(ctx.succeeding(started -> {
            standIns = started;
            ctx.completeNow();
        }));
    }

    @AfterEach
    void stop(VertxTestContext ctx) {
        web.close();
        standIns.close().onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("cache: healthy with the store and latency, degraded when slow, unhealthy without an answer")
    void cache(Vertx vertx, VertxTestContext ctx) {
        JsonObject[] answer = {new JsonObject().put("store", "redis").put("latencyMs", 3)};
        vertx.eventBus().<JsonObject>consumer(Addresses.CACHE, message -> {
            if (answer[0] == null) {
                message.fail(503, "redis unavailable");
            } else {
                message.reply(answer[0]);
            }
        });
        CacheCheck check = new CacheCheck(vertx, 1_000, 50);
        check.run()
            .compose(healthy -> {
                ctx.verify(() -> {
                    assertThat(healthy.status()).isEqualTo(HealthStatus.HEALTHY);
                    assertThat(healthy.details().getString("store")).isEqualTo("redis");
                    assertThat(healthy.details().getInteger("latencyMs")).isEqualTo(3);
                });
                answer[0] = new JsonObject().put("store", "redis").put("latencyMs", 80);
                return check.run();
            })
            .compose(slow -> {
                ctx.verify(() -> assertThat(slow.status()).isEqualTo(HealthStatus.DEGRADED));
                answer[0] = null;
                return check.run();
            })
            .onComplete(ctx.succeeding(down -> ctx.verify(() -> {
                assertThat(down.status()).isEqualTo(HealthStatus.UNHEALTHY);
                assertThat(down.error()).contains("503").contains("redis unavailable");
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("cache: unhealthy when no cache service runs")
    void cacheMissing(Vertx vertx, VertxTestContext ctx) {
        new CacheCheck(vertx, 1_000, 50).run().onComplete(ctx.succeeding(outcome -> ctx.verify(() -> {
            assertThat(outcome.status()).isEqualTo(HealthStatus.UNHEALTHY);
            assertThat(outcome.error()).isEqualTo("cache service is not running");
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("smtp: healthy after greeting, EHLO and NOOP; unhealthy when refused, closed or silent")
    void smtp(Vertx vertx, VertxTestContext ctx) {
        SmtpCheck check = new SmtpCheck(vertx, "127.0.0.1", standIns.smtpPort(), false, 3_000);
        SmtpCheck impatient = new SmtpCheck(vertx, "127.0.0.1", standIns.smtpPort(), false, 300);
        SmtpCheck closedPort = new SmtpCheck(vertx, "127.0.0.1", RedisServer.freePort(), false, 3_000);
        check.run()
            .compose(ok -> {
                ctx.verify(() -> {
                    assertThat(ok.status()).as(String.valueOf(ok.error())).isEqualTo(HealthStatus.HEALTHY);
                    assertThat(ok.details().getInteger("port")).isEqualTo(standIns.smtpPort());
                });
                standIns.smtpMode = StandIns.SmtpMode.REFUSE;
                return check.run();
            })
            .compose(refused -> {
                ctx.verify(() -> {
                    assertThat(refused.status()).isEqualTo(HealthStatus.UNHEALTHY);
                    assertThat(refused.error()).contains("greeting answered 554");
                });
                standIns.smtpMode = StandIns.SmtpMode.SILENT;
                return impatient.run();
            })
            .compose(silent -> {
                ctx.verify(() -> {
                    assertThat(silent.status()).isEqualTo(HealthStatus.UNHEALTHY);
                    assertThat(silent.error()).contains("did not finish");
                });
                return closedPort.run();
            })
            .onComplete(ctx.succeeding(closed -> ctx.verify(() -> {
                assertThat(closed.status()).isEqualTo(HealthStatus.UNHEALTHY);
                assertThat(standIns.smtpConnections.get()).isEqualTo(3);
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("discord: 200 healthy, 401/404 unhealthy, 429/5xx degraded, and the token never shows")
    void discord(Vertx vertx, VertxTestContext ctx) {
        LogCapture logs = LogCapture.attach();
        HealthRegistry health = new HealthRegistry(vertx, 5_000, 0, new SimpleMeterRegistry());
        URI webhook = URI.create(standIns.webhookUrl(TOKEN));
        health.register(new DiscordCheck(web, Map.of("default", webhook), 1_000));
        List<String> seen = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        for (int status : new int[] {200, 401, 404, 429, 502}) {
            chain = chain.compose(v -> {
                standIns.discordStatus.set(status);
                return health.report();
            }).map(report -> {
                seen.add(status + "=" + report.check("discord").orElseThrow().status().wire());
                seen.add(report.toJson(true).encode());
                return null;
            });
        }
        chain.onComplete(ctx.succeeding(done -> ctx.verify(() -> {
            logs.close();
            assertThat(seen).contains("200=healthy", "401=unhealthy", "404=unhealthy", "429=degraded",
                "502=degraded");
            assertThat(String.join("\n", seen))
                .contains("webhook deleted or token invalid (HTTP 401)")
                .doesNotContain(TOKEN)
                .doesNotContain("in-the-body");
            assertThat(logs.text()).contains("Health check discord").doesNotContain(TOKEN);
            assertThat(standIns.discordRequests.get()).isEqualTo(5);
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("discord: unhealthy when the webhook host does not answer")
    void discordUnreachable(Vertx vertx, VertxTestContext ctx) {
        URI dead = URI.create("http://127.0.0.1:" + RedisServer.freePort() + "/api/webhooks/1/" + TOKEN);
        new DiscordCheck(web, Map.of("alerts", dead), 1_000).run()
            .onComplete(ctx.succeeding(outcome -> ctx.verify(() -> {
                assertThat(outcome.status()).isEqualTo(HealthStatus.UNHEALTHY);
                assertThat(outcome.error()).startsWith("channel alerts: unreachable").doesNotContain(TOKEN);
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("http probe: healthy below 400, degraded (never unhealthy) on an error status or no answer")
    void httpProbe(Vertx vertx, VertxTestContext ctx) {
        URI withKey = URI.create(standIns.probeUrl() + "?apikey=k-123");
        HttpProbeCheck probe = new HttpProbeCheck(web, "rates", withKey, 1_000);
        HttpProbeCheck dead = new HttpProbeCheck(web, "dead",
            URI.create("http://127.0.0.1:" + RedisServer.freePort() + "/"), 1_000);
        assertThat(probe.name()).isEqualTo("http:rates");
        probe.run()
            .compose(ok -> {
                ctx.verify(() -> {
                    assertThat(ok.status()).isEqualTo(HealthStatus.HEALTHY);
                    assertThat(ok.details().getString("endpoint")).doesNotContain("k-123");
                });
                standIns.probeStatus.set(503);
                return probe.run();
            })
            .compose(failing -> {
                ctx.verify(() -> {
                    assertThat(failing.status()).isEqualTo(HealthStatus.DEGRADED);
                    assertThat(failing.error()).isEqualTo("HTTP 503");
                });
                return dead.run();
            })
            .onComplete(ctx.succeeding(unreachable -> ctx.verify(() -> {
                assertThat(unreachable.status()).isEqualTo(HealthStatus.DEGRADED);
                assertThat(unreachable.error()).startsWith("unreachable");
                ctx.completeNow();
            })));
    }
}
