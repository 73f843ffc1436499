package com.exchangeanalytics.infra.monitor;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes a {@link HealthReport} (immutable) between verticles of one node by reference. It never goes
 * over the wire: the address that uses it is node-local.
 */
final class HealthReportCodec implements MessageCodec<HealthReport, HealthReport> {

    static final String NAME = "infra.monitor.health-report";

    @Override
    public void encodeToWire(Buffer buffer, HealthReport report) {
        throw new UnsupportedOperationException("health reports stay on their node");
    }

    @Override
    public HealthReport decodeFromWire(int position, Buffer buffer) {
        throw new UnsupportedOperationException("health reports stay on their node");
    }

    @Override
    public HealthReport transform(HealthReport report) {
        return report;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
