package com.exchangeanalytics.infra.notify;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Runs code that must live on one Vert.x context (as in the verticle) from a test thread, and waits. */
final class OnContext {

    private final Context context;

    OnContext(Vertx vertx) {
        this.context = vertx.getOrCreateContext();
    }

    <T> T await(Supplier<Future<T>> work) {
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> {
            try {
                work.get().onComplete(promise);
            } catch (RuntimeException e) {
                promise.fail(e);
            }
        });
        try {
            return promise.future().await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts work on the context without waiting for it. */
    <T> Future<T> start(Supplier<Future<T>> work) {
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> work.get().onComplete(promise));
        return promise.future();
    }

    /** The failure of work that is expected to fail. */
    Throwable failure(Supplier<Future<?>> work) {
        Promise<Throwable> promise = Promise.promise();
        context.runOnContext(v -> {
            Future<?> future;
            try {
                future = work.get();
            } catch (RuntimeException e) {
                promise.complete(e);
                return;
            }
            future.onComplete(done -> promise.complete(done.failed() ? done.cause() : null));
        });
        try {
            return promise.future().await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
