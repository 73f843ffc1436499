package com.exchangeanalytics.infra.common;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The one place where a service address turns messages into calls: it reads the {@code action}
 * header, decodes the JSON body, runs the handler and maps every failure to a contract code.
 * Services only register handlers; none of them parses headers or chooses codes for unexpected errors.
 */
public final class ActionDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ActionDispatcher.class);

    private final String address;
    private final Map<String, Function<Body, Future<JsonObject>>> actions = new LinkedHashMap<>();

    public ActionDispatcher(String address) {
        this.address = address;
    }

    /** Registers the handler of one action; the handler may throw {@link ServiceException} or fail its Future. */
    public ActionDispatcher on(String action, Function<Body, Future<JsonObject>> handler) {
        actions.put(action, handler);
        return this;
    }

    /** Subscribes to the address; the Future completes once the registration has propagated. */
    public Future<MessageConsumer<Object>> register(EventBus eventBus) {
        MessageConsumer<Object> consumer = eventBus.consumer(address, this::dispatch);
        return consumer.completion().map(consumer);
    }

    /** Like {@link #register} but only for senders in this JVM (node-local addresses). */
    public Future<MessageConsumer<Object>> registerLocal(EventBus eventBus, String localAddress) {
        MessageConsumer<Object> consumer = eventBus.localConsumer(localAddress, this::dispatch);
        return consumer.completion().map(consumer);
    }

    public void dispatch(Message<Object> message) {
        String action = message.headers().get(Addresses.ACTION_HEADER);
        Future<JsonObject> reply;
        try {
            reply = invoke(action, message.body());
        } catch (RuntimeException e) {
            reply = Future.failedFuture(e);
        }
        reply.onComplete(result -> {
            if (result.succeeded()) {
                message.reply(result.result() == null ? new JsonObject() : result.result());
            } else {
                ServiceException failure = toServiceException(address, action, result.cause());
                message.fail(failure.code().code(), failure.getMessage());
            }
        });
    }

    private Future<JsonObject> invoke(String action, Object rawBody) {
        if (action == null || action.isBlank()) {
            throw ServiceException.badRequest("missing 'action' header; known actions on " + address + ": "
                + String.join(", ", actions.keySet()));
        }
        Function<Body, Future<JsonObject>> handler = actions.get(action);
        if (handler == null) {
            throw ServiceException.badRequest("unknown action '" + Redact.shorten(action, 64) + "' on " + address
                + "; known actions: " + String.join(", ", actions.keySet()));
        }
        Future<JsonObject> future = handler.apply(new Body(decode(rawBody)));
        return future == null ? Future.failedFuture(new IllegalStateException("handler returned null")) : future;
    }

    /** Accepts a JSON object, no body, or the text or bytes of a JSON object. */
    static JsonObject decode(Object body) {
        if (body == null) {
            return new JsonObject();
        }
        if (body instanceof JsonObject json) {
            return json;
        }
        try {
            if (body instanceof String text) {
                return text.isBlank() ? new JsonObject() : new JsonObject(text);
            }
            if (body instanceof Buffer buffer) {
                return buffer.length() == 0 ? new JsonObject() : new JsonObject(buffer);
            }
        } catch (DecodeException | ClassCastException e) {
            throw ServiceException.badRequest("body must be a JSON object");
        }
        throw ServiceException.badRequest("body must be a JSON object");
    }

    /**
     * Maps any failure to a contract failure whose message is safe to show a caller.
     * Unexpected failures are logged here, once, with a reference the caller also gets.
     */
    public static ServiceException toServiceException(String address, String action, Throwable cause) {
        if (cause instanceof ServiceException known) {
            return known;
        }
        if (cause instanceof ReplyException reply) {
            switch (reply.failureType()) {
                case RECIPIENT_FAILURE:
                    return new ServiceException(FailureCode.of(reply.failureCode()), reply.getMessage());
                case NO_HANDLERS:
                    return ServiceException.unavailable("a service this call needs is not running");
                case TIMEOUT:
                    return ServiceException.timeout("a service this call needs did not answer in time");
                default:
                    break;
            }
        }
        if (cause instanceof TimeoutException) {
            return ServiceException.timeout("the operation timed out");
        }
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.error("Unexpected failure on {} action={} ref={}: {}", address, action, reference,
            Redact.text(String.valueOf(cause)), cause);
        return new ServiceException(FailureCode.INTERNAL, "internal error (ref " + reference + ")");
    }
}
