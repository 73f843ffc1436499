package com.exchangeanalytics.infra.http;

import com.exchangeanalytics.infra.common.ServiceException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** JSON error answers: every HTTP error body is an object with an {@code error} field. */
public final class HttpErrors {

    private HttpErrors() {
    }

    public static void send(RoutingContext ctx, int status, String message) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response()
            .setStatusCode(status)
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .end(new JsonObject().put("error", message).encode());
    }

    /** Maps a service failure to its HTTP status (the contract codes are HTTP statuses). */
    public static void send(RoutingContext ctx, ServiceException failure) {
        send(ctx, failure.code().code(), failure.getMessage());
    }
}
