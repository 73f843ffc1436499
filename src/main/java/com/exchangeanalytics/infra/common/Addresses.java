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

    /**
     * Prefix of each notification node's own address ({@code infra.notify.node.<nodeId>}): the nodes ask
     * each other for the dead letters and re-queues that live in another node's outbox.
     */
    public static final String NOTIFY_NODE_PREFIX = "infra.notify.node.";

    /** The header that names the operation of a request. */
    public static final String ACTION_HEADER = "action";

    private Addresses() {
    }
}
