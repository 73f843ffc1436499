package com.exchangeanalytics.infra.monitor;

import com.exchangeanalytics.infra.common.Addresses;
import com.exchangeanalytics.infra.common.FailureCode;
import com.exchangeanalytics.infra.common.Meters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.regex.Pattern;

/**
 * The health and metrics routes. They reach the monitoring service of this node over node-local
 * addresses, so with a clustered event bus every node answers for itself. The latest health report is
 * kept here too and served while the monitor would serve it from its cache, so a flood of probes costs
 * no event-bus round trip.
 */
public final class MonitorRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorRoutes.class);
    private static final String JSON = "application/json";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final Pattern MINUTES = Pattern.compile("\\d{1,9}");
    /** Longer than a whole health run, so a slow run answers with its report rather than a timeout. */
    private static final long LOCAL_GRACE_MS = 5_000;

    private final Vertx vertx;
    private final HealthAccess access;
    private final DeliveryOptions reportOptions;
    private volatile HealthReport recent;

    public MonitorRoutes(Vertx vertx, MonitorConfig config) {
        this.vertx = vertx;
        this.access = new HealthAccess(config.healthToken());
        this.reportOptions = new DeliveryOptions()
            .setLocalOnly(true)
            .setSendTimeout(config.overallTimeoutMs() + LOCAL_GRACE_MS);
    }

    /** Adds the routes; {@code /health/live} stays with the HTTP verticle and must be added before. */
    public void mount(Router router) {
        router.get("/health").handler(this::health);
        router.get("/health/ready").handler(this::ready);
        router.get("/health/:name").handler(this::oneCheck);
        router.get("/metrics").handler(this::prometheus);
        router.get("/metrics/summary").handler(this::summary);
        router.get("/metrics/history").handler(this::history);
    }

    private void health(RoutingContext ctx) {
        boolean reveal = access.reveals(ctx.request());
        report()
            .onSuccess(report -> send(ctx, report.httpStatus(), report.encoded(reveal)))
            .onFailure(failure -> fail(ctx, failure));
    }

    private void ready(RoutingContext ctx) {
        report()
            .onSuccess(report -> send(ctx, report.isReady() ? 200 : 503, report.encodedReadiness()))
            .onFailure(failure -> fail(ctx, failure));
    }

    private void oneCheck(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        boolean reveal = access.reveals(ctx.request());
        report()
            .compose(report -> report.check(name).isPresent()
                ? Future.succeededFuture(report)
                : freshReport())
            .onSuccess(report -> report.check(name).ifPresentOrElse(
                check -> send(ctx, check.status() == HealthStatus.UNHEALTHY ? 503 : 200,
                    check.toJson(reveal).toBuffer()),
                () -> error(ctx, 404, "no health check named '" + shorten(name) + "'")))
            .onFailure(failure -> fail(ctx, failure));
    }

    private void prometheus(RoutingContext ctx) {
        MeterRegistry registry = Meters.registry();
        if (!(registry instanceof PrometheusMeterRegistry prometheus)) {
            error(ctx, 503, "the metrics registry is not a Prometheus registry");
            return;
        }
        vertx.executeBlocking(prometheus::scrape, false)
            .onSuccess(text -> ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, PROMETHEUS_TEXT)
                .end(text))
            .onFailure(failure -> fail(ctx, failure));
    }

    private void summary(RoutingContext ctx) {
        local("summary", new JsonObject())
            .onSuccess(reply -> send(ctx, 200, reply.toBuffer()))
            .onFailure(failure -> fail(ctx, failure));
    }

    private void history(RoutingContext ctx) {
        String minutes;
        try {
            minutes = ctx.queryParams().get("minutes");
        } catch (HttpException malformed) {
            // Vert.x wraps the decoder's IllegalArgumentException in a 400
            error(ctx, 400, "the query string holds a malformed percent-escape");
            return;
        }
        JsonObject body = new JsonObject();
        if (minutes != null) {
            if (!MINUTES.matcher(minutes).matches()) {
                error(ctx, 400, "query parameter 'minutes' must be an integer between 1 and "
                    + MonitorService.MAX_HISTORY_MINUTES);
                return;
            }
            body.put("minutes", Long.parseLong(minutes));
        }
        local("history", body)
            .onSuccess(reply -> send(ctx, 200, reply.toBuffer()))
            .onFailure(failure -> fail(ctx, failure));
    }

    /** The kept report while fresh, else the monitor's (cached there, or a new run). */
    private Future<HealthReport> report() {
        HealthReport kept = recent;
        if (kept != null && kept.isFresh()) {
            return Future.succeededFuture(kept);
        }
        return freshReport();
    }

    private Future<HealthReport> freshReport() {
        return vertx.eventBus()
            .<HealthReport>request(MonitorService.LOCAL_REPORT_ADDRESS, null, reportOptions)
            .map(Message::body)
            .onSuccess(report -> recent = report);
    }

    private Future<JsonObject> local(String action, JsonObject body) {
        DeliveryOptions options = new DeliveryOptions(reportOptions)
            .addHeader(Addresses.ACTION_HEADER, action);
        return vertx.eventBus()
            .<JsonObject>request(MonitorService.LOCAL_ADDRESS, body, options)
            .map(Message::body);
    }

    private static void send(RoutingContext ctx, int status, Buffer json) {
        ctx.response()
            .setStatusCode(status)
            .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
            .end(json);
    }

    private static void error(RoutingContext ctx, int status, String message) {
        send(ctx, status, new JsonObject().put("error", message).toBuffer());
    }

    /** Contract failures keep their code (400 for a bad N...); a missing or silent monitor is 503 or 504. */
    private static void fail(RoutingContext ctx, Throwable failure) {
        if (failure instanceof ReplyException reply) {
            switch (reply.failureType()) {
                case RECIPIENT_FAILURE ->
                    error(ctx, FailureCode.of(reply.failureCode()).code(), reply.getMessage());
                case NO_HANDLERS -> error(ctx, 503, "the monitoring service is not running");
                default -> error(ctx, 504, "the monitoring service did not answer in time");
            }
            return;
        }
        LOG.error("HTTP {} {} failed: {}", ctx.request().method(), ctx.normalizedPath(), failure.toString());
        error(ctx, 500, "internal error");
    }

    private static String shorten(String text) {
        return text.length() > 100 ? text.substring(0, 100) + "..." : text;
    }
}
