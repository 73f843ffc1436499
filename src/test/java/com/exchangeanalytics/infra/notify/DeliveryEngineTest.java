package com.exchangeanalytics.infra.notify;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static com.exchangeanalytics.infra.notify.NotifyHarness.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The delivery engine")
class DeliveryEngineTest {

    /** Backoff 100 ms doubling up to 1600 ms, no dedup, three emails at a time. */
    private static final NotifyConfig.Delivery SETTINGS =
        new NotifyConfig.Delivery(1000, 60, 50, 100, 1600, 0, 100, 100, 1000, 1000, 3, 200, 0);

    @TempDir
    Path dataDir;
    private Vertx vertx;
    private OnContext on;
    private FileOutboxStore store;

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        this.on = new OnContext(vertx);
        this.store = new FileOutboxStore(vertx, dataDir, 100, 1000);
        on.await(store::open);
    }

    @AfterEach
    void closeStore() {
        on.await(store::close);
    }

    private OutboxEntry accepted(OutboxEntry.Kind kind, String channel, String id) {
        return accepted(kind, channel, id, Instant.now().plusSeconds(60));
    }

    private OutboxEntry accepted(OutboxEntry.Kind kind, String channel, String id, Instant deadline) {
        Instant now = Instant.now();
        return on.await(() -> store.accept(new OutboxEntry(id, 0, kind, channel, new JsonObject(), now,
            deadline, 0, null, OutboxEntry.State.PENDING)));
    }

    private DeliveryEngine engine(DeliveryEngine.Deliverer deliverer) {
        return engine(new Random(7), deliverer);
    }

    private DeliveryEngine engine(Random random, DeliveryEngine.Deliverer deliverer) {
        return new DeliveryEngine(vertx, store, deliverer, SETTINGS, random, new NotifyMetrics());
    }

    /** Every jitter draw near the top of its range: waits of 99, 198, 396, 792, 1584 ms. */
    private static Random longDraws() {
        return new Random() {
            @Override
            public double nextDouble() {
                return 0.99;
            }
        };
    }

    @Test
    @DisplayName("draws backoffs with full jitter under a doubling, capped ceiling")
    void backoff() {
        DeliveryEngine engine = engine(entry -> Future.succeededFuture("id"));
        for (int attempt = 1; attempt <= 8; attempt++) {
            long ceiling = Math.min(1600, 100L << (attempt - 1));
            long max = 0;
            for (int i = 0; i < 200; i++) {
                long delay = engine.backoff(attempt);
                assertThat(delay).isBetween(10L, ceiling);
                max = Math.max(max, delay);
            }
            assertThat(max).isGreaterThan(ceiling / 2);
        }
    }

    @Test
    @DisplayName("waits as long as the remote asked before retrying")
    void honoursRetryAfter() throws Exception {
        List<Long> attempts = new CopyOnWriteArrayList<>();
        DeliveryEngine engine = engine(entry -> {
            attempts.add(System.nanoTime());
            return attempts.size() == 1
                ? Future.failedFuture(DeliveryException.retryAfter(Duration.ofMillis(400), "429"))
                : Future.succeededFuture("m-1");
        });
        OutboxEntry entry = accepted(OutboxEntry.Kind.WEBHOOK, "audit", "w-1");
        DeliveryEngine.Outcome outcome = on.await(() -> engine.submit(entry));
        assertThat(outcome).isEqualTo(new DeliveryEngine.Delivered("m-1"));
        assertThat((attempts.get(1) - attempts.get(0)) / 1_000_000).isGreaterThanOrEqualTo(400);
    }

    @Test
    @DisplayName("delivers after an outage that outlasts most backoffs but ends before the deadline")
    void outageShorterThanDeadline() {
        // Attempts at about 0, 99, 297, 693 and 1485 ms fail; the next draw (1584 ms) would end past
        // the deadline at 2000 ms, so the wait is cut to the deadline, where the outage is over.
        Instant deadline = Instant.now().plusMillis(2000);
        Instant outageEnds = deadline.minusMillis(300);
        DeliveryEngine engine = engine(longDraws(), entry -> Instant.now().isBefore(outageEnds)
            ? Future.failedFuture(DeliveryException.transientFailure("Discord answered HTTP 503"))
            : Future.succeededFuture("m-late"));
        OutboxEntry entry = accepted(OutboxEntry.Kind.WEBHOOK, "audit", "w-outage", deadline);
        DeliveryEngine.Outcome outcome = on.await(() -> engine.submit(entry));
        assertThat(outcome).isEqualTo(new DeliveryEngine.Delivered("m-late"));
    }

    @Test
    @DisplayName("dead-letters a lasting outage after a last attempt at the deadline, never before it")
    void outageLongerThanDeadline() {
        Instant deadline = Instant.now().plusMillis(1000);
        List<Instant> attempts = new CopyOnWriteArrayList<>();
        DeliveryEngine engine = engine(longDraws(), entry -> {
            attempts.add(Instant.now());
            return Future.failedFuture(DeliveryException.transientFailure("Discord answered HTTP 503"));
        });
        OutboxEntry entry = accepted(OutboxEntry.Kind.WEBHOOK, "audit", "w-down", deadline);
        DeliveryEngine.Outcome outcome = on.await(() -> engine.submit(entry));
        Instant ended = Instant.now();
        assertThat(outcome).isInstanceOf(DeliveryEngine.DeadLettered.class);
        assertThat(((DeliveryEngine.DeadLettered) outcome).error()).startsWith("deadline passed after")
            .contains("HTTP 503");
        assertThat(ended).isAfterOrEqualTo(deadline);
        assertThat(attempts.get(attempts.size() - 1)).isAfter(deadline.minusMillis(50));
    }

    @Test
    @DisplayName("waits at most until the deadline when the remote asks for longer, then tries once more")
    void retryAfterBeyondDeadline() {
        Instant deadline = Instant.now().plusMillis(600);
        List<Instant> attempts = new CopyOnWriteArrayList<>();
        DeliveryEngine engine = engine(entry -> {
            attempts.add(Instant.now());
            return Future.failedFuture(DeliveryException.retryAfter(Duration.ofSeconds(30), "429"));
        });
        OutboxEntry entry = accepted(OutboxEntry.Kind.WEBHOOK, "audit", "w-429", deadline);
        DeliveryEngine.Outcome outcome = on.await(() -> engine.submit(entry));
        assertThat(outcome).isInstanceOf(DeliveryEngine.DeadLettered.class);
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(1)).isAfter(deadline.minusMillis(50)).isBefore(deadline.plusSeconds(10));
    }

    @Test
    @DisplayName("keeps a channel's order: nothing overtakes a head that is being retried")
    void headOfLine() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        AtomicInteger failures = new AtomicInteger(3);
        DeliveryEngine engine = engine(entry -> {
            if (entry.id().equals("a") && failures.getAndDecrement() > 0) {
                return Future.failedFuture(DeliveryException.transientFailure("502"));
            }
            order.add(entry.id());
            return Future.succeededFuture(entry.id());
        });
        List<OutboxEntry> entries = new ArrayList<>();
        for (String id : List.of("a", "b", "c")) {
            entries.add(accepted(OutboxEntry.Kind.DISCORD_ALERT, "default", id));
        }
        on.await(() -> {
            entries.forEach(engine::submit);
            return Future.succeededFuture();
        });
        awaitCondition("three deliveries", Duration.ofSeconds(10), () -> order.size() == 3);
        assertThat(order).containsExactly("a", "b", "c");
    }

    @Test
    @DisplayName("sends emails side by side, up to the configured concurrency")
    void emailConcurrency() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        List<Promise<String>> sends = new CopyOnWriteArrayList<>();
        DeliveryEngine engine = engine(entry -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            Promise<String> send = Promise.promise();
            sends.add(send);
            return send.future().onComplete(done -> running.decrementAndGet());
        });
        List<OutboxEntry> entries = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            entries.add(accepted(OutboxEntry.Kind.EMAIL, "email", "e" + i));
        }
        on.await(() -> {
            entries.forEach(engine::submit);
            return Future.succeededFuture();
        });
        awaitCondition("three sends", Duration.ofSeconds(5), () -> sends.size() == 3);
        assertThat(peak.get()).isEqualTo(3);
        on.await(() -> {
            sends.forEach(send -> send.tryComplete("ok"));
            return Future.succeededFuture();
        });
        awaitCondition("six sends", Duration.ofSeconds(5), () -> sends.size() == 6);
        assertThat(peak.get()).isEqualTo(3);
    }

    @Test
    @DisplayName("stops within the grace period and leaves unfinished entries pending")
    void stopWithGrace() {
        DeliveryEngine engine = engine(entry -> Promise.<String>promise().future());
        OutboxEntry entry = accepted(OutboxEntry.Kind.DISCORD_ALERT, "default", "never");
        on.await(() -> {
            engine.submit(entry);
            return Future.succeededFuture();
        });
        long start = System.nanoTime();
        on.await(() -> engine.stop(Duration.ofMillis(200)));
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(150L, 5000L);
        assertThat(store.pendingCount()).isEqualTo(1);
    }
}
