package com.exchangeanalytics.infra.notify;

import com.exchangeanalytics.infra.support.LogCapture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The file outbox store")
class FileOutboxStoreTest {

    @TempDir
    Path dataDir;
    private OnContext on;
    private Vertx vertx;

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        this.on = new OnContext(vertx);
    }

    private FileOutboxStore store() {
        return new FileOutboxStore(vertx, dataDir, 100, 1000);
    }

    private static OutboxEntry entry(String id) {
        Instant now = Instant.now();
        return new OutboxEntry(id, 0, OutboxEntry.Kind.DISCORD_ALERT, "default",
            new JsonObject().put("embeds", new io.vertx.core.json.JsonArray()).put("n", id), now,
            now.plusSeconds(3600), 0, null, OutboxEntry.State.PENDING);
    }

    private Path journal() {
        return dataDir.resolve("outbox").resolve(FileOutboxStore.JOURNAL);
    }

    private List<String> ids(List<OutboxEntry> entries) {
        return entries.stream().map(OutboxEntry::id).toList();
    }

    @Test
    @DisplayName("has an accepted entry on disk, checksummed, by the time accept completes")
    void durableBeforeAck() throws Exception {
        FileOutboxStore store = store();
        on.await(store::open);
        OutboxEntry stored = on.await(() -> store.accept(entry("a-1")));
        String journal = Files.readString(journal());
        assertThat(journal).contains("\"op\":\"accepted\"").contains("a-1");
        String lastLine = journal.strip().lines().reduce((first, second) -> second).orElseThrow();
        assertThat(lastLine).matches("[0-9a-f]{8} \\{.*\\}");
        assertThat(stored.seq()).isPositive();
        on.await(store::close);
    }

    @Test
    @DisplayName("replays pending entries in acceptance order, drops delivered ones and keeps dead letters")
    void replay() {
        FileOutboxStore store = store();
        on.await(store::open);
        for (String id : List.of("a", "b", "c", "d")) {
            on.await(() -> store.accept(entry(id)));
        }
        on.await(() -> store.delivered("b", "m-1"));
        on.await(() -> store.attempted("c", 2, "Discord answered HTTP 502"));
        on.await(() -> store.deadLettered("d", 3, "Discord rejected the message: HTTP 400"));
        on.await(store::close);

        FileOutboxStore reopened = store();
        List<OutboxEntry> pending = on.await(reopened::open);
        assertThat(ids(pending)).containsExactly("a", "c");
        assertThat(pending.get(1).attempts()).isEqualTo(2);
        assertThat(pending.get(1).lastError()).isEqualTo("Discord answered HTTP 502");
        List<OutboxEntry> dead = on.await(reopened::deadLetters);
        assertThat(ids(dead)).containsExactly("d");
        assertThat(dead.get(0).attempts()).isEqualTo(3);
        assertThat(reopened.pendingCount()).isEqualTo(2);
        assertThat(reopened.deadCount()).isEqualTo(1);
        on.await(reopened::close);
    }

    @Test
    @DisplayName("ignores a torn last record, as a crash in the middle of a write leaves it, and says so")
    void tornLastLine() throws Exception {
        FileOutboxStore store = store();
        on.await(store::open);
        on.await(() -> store.accept(entry("kept-1")));
        on.await(() -> store.accept(entry("kept-2")));
        on.await(store::close);
        byte[] whole = OutboxJournal.encode(new JsonObject().put("op", "accepted")
            .put("entry", entry("torn").toJson())).getBytes();
        Files.write(journal(), java.util.Arrays.copyOf(whole, whole.length / 2), StandardOpenOption.APPEND);

        try (LogCapture logs = LogCapture.attach()) {
            FileOutboxStore reopened = store();
            assertThat(ids(on.await(reopened::open))).containsExactly("kept-1", "kept-2");
            assertThat(logs.text()).contains("torn record");
            on.await(() -> reopened.accept(entry("after")));
            on.await(reopened::close);
        }
        assertThat(ids(on.await(store()::open))).containsExactly("kept-1", "kept-2", "after");
    }

    @Test
    @DisplayName("skips a record whose checksum does not match and keeps the rest")
    void corruptRecord() throws Exception {
        FileOutboxStore store = store();
        on.await(store::open);
        on.await(() -> store.accept(entry("x")));
        on.await(() -> store.accept(entry("y")));
        on.await(store::close);
        String text = Files.readString(journal()).replace("\"n\":\"x\"", "\"n\":\"X\"");
        Files.writeString(journal(), text, StandardCharsets.UTF_8);
        assertThat(ids(on.await(store()::open))).containsExactly("y");
    }

    @Test
    @DisplayName("compacts the journal to its live entries when it grows, without losing any")
    void compaction() throws Exception {
        FileOutboxStore store = new FileOutboxStore(vertx, dataDir, 100, 10);
        on.await(store::open);
        for (int i = 0; i < 40; i++) {
            String id = "e" + i;
            on.await(() -> store.accept(entry(id)));
            if (i % 4 != 0) {
                on.await(() -> store.delivered(id, "m"));
            }
        }
        long lines = Files.readAllLines(journal()).size();
        assertThat(lines).isLessThan(40);
        on.await(store::close);
        assertThat(Files.exists(journal().resolveSibling(FileOutboxStore.SNAPSHOT))).isFalse();
        assertThat(ids(on.await(store()::open))).containsExactly("e0", "e4", "e8", "e12", "e16", "e20", "e24",
            "e28", "e32", "e36");
    }

    @Test
    @DisplayName("fails writes, without hanging, while the journal cannot be reopened, and recovers after")
    void journalReopenFails() throws Exception {
        FileOutboxStore store = store();
        on.await(store::open);
        on.await(() -> store.accept(entry("before")));
        // Tests run as root, where a read-only directory is still writable: the seam fails the open.
        AtomicBoolean unwritable = new AtomicBoolean(true);
        store.journalOpener(file -> unwritable.get()
            ? Future.failedFuture(new AccessDeniedException(file.toString()))
            : FileOutboxStore.openForAppend(vertx, file));
        try (LogCapture logs = LogCapture.attach()) {
            on.await(store::compact);
            Throwable first = on.failure(() -> store.accept(entry("refused-1")));
            Throwable second = on.failure(() -> store.accept(entry("refused-2")));
            assertThat(List.of(first, second)).allSatisfy(failure ->
                assertThat(failure).isInstanceOf(AccessDeniedException.class));
            assertThat(logs.lines().stream().filter(line -> line.contains("could not be opened"))).hasSize(1);
            assertThat(store.pendingCount()).isEqualTo(1);

            unwritable.set(false);
            on.await(() -> store.accept(entry("after")));
            assertThat(logs.text()).contains("is open again");
        }
        assertThat(store.pendingCount()).isEqualTo(2);
        on.await(store::close);
        assertThat(ids(on.await(store()::open))).containsExactly("before", "after");
    }

    @Test
    @DisplayName("re-queues a dead letter at the end of the order, and only a dead letter")
    void requeue() {
        FileOutboxStore store = store();
        on.await(store::open);
        on.await(() -> store.accept(entry("first")));
        on.await(() -> store.accept(entry("second")));
        on.await(() -> store.deadLettered("first", 5, "gave up"));
        assertThat(on.await(() -> store.requeue("second", Instant.now()))).isNull();
        assertThat(on.await(() -> store.requeue("nope", Instant.now()))).isNull();
        OutboxEntry requeued = on.await(() -> store.requeue("first", Instant.now().plusSeconds(60)));
        assertThat(requeued.attempts()).isZero();
        assertThat(requeued.dead()).isFalse();
        on.await(store::close);
        assertThat(ids(on.await(store()::open))).containsExactly("second", "first");
    }

    @Test
    @DisplayName("keeps at most the configured number of dead letters, dropping the oldest")
    void deadLetterCap() {
        FileOutboxStore store = new FileOutboxStore(vertx, dataDir, 2, 1000);
        on.await(store::open);
        for (String id : List.of("d1", "d2", "d3")) {
            on.await(() -> store.accept(entry(id)));
            on.await(() -> store.deadLettered(id, 1, "permanent"));
        }
        assertThat(ids(on.await(store::deadLetters))).containsExactly("d2", "d3");
        on.await(store::close);
    }

    @Test
    @DisplayName("gives a second store on the same data directory its own slot, never the held one")
    void slots() {
        FileOutboxStore first = store();
        on.await(first::open);
        FileOutboxStore second = store();
        on.await(second::open);
        assertThat(first.directory()).isEqualTo(dataDir.resolve("outbox"));
        assertThat(second.directory()).isEqualTo(dataDir.resolve("outbox-2"));
        on.await(() -> first.accept(entry("held")));
        assertThat(on.await(second::adoptOrphans)).isEmpty();
        assertThat(on.await(() -> second.requeue("held", Instant.now()))).isNull();
        on.await(first::close);
        on.await(second::close);
    }

    @Test
    @DisplayName("takes over the pending entries and dead letters of a slot whose store is gone, once")
    void adoption() throws Exception {
        FileOutboxStore gone = store();
        on.await(gone::open);
        FileOutboxStore survivor = store();
        on.await(survivor::open);
        on.await(() -> survivor.accept(entry("own")));
        for (String id : List.of("p1", "p2", "dead", "sent")) {
            on.await(() -> gone.accept(entry(id)));
        }
        on.await(() -> gone.deadLettered("dead", 3, "HTTP 400"));
        on.await(() -> gone.delivered("sent", "m-1"));
        on.await(gone::close);

        List<OutboxEntry> adopted = on.await(survivor::adoptOrphans);
        assertThat(ids(adopted)).containsExactly("p1", "p2");
        assertThat(adopted.get(0).seq()).isLessThan(adopted.get(1).seq());
        assertThat(survivor.pendingCount()).isEqualTo(3);
        assertThat(ids(on.await(survivor::deadLetters))).containsExactly("dead");
        assertThat(on.await(survivor::deadLetters).get(0).lastError()).isEqualTo("HTTP 400");
        assertThat(journal()).doesNotExist();
        assertThat(on.await(survivor::adoptOrphans)).isEmpty();

        on.await(survivor::close);
        FileOutboxStore reopened = new FileOutboxStore(vertx, dataDir, 100, 1000);
        // It takes the first free slot (the emptied one) and, as the service does at start, the orphans.
        List<OutboxEntry> pending = new java.util.ArrayList<>(on.await(reopened::open));
        pending.addAll(on.await(reopened::adoptOrphans));
        assertThat(ids(pending)).containsExactly("own", "p1", "p2");
        on.await(reopened::close);
    }
}
