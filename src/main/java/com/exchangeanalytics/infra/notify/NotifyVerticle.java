package com.exchangeanalytics.infra.notify;

import com.exchangeanalytics.infra.common.ActionDispatcher;
import com.exchangeanalytics.infra.common.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Serves {@value Addresses#NOTIFY}; the actions arrive with the notify issue. */
public class NotifyVerticle extends VerticleBase {

    @Override
    public Future<?> start() {
        return new ActionDispatcher(Addresses.NOTIFY).register(vertx.eventBus());
    }
}
