package com.exchangeanalytics.infra.monitor;

import io.vertx.core.Future;

/**
 * One named check. {@link #run()} may fail or throw: the registry reports that as unhealthy with the
 * reason, and a run that outlives {@link #timeoutMs()} as unhealthy with a timeout.
 */
public interface HealthCheck {

    String name();

    /** A short sentence for operators, or {@code null}. */
    String description();

    long timeoutMs();

    Future<CheckOutcome> run();

    /**
     * The bound a check puts on its own outside call, a little under {@link #timeoutMs()}, so the call
     * reports its own timeout (with the status the check chooses) before the registry's timeout fires.
     */
    static long innerTimeout(long timeoutMs) {
        return Math.max(1, timeoutMs - Math.min(250, timeoutMs / 10));
    }
}
