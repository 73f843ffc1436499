package com.exchangeanalytics.infra.notify;

import io.vertx.core.Future;

import java.time.Instant;
import java.util.List;

/**
 * Where accepted notifications live until they are delivered or dead-lettered. Every method that
 * changes state completes only once the change is durable, so a caller told "accepted" never loses
 * the notification. {@link FileOutboxStore} keeps a journal on local disk; a shared store (Redis, for
 * several nodes) implements the same contract.
 * <p>
 * Methods are called from one Vert.x context (the notify verticle's); implementations need not be
 * thread-safe.
 */
public interface OutboxStore {

    /** Loads the durable state; answers the pending entries in acceptance order. */
    Future<List<OutboxEntry>> open();

    /** Makes a new entry durable; answers it with its acceptance sequence number set. */
    Future<OutboxEntry> accept(OutboxEntry entry);

    /** Records a failed attempt that will be retried. */
    Future<Void> attempted(String id, int attempts, String error);

    /** Records a delivery; the entry leaves the store. */
    Future<Void> delivered(String id, String messageId);

    /** Moves an entry to the dead letters with its last error. */
    Future<Void> deadLettered(String id, int attempts, String error);

    /** Moves a dead letter back to pending; answers it, or {@code null} when no dead letter has that id. */
    Future<OutboxEntry> requeue(String id, Instant newDeadline);

    /** The dead letters, oldest first. */
    Future<List<OutboxEntry>> deadLetters();

    /** Pending entries right now (for the capacity check). */
    int pendingCount();

    /** Dead letters right now. */
    int deadCount();

    /**
     * Takes over what processes that are gone left in a shared location (see {@link FileOutboxStore});
     * answers the pending entries taken over, in acceptance order. Stores with nothing to take over
     * answer an empty list.
     */
    default Future<List<OutboxEntry>> adoptOrphans() {
        return Future.succeededFuture(List.of());
    }

    /** Flushes what is buffered and releases the store; pending entries stay for the next open. */
    Future<Void> close();
}
