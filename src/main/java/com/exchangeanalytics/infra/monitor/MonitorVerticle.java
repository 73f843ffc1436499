package com.exchangeanalytics.infra.monitor;

import com.exchangeanalytics.infra.common.ActionDispatcher;
import com.exchangeanalytics.infra.common.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Serves {@value Addresses#MONITOR}; the actions arrive with the monitor issue. */
public class MonitorVerticle extends VerticleBase {

    @Override
    public Future<?> start() {
        return new ActionDispatcher(Addresses.MONITOR).register(vertx.eventBus());
    }
}
