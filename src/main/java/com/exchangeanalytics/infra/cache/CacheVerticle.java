package com.exchangeanalytics.infra.cache;

import com.exchangeanalytics.infra.common.ActionDispatcher;
import com.exchangeanalytics.infra.common.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Serves {@value Addresses#CACHE}; the actions arrive with the cache issue. */
public class CacheVerticle extends VerticleBase {

    @Override
    public Future<?> start() {
        return new ActionDispatcher(Addresses.CACHE).register(vertx.eventBus());
    }
}
