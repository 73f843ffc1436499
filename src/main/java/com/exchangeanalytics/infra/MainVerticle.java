package com.exchangeanalytics.infra;

import com.exchangeanalytics.infra.cache.CacheVerticle;
import com.exchangeanalytics.infra.config.AppConfig;
import com.exchangeanalytics.infra.config.ConfigLoader;
import com.exchangeanalytics.infra.http.HttpVerticle;
import com.exchangeanalytics.infra.monitor.MonitorVerticle;
import com.exchangeanalytics.infra.notify.NotifyVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads and validates the configuration, then deploys the services in dependency order:
 * monitoring (so others can register checks), cache, notification, and HTTP last, so the port
 * only opens once everything behind it is ready.
 */
public class MainVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(MainVerticle.class);

    private final List<String> started = new ArrayList<>();

    @Override
    public Future<?> start() {
        long begin = System.nanoTime();
        return ConfigLoader.load(vertx, config())
            .onSuccess(config -> LOG.info("Configuration resolved: {}", config.toLogString()))
            .compose(this::deployServices)
            .onSuccess(done -> LOG.info("Exchange Analytics Infra started in {} ms: {}",
                (System.nanoTime() - begin) / 1_000_000, String.join(", ", started)));
    }

    private Future<Void> deployServices(AppConfig config) {
        return deploy("monitor", MonitorVerticle::new, config)
            .compose(v -> deploy("cache (" + (config.cache().embedded() ? "embedded" : "redis") + ")",
                CacheVerticle::new, config))
            .compose(v -> deploy("notify", NotifyVerticle::new, config))
            .compose(v -> deploy("http", HttpVerticle::new, config));
    }

    private Future<Void> deploy(String name, Supplier<VerticleBase> verticle, AppConfig config) {
        DeploymentOptions options = new DeploymentOptions().setConfig(config.json());
        return vertx.deployVerticle(verticle.get(), options)
            .onSuccess(id -> started.add(name))
            .onFailure(failure -> LOG.error("Service {} failed to start: {}", name, failure.getMessage()))
            .mapEmpty();
    }

    /**
     * Vert.x undeploys the services (children of this verticle) before this stop runs; each service's
     * own stop stops taking work first and then finishes or persists what it holds.
     */
    @Override
    public Future<?> stop() {
        LOG.info("All services stopped");
        return Future.succeededFuture();
    }
}
