package com.exchangeanalytics.infra;

import com.exchangeanalytics.infra.cluster.ClusterSetup;
import com.exchangeanalytics.infra.config.ConfigException;
import com.exchangeanalytics.infra.config.ConfigLoader;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Entry point of the fat jar: the Vert.x application launcher (flags {@code -conf}, {@code --cluster},
 * ...) with metrics switched on and start failures reported in one line. The launcher closes
 * Vert.x on SIGTERM, which undeploys {@link MainVerticle} and with it every service.
 */
public class Main extends VertxApplication implements VertxApplicationHooks {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private final ClusterManager clusterManager;

    public Main(String[] args, ClusterManager clusterManager) {
        super(args);
        this.clusterManager = clusterManager;
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        ClusterManager clusterManager = null;
        String[] effectiveArgs = args;
        if (ClusterSetup.requested(args, env)) {
            try {
                clusterManager = ClusterSetup.clusterManager(env);
            } catch (ConfigException e) {
                LOG.error(e.getMessage());
                System.exit(1);
            }
            if (!ClusterSetup.requested(args, Map.of())) {
                effectiveArgs = Stream.concat(Arrays.stream(args), Stream.of("-cluster")).toArray(String[]::new);
            }
        }
        new Main(effectiveArgs, clusterManager).launch();
    }

    @Override
    public VertxBuilder createVertxBuilder(VertxOptions options) {
        VertxBuilder builder = Vertx.builder().with(options);
        if (clusterManager != null) {
            ClusterSetup.applyEventBus(options.getEventBusOptions(), System.getenv());
            builder.withClusterManager(clusterManager);
        }
        return builder;
    }

    @Override
    public void afterVertxStarted(HookContext context) {
        if (clusterManager != null) {
            LOG.info("Joined the cluster as node {} ({} members)", clusterManager.getNodeId(),
                clusterManager.getNodes().size());
        }
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
        return () -> new MainVerticle(ConfigLoader.Launch.STANDALONE);
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
