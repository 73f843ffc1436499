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
 * <p>Grouped commands wait for the end of the turn while the others (DEL, INCRBY, EXPIRE, MSET) need not,
 * so a DEL could overtake the SET sent just before it. A command that is not grouped and arrives while
 * grouped ones wait therefore sends them at once and goes out itself only once they are answered; what
 * arrives meanwhile queues behind it. Without grouped commands waiting it goes out at once. Each such wait
 * is bounded by {@code orderWaitMs}, after which the command goes out anyway: the callers of the commands
 * it waited for have then had their 504.
 *
 * <p>Known limit: commands that are not grouped and find nothing waiting go straight to the pooled client,
 * so two of them sent back to back may leave on two connections and swap, as they would without this
 * class; ordering them too would mean waiting for each reply and lose the pipelining of concurrent writes.
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
    private final long orderWaitMs;
    private List<Request> requests = new ArrayList<>();
    private List<Promise<Response>> promises = new ArrayList<>();
    private boolean flushScheduled;
    /** Completes once the last command that waited for earlier ones is answered; null while none waits. */
    private Future<Void> ordered;

    /**
     * Created on the owning event-loop context (a verticle's start); {@code maxBatch} of 1 turns grouping off.
     * Messages arrive on duplicates of that context, so the event-loop thread tells whether a call is ours.
     */
    RedisBatcher(Redis redis, Context context, int maxBatch, long orderWaitMs) {
        this.redis = redis;
        this.context = context;
        this.eventLoop = Context.isOnEventLoopThread() ? Thread.currentThread() : null;
        this.maxBatch = maxBatch;
        this.orderWaitMs = orderWaitMs;
    }

    Future<Response> send(Request request) {
        if (maxBatch <= 1 || Thread.currentThread() != eventLoop) {
            return redis.send(request);
        }
        if (!GROUPABLE.contains(request.command())) {
            return requests.isEmpty() && ordered == null ? redis.send(request) : sendAfterEarlier(request);
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

    /** Sends the waiting grouped commands now, and the request once they (and earlier waits) are answered. */
    private Future<Response> sendAfterEarlier(Request request) {
        Future<Void> earlier = flushInOrder();
        Promise<Response> reply = Promise.promise();
        earlier.onComplete(ignored -> onLoop(() -> redis.send(request).onComplete(reply)));
        Future<Void> answered = bounded(reply.future());
        ordered = answered;
        answered.onComplete(ignored -> onLoop(() -> {
            if (ordered == answered) {
                ordered = null;
                flush();
            }
        }));
        return reply.future();
    }

    /**
     * Sends the grouped commands waiting for their turn, behind a command still waiting in order if any;
     * the future completes once they are all answered (or the wait ran out), and never fails.
     */
    private Future<Void> flushInOrder() {
        Future<Void> before = ordered == null ? Future.succeededFuture() : ordered;
        if (requests.isEmpty()) {
            return before;
        }
        List<Request> batch = requests;
        List<Promise<Response>> waiting = promises;
        requests = new ArrayList<>();
        promises = new ArrayList<>();
        before.onComplete(ignored -> onLoop(() -> sendGrouped(batch, waiting)));
        return bounded(Future.join(waiting.stream().map(Promise::future).toList()));
    }

    /** The end of a turn; while a command waits in order, the grouped ones go once it is answered. */
    private void flush() {
        if (requests.isEmpty() || ordered != null) {
            return;
        }
        List<Request> batch = requests;
        List<Promise<Response>> waiting = promises;
        requests = new ArrayList<>();
        promises = new ArrayList<>();
        sendGrouped(batch, waiting);
    }

    /** Sends grouped commands in batches of at most {@code maxBatch} (more pile up while one waits in order). */
    private void sendGrouped(List<Request> batch, List<Promise<Response>> waiting) {
        for (int from = 0; from < batch.size(); from += maxBatch) {
            int to = Math.min(batch.size(), from + maxBatch);
            sendBatch(batch.subList(from, to), waiting.subList(from, to));
        }
    }

    private void sendBatch(List<Request> batch, List<Promise<Response>> waiting) {
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

    /** Completes when {@code step} completes or after {@code orderWaitMs}, whichever comes first; never fails. */
    private Future<Void> bounded(Future<?> step) {
        Promise<Void> done = Promise.promise();
        long timer = context.owner().setTimer(orderWaitMs, id -> done.tryComplete());
        step.onComplete(ignored -> {
            context.owner().cancelTimer(timer);
            done.tryComplete();
        });
        return done.future();
    }

    /** The batcher's state belongs to the event loop; completions of other threads hop onto it. */
    private void onLoop(Runnable action) {
        if (Thread.currentThread() == eventLoop) {
            action.run();
        } else {
            context.runOnContext(ignored -> action.run());
        }
    }
}
