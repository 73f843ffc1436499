package com.exchangeanalytics.infra.cache;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Pipelines the simple commands that one event-loop turn produces: instead of one pooled connection and
 * one round trip each, they leave together through {@code batch()} (still connection-less: the batch
 * borrows one connection and gives it back). Only commands that can be sent again without harm are
 * grouped, because a batch fails as a whole when one of its commands gets an error reply: each is then
 * sent again on its own, so every caller gets its own answer. Calls from another thread than the owning
 * context's go straight to the client.
 *
 * <p>Known limit: when a batch fails because of one command's error reply, its SETs are sent again after
 * the failure; a later SET of the same key sent meanwhile (without waiting for the first reply) may then
 * be overwritten by the older value. Error replies to GET/SET come only from keys of another Redis type
 * under our prefix or from a server refusing all writes, so this needs a foreign writer to happen.
 */
final class RedisBatcher {

    private static final Set<Command> GROUPABLE = Set.of(Command.GET, Command.SET, Command.EXISTS, Command.TTL,
        Command.MGET, Command.PING);

    private final Redis redis;
    private final Context context;
    private final Thread eventLoop;
    private final int maxBatch;
    private List<Request> requests = new ArrayList<>();
    private List<Promise<Response>> promises = new ArrayList<>();
    private boolean flushScheduled;

    /**
     * Created on the owning event-loop context (a verticle's start); {@code maxBatch} of 1 turns grouping off.
     * Messages arrive on duplicates of that context, so the event-loop thread tells whether a call is ours.
     */
    RedisBatcher(Redis redis, Context context, int maxBatch) {
        this.redis = redis;
        this.context = context;
        this.eventLoop = Context.isOnEventLoopThread() ? Thread.currentThread() : null;
        this.maxBatch = maxBatch;
    }

    Future<Response> send(Request request) {
        if (maxBatch <= 1 || !GROUPABLE.contains(request.command()) || Thread.currentThread() != eventLoop) {
            return redis.send(request);
        }
        Promise<Response> promise = Promise.promise();
        requests.add(request);
        promises.add(promise);
        if (requests.size() >= maxBatch) {
            flush();
        } else if (!flushScheduled) {
            flushScheduled = true;
            context.runOnContext(ignored -> {
                flushScheduled = false;
                flush();
            });
        }
        return promise.future();
    }

    private void flush() {
        if (requests.isEmpty()) {
            return;
        }
        List<Request> batch = requests;
        List<Promise<Response>> waiting = promises;
        requests = new ArrayList<>();
        promises = new ArrayList<>();
        if (batch.size() == 1) {
            redis.send(batch.get(0)).onComplete(waiting.get(0));
            return;
        }
        redis.batch(batch).onComplete(outcome -> {
            if (outcome.succeeded()) {
                for (int i = 0; i < waiting.size(); i++) {
                    waiting.get(i).complete(outcome.result().get(i));
                }
            } else if (RedisFailures.isErrorReply(outcome.cause())) {
                for (int i = 0; i < waiting.size(); i++) {
                    redis.send(batch.get(i)).onComplete(waiting.get(i));
                }
            } else {
                waiting.forEach(promise -> promise.fail(outcome.cause()));
            }
        });
    }
}
