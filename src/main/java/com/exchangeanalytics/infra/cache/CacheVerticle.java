package com.exchangeanalytics.infra.cache;

import com.exchangeanalytics.infra.common.ActionDispatcher;
import com.exchangeanalytics.infra.common.Addresses;
import com.exchangeanalytics.infra.common.Meters;
import com.exchangeanalytics.infra.common.Redact;
import com.exchangeanalytics.infra.config.ConfigReader;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@value Addresses#CACHE}: opens the configured store (Redis, or the embedded store when no
 * Redis URL is set) and maps each action to {@link CacheService}. Starts even when Redis is down:
 * operations answer 503 until it is back. May be deployed with several instances.
 */
public class CacheVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(CacheVerticle.class);

    private CacheStore store;

    @Override
    public Future<?> start() {
        CacheConfig config = CacheConfig.parse(new ConfigReader(config()));
        store = openStore(config);
        CacheService service = new CacheService(store, config.keyPrefix(), Meters.registry());

        ActionDispatcher dispatcher = new ActionDispatcher(Addresses.CACHE)
            .on("get", service::get)
            .on("set", service::set)
            .on("delete", service::delete)
            .on("exists", service::exists)
            .on("expire", service::expire)
            .on("ttl", service::ttl)
            .on("increment", service::increment)
            .on("getMany", service::getMany)
            .on("setMany", service::setMany)
            .on("clearPattern", service::clearPattern)
            .on("info", service::info)
            .on("ping", service::ping);
        return register(dispatcher, config)
            .onSuccess(registered -> LOG.info("Cache serving {} from the {} store ({})", Addresses.CACHE,
                store.kind(), describe(config)))
            .compose(registered -> checkStore())
            .onFailure(failure -> store.close());
    }

    /**
     * Clustered with the embedded store, every node holds its own data: the address is then served to
     * this node's callers only, so a caller always reads what it wrote. Share Redis to share the cache.
     */
    private Future<?> register(ActionDispatcher dispatcher, CacheConfig config) {
        if (config.embedded() && vertx.isClustered()) {
            LOG.warn("Clustered without REDIS_URL: the embedded cache serves this node's callers only; "
                + "other nodes do not see its keys");
            return dispatcher.registerLocal(vertx.eventBus(), Addresses.CACHE);
        }
        return dispatcher.register(vertx.eventBus());
    }

    private CacheStore openStore(CacheConfig config) {
        return config.embedded()
            ? EmbeddedCacheStore.open(vertx, config.embeddedMaxBytes())
            : RedisCacheStore.create(vertx, config);
    }

    /** A first PING, so the log tells at once whether Redis answers; a failure does not stop the start. */
    private Future<Void> checkStore() {
        return store.ping()
            .recover(failure -> Future.succeededFuture());
    }

    private static String describe(CacheConfig config) {
        if (config.embedded()) {
            return "prefix '" + config.keyPrefix() + "', limit " + config.embeddedMaxBytes() + " bytes";
        }
        return Redact.endpoint(config.redisUrl().toString()) + ", " + config.mode() + " mode, prefix '"
            + config.keyPrefix() + "', timeout " + config.timeoutMs() + " ms, pool " + config.poolSize();
    }

    @Override
    public Future<?> stop() {
        return store == null ? Future.succeededFuture() : store.close();
    }
}
