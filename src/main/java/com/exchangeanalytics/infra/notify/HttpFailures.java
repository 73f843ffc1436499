package com.exchangeanalytics.infra.notify;

import com.exchangeanalytics.infra.common.Redact;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

/**
 * Turns a failed HTTP exchange into a short, safe description. Exception texts are not passed on as
 * they are: Vert.x's timeout message, for one, quotes the request path, which holds a webhook token.
 */
final class HttpFailures {

    private HttpFailures() {
    }

    /** A transient {@link DeliveryException} naming what went wrong, never the URL. */
    static DeliveryException transientFailure(String service, Throwable cause, long timeoutMs) {
        return DeliveryException.transientFailure(service + " " + describe(cause, timeoutMs));
    }

    static String describe(Throwable cause, long timeoutMs) {
        if (cause instanceof DeliveryException delivery) {
            return delivery.getMessage();
        }
        if (cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout")) {
            return "did not answer within " + timeoutMs + " ms";
        }
        if (cause instanceof ConnectException) {
            return "refused the connection";
        }
        if (cause instanceof UnknownHostException) {
            return "host name could not be resolved";
        }
        if (cause instanceof NoRouteToHostException) {
            return "is unreachable (no route to host)";
        }
        boolean closed = String.valueOf(cause.getMessage()).contains("closed");
        if (cause instanceof ClosedChannelException || closed) {
            return "closed the connection before answering";
        }
        return "could not be reached (" + cause.getClass().getSimpleName() + ": "
            + Redact.shorten(Redact.text(String.valueOf(cause.getMessage())).replaceAll("/\\S*", "/…"), 120)
            + ")";
    }
}
