package com.exchangeanalytics.infra.notify;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Delivers pending outbox entries. Each destination has a lane: a Discord webhook (shared by every
 * channel name configured with it) or a webhook target is an ordered lane (one attempt at a time; a
 * failing head is retried before anything behind it, so messages arrive in acceptance order); email is
 * one unordered lane with several sends at a time.
 * Transient failures are retried with exponential backoff and full jitter (or after the wait the remote
 * asked for) until the entry's deadline or the attempt limit; a wait that would end past the deadline is
 * cut short so the last attempt is made at the deadline. Permanent failures are dead-lettered at once.
 * <p>
 * All methods run on the verticle's context.
 */
final class DeliveryEngine {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);
    private static final long MIN_DELAY_MS = 10;

    /** Sends one entry; answers the remote message id, or fails with a {@link DeliveryException}. */
    interface Deliverer {
        Future<String> deliver(OutboxEntry entry);

        /**
         * Which queue of its transport the entry joins; entries with the same key go out one at a time
         * in acceptance order. Only kept in memory, so it may change with the configuration.
         */
        default String queueKey(OutboxEntry entry) {
            return entry.channel();
        }
    }

    /** How an entry ended. */
    sealed interface Outcome permits Delivered, DeadLettered {
    }

    record Delivered(String messageId) implements Outcome {
    }

    record DeadLettered(String error) implements Outcome {
    }

    private static final class Lane {
        final String key;
        final int maxInFlight;
        final boolean ordered;
        final ArrayDeque<String> ready = new ArrayDeque<>();
        int inFlight;
        boolean waiting;

        Lane(String key, int maxInFlight, boolean ordered) {
            this.key = key;
            this.maxInFlight = maxInFlight;
            this.ordered = ordered;
        }
    }

    private final Vertx vertx;
    private final OutboxStore store;
    private final Deliverer deliverer;
    private final NotifyConfig.Delivery settings;
    private final Random random;
    private final NotifyMetrics metrics;

    private final Map<String, OutboxEntry> pending = new HashMap<>();
    private final Map<String, Lane> lanes = new HashMap<>();
    private final Map<String, Promise<Outcome>> outcomes = new HashMap<>();
    private final Set<Long> timers = new HashSet<>();
    private int inFlight;
    private boolean stopping;
    private Promise<Void> drained;

    DeliveryEngine(Vertx vertx, OutboxStore store, Deliverer deliverer, NotifyConfig.Delivery settings,
                   Random random, NotifyMetrics metrics) {
        this.vertx = vertx;
        this.store = store;
        this.deliverer = deliverer;
        this.settings = settings;
        this.random = random;
        this.metrics = metrics;
    }

    /** Takes over the entries found pending at start, in acceptance order. */
    void resume(List<OutboxEntry> entries) {
        entries.forEach(this::enqueue);
        if (!entries.isEmpty()) {
            LOG.info("Resuming delivery of {} pending notification(s)", entries.size());
        }
        lanes.values().forEach(this::pump);
    }

    /** Queues a durable entry; the Future completes when it is delivered or dead-lettered. */
    Future<Outcome> submit(OutboxEntry entry) {
        Promise<Outcome> outcome = Promise.promise();
        outcomes.put(entry.id(), outcome);
        Lane lane = enqueue(entry);
        pump(lane);
        return outcome.future();
    }

    int pendingCount() {
        return pending.size();
    }

    private Lane enqueue(OutboxEntry entry) {
        pending.put(entry.id(), entry);
        Lane lane = lanes.computeIfAbsent(laneKey(entry), this::newLane);
        lane.ready.addLast(entry.id());
        return lane;
    }

    private String laneKey(OutboxEntry entry) {
        OutboxEntry.Transport transport = entry.kind().transport();
        return transport == OutboxEntry.Transport.EMAIL
            ? transport.tag()
            : transport.tag() + ":" + deliverer.queueKey(entry);
    }

    private Lane newLane(String key) {
        boolean email = key.equals(OutboxEntry.Transport.EMAIL.tag());
        return new Lane(key, email ? settings.emailConcurrency() : 1, !email);
    }

    private void pump(Lane lane) {
        while (!stopping && !lane.waiting && lane.inFlight < lane.maxInFlight && !lane.ready.isEmpty()) {
            OutboxEntry entry = pending.get(lane.ready.pollFirst());
            if (entry != null) {
                attempt(lane, entry);
            }
        }
    }

    private void attempt(Lane lane, OutboxEntry entry) {
        lane.inFlight++;
        inFlight++;
        Future<String> result;
        try {
            result = deliverer.deliver(entry);
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        result.onComplete(done -> {
            lane.inFlight--;
            inFlight--;
            if (done.succeeded()) {
                delivered(entry, done.result());
            } else {
                failed(lane, entry, done.cause());
            }
            if (stopping && inFlight == 0 && drained != null) {
                drained.tryComplete();
            }
            pump(lane);
        });
    }

    private void delivered(OutboxEntry entry, String messageId) {
        int attempts = entry.attempts() + 1;
        pending.remove(entry.id());
        metrics.delivery(entry.kind().transport(), "delivered");
        LOG.info("Delivered {} ({} to {}) on attempt {}, message id {}", entry.id(), entry.kind().wireName(),
            entry.channel(), attempts, messageId);
        store.delivered(entry.id(), messageId)
            .onFailure(failure -> LOG.error("Could not record delivery of {} (it may be sent again after a "
                + "restart): {}", entry.id(), failure.toString()))
            .onComplete(recorded -> complete(entry.id(), new Delivered(messageId)));
    }

    private void failed(Lane lane, OutboxEntry entry, Throwable cause) {
        DeliveryException failure = cause instanceof DeliveryException known
            ? known
            : DeliveryException.transientFailure("unexpected failure ("
                + cause.getClass().getSimpleName() + ")");
        if (!(cause instanceof DeliveryException)) {
            LOG.warn("Unexpected failure delivering {}", entry.id(), cause);
        }
        int attempts = entry.attempts() + 1;
        if (failure.permanent()) {
            deadLetter(entry, attempts, failure.getMessage());
            return;
        }
        Instant now = Instant.now();
        if (attempts >= settings.maxAttempts()) {
            deadLetter(entry, attempts, "gave up after " + attempts + " attempt(s): " + failure.getMessage());
        } else if (!now.isBefore(entry.deadline())) {
            deadLetter(entry, attempts, "deadline passed after " + attempts + " attempt(s): "
                + failure.getMessage());
        } else {
            long delay = retryDelay(failure, attempts, Duration.between(now, entry.deadline()));
            retryLater(lane, entry.attempted(attempts, failure.getMessage()), delay);
        }
    }

    /**
     * The wait the remote asked for, else a backoff draw; never past the deadline, so a long draw (or a
     * long {@code Retry-After}) still leaves one last attempt at the deadline instead of giving up early.
     */
    private long retryDelay(DeliveryException failure, int attempts, Duration left) {
        long wanted = failure.retryAfter() != null
            ? Math.max(MIN_DELAY_MS, failure.retryAfter().toMillis())
            : backoff(attempts);
        long leftMs = TimeUnit.NANOSECONDS.toMillis(left.toNanos() + 999_999);
        return Math.max(1, Math.min(wanted, leftMs));
    }

    private void retryLater(Lane lane, OutboxEntry entry, long delay) {
        pending.put(entry.id(), entry);
        store.attempted(entry.id(), entry.attempts(), entry.lastError())
            .onFailure(failure -> LOG.warn("Could not record attempt of {}: {}", entry.id(),
                failure.toString()));
        metrics.delivery(entry.kind().transport(), "retried");
        LOG.info("Delivery of {} ({} to {}) failed on attempt {}, retrying in {} ms: {}", entry.id(),
            entry.kind().wireName(), entry.channel(), entry.attempts(), delay, entry.lastError());
        if (lane.ordered) {
            lane.ready.addFirst(entry.id());
            lane.waiting = true;
        }
        if (stopping) {
            return;
        }
        long[] timer = new long[1];
        timer[0] = vertx.setTimer(delay, fired -> {
            timers.remove(timer[0]);
            if (lane.ordered) {
                lane.waiting = false;
            } else {
                lane.ready.addLast(entry.id());
            }
            pump(lane);
        });
        timers.add(timer[0]);
    }

    private void deadLetter(OutboxEntry entry, int attempts, String error) {
        pending.remove(entry.id());
        metrics.delivery(entry.kind().transport(), "dead");
        LOG.warn("Dead-lettered {} ({} to {}) after {} attempt(s): {}", entry.id(), entry.kind().wireName(),
            entry.channel(), attempts, error);
        store.deadLettered(entry.id(), attempts, error)
            .onFailure(failure -> LOG.error("Could not record dead letter {}: {}", entry.id(),
                failure.toString()))
            .onComplete(recorded -> complete(entry.id(), new DeadLettered(error)));
    }

    private void complete(String id, Outcome outcome) {
        Promise<Outcome> promise = outcomes.remove(id);
        if (promise != null) {
            promise.tryComplete(outcome);
        }
    }

    /** Full jitter: a random delay between 0 and min(max, initial * 2^(attempt-1)). */
    long backoff(int attempt) {
        long ceiling = settings.initialBackoffMs();
        for (int i = 1; i < attempt && ceiling < settings.maxBackoffMs(); i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, settings.maxBackoffMs());
        return Math.max(MIN_DELAY_MS, (long) (random.nextDouble() * ceiling));
    }

    /**
     * Stops starting attempts and waits up to {@code grace} for those in flight. Whatever is still
     * pending stays in the outbox for the next start.
     */
    Future<Void> stop(Duration grace) {
        stopping = true;
        timers.forEach(vertx::cancelTimer);
        timers.clear();
        if (inFlight == 0) {
            return Future.succeededFuture();
        }
        drained = Promise.promise();
        int stillRunning = inFlight;
        return drained.future()
            .timeout(Math.max(1, grace.toMillis()), TimeUnit.MILLISECONDS)
            .recover(timedOut -> {
                LOG.warn("{} of {} delivery attempt(s) still running after the {} ms grace period; "
                    + "they will be retried after the next start", inFlight, stillRunning, grace.toMillis());
                return Future.succeededFuture();
            });
    }
}
