package com.exchangeanalytics.infra.http;

import com.exchangeanalytics.infra.config.ConfigReader;
import com.exchangeanalytics.infra.monitor.MonitorConfig;
import com.exchangeanalytics.infra.monitor.MonitorRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' HTTP interface: liveness, health and metrics routes. Unknown routes and errors
 * answer with JSON bodies.
 */
public class HttpVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);
    private static final Buffer LIVE = Buffer.buffer("{\"status\":\"healthy\"}");

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
        router.route().last().handler(ctx -> HttpErrors.send(ctx, 404, "no route for "
            + ctx.request().method() + " " + ctx.normalizedPath()));
        router.errorHandler(405, ctx -> HttpErrors.send(ctx, 405, "method not allowed"));
        router.errorHandler(500, this::internalError);
        return router;
    }

    private void live(RoutingContext ctx) {
        ctx.response()
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .end(LIVE);
    }

    private void internalError(RoutingContext ctx) {
        LOG.error("HTTP {} {} failed", ctx.request().method(), ctx.normalizedPath(), ctx.failure());
        HttpErrors.send(ctx, 500, "internal error");
    }

    /** The bound port (useful with port 0 in tests). */
    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }
}
