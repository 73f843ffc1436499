package com.exchangeanalytics.infra.monitor;

import com.exchangeanalytics.infra.common.ActionDispatcher;
import com.exchangeanalytics.infra.common.Addresses;
import com.exchangeanalytics.infra.common.Meters;
import com.exchangeanalytics.infra.config.ConfigReader;
import com.exchangeanalytics.infra.notify.NotifyConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@value Addresses#MONITOR} (and the node-local addresses the HTTP routes use) with a
 * {@link MonitorService}.
 */
public class MonitorVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorVerticle.class);

    private MonitorService service;
    private boolean codecRegistered;

    @Override
    public Future<?> start() {
        ConfigReader reader = new ConfigReader(config());
        service = new MonitorService(vertx, MonitorConfig.parse(reader), NotifyConfig.parse(reader),
            Meters.registry());
        registerCodec();

        return service.start()
            .compose(started -> registerActions())
            .compose(registered -> registerLocalReport())
            .onSuccess(ready -> LOG.info("Monitoring service ready on {} ({} health checks)",
                Addresses.MONITOR, service.health().size()));
    }

    private Future<Void> registerActions() {
        ActionDispatcher actions = new ActionDispatcher(Addresses.MONITOR)
            .on("counter", service::counter)
            .on("gauge", service::gauge)
            .on("timer", service::timer)
            .on("summary", service::summary)
            .on("history", service::history)
            .on("reset", service::reset)
            .on("health", service::healthAction)
            .on("registerCheck", service::registerCheck)
            .on("unregisterCheck", service::unregisterCheck);
        return Future.all(
                actions.register(vertx.eventBus()),
                actions.registerLocal(vertx.eventBus(), MonitorService.LOCAL_ADDRESS))
            .mapEmpty();
    }

    /** The report as an object for the HTTP routes of this node: no copy, no JSON encoding per request. */
    private Future<Void> registerLocalReport() {
        DeliveryOptions byReference = new DeliveryOptions().setCodecName(HealthReportCodec.NAME);
        MessageConsumer<Object> consumer = vertx.eventBus().localConsumer(MonitorService.LOCAL_REPORT_ADDRESS,
            (Message<Object> request) -> service.report()
                .onSuccess(report -> request.reply(report, byReference))
                .onFailure(failure -> request.fail(500, "health report failed")));
        return consumer.completion();
    }

    private void registerCodec() {
        try {
            vertx.eventBus().registerCodec(new HealthReportCodec());
            codecRegistered = true;
        } catch (IllegalStateException alreadyRegistered) {
            LOG.debug("Health report codec already registered on this Vert.x instance");
        }
    }

    @Override
    public Future<?> stop() {
        return service.stop()
            .onComplete(stopped -> {
                if (codecRegistered) {
                    vertx.eventBus().unregisterCodec(HealthReportCodec.NAME);
                }
                LOG.info("Monitoring service stopped");
            });
    }
}
