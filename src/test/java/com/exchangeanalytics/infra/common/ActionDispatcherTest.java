package com.exchangeanalytics.infra.common;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The action dispatcher")
class ActionDispatcherTest {

    private static final String ADDRESS = "test.dispatcher";

    @BeforeEach
    void register(Vertx vertx, VertxTestContext ctx) {
        new ActionDispatcher(ADDRESS)
            .on("echo", body -> Future.succeededFuture(new JsonObject().put("got", body.json())))
            .on("count", body -> Future.succeededFuture(new JsonObject().put("n", body.requiredLong("n"))))
            .on("missing", body -> Future.failedFuture(ServiceException.notFound("no such thing")))
            .on("throws", body -> {
                throw new IllegalStateException("secret internal detail redis://:hunter2@db:6379");
            })
            .register(vertx.eventBus())
            .onComplete(ctx.succeedingThenComplete());
    }

    private Future<JsonObject> send(Vertx vertx, String action, Object body) {
        DeliveryOptions options = new DeliveryOptions();
        if (action != null) {
            options.addHeader(Addresses.ACTION_HEADER, action);
        }
        return vertx.eventBus().<JsonObject>request(ADDRESS, body, options).map(reply -> reply.body());
    }

    private static void assertFailure(Throwable failure, int code, String messagePart) {
        assertThat(failure).isInstanceOf(ReplyException.class);
        ReplyException reply = (ReplyException) failure;
        assertThat(reply.failureType()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
        assertThat(reply.failureCode()).isEqualTo(code);
        assertThat(reply.getMessage()).contains(messagePart);
    }

    @Test
    @DisplayName("answers an unknown action with 400 and keeps serving")
    void unknownAction(Vertx vertx, VertxTestContext ctx) {
        send(vertx, "nope", new JsonObject())
            .onComplete(ctx.failing(failure -> {
                ctx.verify(() -> assertFailure(failure, 400, "unknown action 'nope'"));
                send(vertx, "echo", new JsonObject().put("a", 1)).onComplete(ctx.succeeding(reply -> {
                    ctx.verify(() -> assertThat(reply.getJsonObject("got").getInteger("a")).isEqualTo(1));
                    ctx.completeNow();
                }));
            }));
    }

    @Test
    @DisplayName("answers a missing action header with 400")
    void missingAction(Vertx vertx, VertxTestContext ctx) {
        send(vertx, null, new JsonObject()).onComplete(ctx.failing(failure -> ctx.verify(() -> {
            assertFailure(failure, 400, "missing 'action' header");
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("answers a body that is not a JSON object with 400")
    void malformedBodies(Vertx vertx, VertxTestContext ctx) {
        Future.all(
                send(vertx, "echo", "not json {").otherwise(f -> new JsonObject().put("f", f)),
                send(vertx, "echo", Buffer.buffer("\u0000\u0001")).otherwise(f -> new JsonObject().put("f", f)),
                send(vertx, "echo", new JsonArray().add(1)).otherwise(f -> new JsonObject().put("f", f)),
                send(vertx, "echo", 42).otherwise(f -> new JsonObject().put("f", f)))
            .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                for (int i = 0; i < 4; i++) {
                    Throwable failure = (Throwable) all.<JsonObject>resultAt(i).getValue("f");
                    assertFailure(failure, 400, "body must be a JSON object");
                }
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("accepts no body and JSON text as a body")
    void lenientBodies(Vertx vertx, VertxTestContext ctx) {
        Future.all(send(vertx, "echo", null), send(vertx, "echo", "{\"x\":true}"))
            .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                assertThat(all.<JsonObject>resultAt(0).getJsonObject("got")).isEqualTo(new JsonObject());
                assertThat(all.<JsonObject>resultAt(1).getJsonObject("got").getBoolean("x")).isTrue();
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("answers an ill-typed field with 400 naming the field")
    void illTypedField(Vertx vertx, VertxTestContext ctx) {
        send(vertx, "count", new JsonObject().put("n", "three"))
            .onComplete(ctx.failing(failure -> ctx.verify(() -> {
                assertFailure(failure, 400, "field 'n' must be an integer");
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("passes a service's own code through")
    void serviceCode(Vertx vertx, VertxTestContext ctx) {
        send(vertx, "missing", new JsonObject()).onComplete(ctx.failing(failure -> ctx.verify(() -> {
            assertFailure(failure, 404, "no such thing");
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("answers an unexpected exception with 500 and a reference, without its text")
    void unexpectedException(Vertx vertx, VertxTestContext ctx) {
        send(vertx, "throws", new JsonObject()).onComplete(ctx.failing(failure -> ctx.verify(() -> {
            assertFailure(failure, 500, "internal error (ref ");
            assertThat(failure.getMessage()).doesNotContain("hunter2").doesNotContain("secret internal");
            ctx.completeNow();
        })));
    }
}
