package com.exchangeanalytics.infra.notify;

import java.time.Duration;

/**
 * A failed delivery attempt. {@code permanent} failures (a 4xx from Discord other than 429, a 5xx
 * SMTP reply, a deleted webhook) are never retried; transient ones are, no sooner than
 * {@code retryAfter} when the remote said so. The message is safe to log and to show a caller.
 */
public class DeliveryException extends RuntimeException {

    private final boolean permanent;
    private final Duration retryAfter;

    public DeliveryException(boolean permanent, Duration retryAfter, String message) {
        super(message, null, false, false);
        this.permanent = permanent;
        this.retryAfter = retryAfter;
    }

    public static DeliveryException permanent(String message) {
        return new DeliveryException(true, null, message);
    }

    public static DeliveryException transientFailure(String message) {
        return new DeliveryException(false, null, message);
    }

    public static DeliveryException retryAfter(Duration wait, String message) {
        return new DeliveryException(false, wait, message);
    }

    public boolean permanent() {
        return permanent;
    }

    /** How long the remote asked us to wait, or {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
