package com.exchangeanalytics.infra.support;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Another Vert.x application that deploys the service by the verticle name of its manifest
 * ({@code Main-Verticle}), the way a host application embeds it. Run by {@link ServiceProcess}.
 */
public final class EmbeddingHost {

    private EmbeddingHost() {
    }

    /** {@code args[0]}: the verticle class name. Exits with 1 when the deployment fails. */
    public static void main(String[] args) {
        Logger log = LoggerFactory.getLogger(EmbeddingHost.class);
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(args[0])
            .onSuccess(id -> log.info("Host deployed {}", args[0]))
            .onFailure(failure -> {
                log.error("Host could not deploy {}: {}", args[0], failure.getMessage());
                System.exit(1);
            });
    }
}
