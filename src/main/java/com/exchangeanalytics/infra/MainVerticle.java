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
 * Reads and validates the configuration, then deploys the three services side by side (none needs
 * another to start: they meet over the event bus at request time), and HTTP last, so the port only
 * opens once everything behind it is ready. If one service fails to start, the start fails as a whole.
 */
public class MainVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(MainVerticle.class);

    private final List<String> started = new ArrayList<>();
    private final ConfigLoader.Launch launch;

    /** As deployed by another Vert.x application (the manifest's {@code Main-Verticle}). */
    public MainVerticle() {
        this(ConfigLoader.Launch.EMBEDDED);
    }

    /** {@code Main} passes {@link ConfigLoader.Launch#STANDALONE}: the working directory is then ours. */
    public MainVerticle(ConfigLoader.Launch launch) {
        this.launch = launch;
    }

    @Override
    public Future<?> start() {
        long begin = System.nanoTime();
        return ConfigLoader.load(vertx, config(), launch)
            .onSuccess(config -> LOG.info("Configuration resolved: {}", config.toLogString()))
            .compose(this::deployServices)
            .onSuccess(done -> LOG.info("Exchange Analytics Infra started in {} ms: {}",
                (System.nanoTime() - begin) / 1_000_000, String.join(", ", started)));
    }

    private Future<Void> deployServices(AppConfig config) {
        String cache = "cache (" + (config.cache().embedded() ? "embedded" : "redis") + ")";
        List<String> names = List.of("monitor", cache, "notify");
        List<Future<String>> services = List.of(
            deploy("monitor", MonitorVerticle::new, config),
            deploy(cache, CacheVerticle::new, config),
            deploy("notify", NotifyVerticle::new, config));
        return Future.all(services)
            .onSuccess(all -> started.addAll(names))
            .compose(all -> deploy("http", HttpVerticle::new, config))
            .onSuccess(http -> started.add("http"))
            .mapEmpty();
    }

    private Future<String> deploy(String name, Supplier<VerticleBase> verticle, AppConfig config) {
        DeploymentOptions options = new DeploymentOptions().setConfig(config.json());
        return vertx.deployVerticle(verticle.get(), options)
            .onFailure(failure -> LOG.error("Service {} failed to start: {}", name, failure.getMessage()));
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
