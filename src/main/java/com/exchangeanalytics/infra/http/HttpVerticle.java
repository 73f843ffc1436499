package com.exchangeanalytics.infra.http;

import com.exchangeanalytics.infra.common.Redact;
import com.exchangeanalytics.infra.config.ConfigReader;
import com.exchangeanalytics.infra.monitor.MonitorConfig;
import com.exchangeanalytics.infra.monitor.MonitorRoutes;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * The operators' HTTP interface: liveness, health and metrics routes, all of them {@code GET}. Unknown
 * paths (404), other methods on known paths (405), malformed requests (400) and errors answer with
 * JSON bodies. Note: requests that Vert.x's HTTP decoder refuses before any router sees them (a request
 * line or headers over its size limits, a line that is not HTTP) get its bare status without a body.
 */
public class HttpVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);
    private static final Buffer LIVE = Buffer.buffer("{\"status\":\"healthy\"}");
    /** The methods of every route here, answered in {@code Allow} with a 405. */
    private static final String ALLOWED_METHODS = "GET";

    private HttpServer server;

    @Override
    public Future<?> start() {
        ConfigReader reader = new ConfigReader(config());
        HttpConfig config = HttpConfig.parse(reader);
        Router router = createRouter(new MonitorRoutes(vertx, MonitorConfig.parse(reader)));
        return vertx.createHttpServer()
            .requestHandler(router)
            .listen(config.port(), config.host())
            .onSuccess(listening -> {
                server = listening;
                LOG.info("HTTP server listening on {}:{}", config.host(), listening.actualPort());
            });
    }

    private Router createRouter(MonitorRoutes monitor) {
        Router router = Router.router(vertx);
        router.get("/health/live").handler(this::live);
        monitor.mount(router);
        // Without an error handler Vert.x answers a status with its reason phrase in plain text (a path
        // with a malformed percent-escape is a 400 before any route runs), so every error status has one.
        for (int status = 400; status < 600; status++) {
            int code = status;
            router.errorHandler(code, ctx -> HttpErrors.send(ctx, code, reasonOf(code)));
        }
        router.errorHandler(404, this::noRoute);
        router.errorHandler(405, this::methodNotAllowed);
        router.errorHandler(500, this::internalError);
        return router;
    }

    private void live(RoutingContext ctx) {
        ctx.response()
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .end(LIVE);
    }

    private void noRoute(RoutingContext ctx) {
        HttpErrors.send(ctx, 404, "no route for " + ctx.request().method() + " "
            + Redact.shorten(ctx.normalizedPath(), 100));
    }

    /** A known path with another method (Vert.x fails with 405 when only a route's method did not match). */
    private void methodNotAllowed(RoutingContext ctx) {
        ctx.response().putHeader(HttpHeaders.ALLOW, ALLOWED_METHODS);
        HttpErrors.send(ctx, 405, "method not allowed");
    }

    private void internalError(RoutingContext ctx) {
        LOG.error("HTTP {} {} failed", ctx.request().method(), ctx.normalizedPath(), ctx.failure());
        HttpErrors.send(ctx, 500, "internal error");
    }

    private static String reasonOf(int status) {
        return HttpResponseStatus.valueOf(status).reasonPhrase().toLowerCase(Locale.ROOT);
    }

    /** The bound port (useful with port 0 in tests). */
    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }
}
