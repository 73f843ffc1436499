package com.exchangeanalytics.infra.common;

/**
 * Event-bus addresses and headers of the public contract (see docs/event-bus.md).
 * Every verticle, client and test names them through these constants.
 */
public final class Addresses {

    /** The cache service: JSON values in Redis or the embedded store. */
    public static final String CACHE = "infra.cache";
    /** The notification service: Discord, webhooks and email through a durable outbox. */
    public static final String NOTIFY = "infra.notify";
    /** The monitoring service: metrics, history and health checks. */
    public static final String MONITOR = "infra.monitor";

    /** The header that names the operation of a request. */
    public static final String ACTION_HEADER = "action";

    private Addresses() {
    }
}
