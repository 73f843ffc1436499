package com.exchangeanalytics.infra;

import com.exchangeanalytics.infra.config.ConfigException;
import io.vertx.core.Deployable;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * Entry point of the fat jar: the Vert.x application launcher (flags {@code -conf}, {@code --cluster},
 * ...) with metrics switched on and start failures reported in one line. The launcher closes
 * Vert.x on SIGTERM, which undeploys {@link MainVerticle} and with it every service.
 */
public class Main extends VertxApplication implements VertxApplicationHooks {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    public Main(String[] args) {
        super(args);
    }

    public static void main(String[] args) {
        new Main(args).launch();
    }

    @Override
    public void beforeStartingVertx(HookContext context) {
        context.vertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
            .setEnabled(true)
            .setJvmMetricsEnabled(true)
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    }

    @Override
    public Supplier<? extends Deployable> verticleSupplier() {
        return MainVerticle::new;
    }

    @Override
    public void afterFailureToStartVertx(HookContext context, Throwable t) {
        LOG.error("Vert.x could not start: {}", t == null ? "timed out" : t.getMessage());
    }

    @Override
    public void afterFailureToDeployVerticle(HookContext context, Throwable t) {
        if (t instanceof ConfigException) {
            LOG.error(t.getMessage());
        } else {
            LOG.error("Start failed: {}", t == null ? "timed out" : t.getMessage(), t);
        }
        context.vertx().close();
    }

    @Override
    public void afterVertxStopped(HookContext context) {
        LOG.info("Vert.x stopped");
    }
}
