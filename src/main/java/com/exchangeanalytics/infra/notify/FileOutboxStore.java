package com.exchangeanalytics.infra.notify;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The outbox as an append-only journal in {@code <dataDir>/outbox/outbox.journal}, one record per line:
 * {@code <crc32 as 8 hex digits> <JSON>\n}. A change is written and fsynced before its Future completes;
 * writes that arrive while a flush is running are grouped into the next one (group commit).
 * <p>
 * {@link #open()} replays the journal, ignores a torn last line (a crash in the middle of a write) and
 * any line whose checksum does not match, then rewrites the live entries as a fresh journal (written to
 * a temporary file, fsynced, atomically renamed). The same compaction runs when the journal has grown by
 * {@code compactAfterRecords} records.
 * <p>
 * Several processes (cluster nodes) may share one data directory: each takes the first free <em>slot</em>
 * ({@code outbox}, {@code outbox-2}, {@code outbox-3}...), held by an OS file lock that dies with its
 * process, even on {@code kill -9}. {@link #adoptOrphans()} takes over the entries of a slot nobody holds
 * any more: they move into this store's journal, then the orphan journal is deleted. An entry therefore
 * lives in exactly one journal and is delivered by one process.
 * <p>
 * When the journal cannot be (re)opened, after a compaction for instance, the writes of that batch fail
 * (callers answer 503) and the next write tries to open it again.
 * The format is documented in docs/notify.md.
 */
public final class FileOutboxStore implements OutboxStore {

    static final String DIRECTORY = "outbox";
    static final String JOURNAL = "outbox.journal";
    static final String SNAPSHOT = "outbox.journal.tmp";
    static final String LOCK = "outbox.lock";
    static final int MAX_SLOTS = 64;
    private static final Pattern SLOT_NAME = Pattern.compile("outbox(-[0-9]+)?");

    /**
     * Slots held by stores of this JVM. Checked before opening another channel on a lock file: on Linux,
     * closing any channel of a file drops every lock this process holds on it.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private static final Logger LOG = LoggerFactory.getLogger(FileOutboxStore.class);

    private final Vertx vertx;
    private final Path dataDir;
    private Path dir;
    private final int maxDeadLetters;
    private final int compactAfterRecords;

    private final LinkedHashMap<String, OutboxEntry> live = new LinkedHashMap<>();
    private final Set<String> requeueing = new HashSet<>();
    private final ArrayDeque<Write> queue = new ArrayDeque<>();
    private int pending;
    private int dead;
    private long nextSeq = 1;
    private long recordsSinceCompaction;
    private boolean writing;
    private boolean opened;
    private boolean journalBroken;
    private boolean closed;
    private Promise<Void> closing;
    private AsyncFile journal;
    private FileChannel lockChannel;
    private Function<Path, Future<AsyncFile>> journalOpener;

    private record Write(Buffer line, Runnable apply, Promise<Void> done) {
    }

    /** A slot whose process is gone, locked by this store while its entries move over. */
    private record Orphan(Path dir, FileChannel lockChannel, List<OutboxEntry> entries) {
    }


    public FileOutboxStore(Vertx vertx, Path dataDir, int maxDeadLetters, int compactAfterRecords) {
        this.vertx = vertx;
        this.dataDir = dataDir;
        this.dir = dataDir.resolve(DIRECTORY);
        this.maxDeadLetters = maxDeadLetters;
        this.compactAfterRecords = compactAfterRecords;
        this.journalOpener = file -> openForAppend(vertx, file);
    }

    /** Replaces how the journal is opened for appending: a seam for tests of a failing (re)open. */
    void journalOpener(Function<Path, Future<AsyncFile>> opener) {
        this.journalOpener = opener;
    }

    static Future<AsyncFile> openForAppend(Vertx vertx, Path file) {
        return vertx.fileSystem().open(file.toString(), new OpenOptions()
            .setAppend(true)
            .setCreate(true)
            .setWrite(true));
    }

    /** This store's slot: {@code <dataDir>/outbox} until {@link #open()} found it taken. */
    public Path directory() {
        return dir;
    }

    @Override
    public Future<List<OutboxEntry>> open() {
        return vertx.executeBlocking(this::recoverBlocking)
            .compose(replay -> {
                live.putAll(replay.entries());
                nextSeq = replay.nextSeq();
                recount();
                opened = true;
                return openJournal();
            })
            .map(ready -> pendingInOrder());
    }

    private OutboxJournal.Replay recoverBlocking() throws IOException {
        claimSlot();
        Files.deleteIfExists(dir.resolve(SNAPSHOT));
        Path file = dir.resolve(JOURNAL);
        byte[] bytes = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        OutboxJournal.Replay replay = OutboxJournal.replay(bytes);
        if (replay.tornBytes() > 0) {
            LOG.warn("Outbox journal ended with a torn record ({} bytes), as after a crash; it was ignored",
                replay.tornBytes());
        }
        if (replay.skipped() > 0) {
            LOG.warn("Outbox journal had {} unreadable record(s); they were skipped", replay.skipped());
        }
        dropOldestDeadLetters(replay.entries());
        writeSnapshotBlocking(List.copyOf(replay.entries().values()));
        long pendingCount = replay.entries().values().stream().filter(e -> !e.dead()).count();
        LOG.info("Outbox opened in {}: {} record(s) replayed, {} pending, {} dead letter(s)", dir,
            replay.records(), pendingCount, replay.entries().size() - pendingCount);
        return replay;
    }

    /** Takes the first free slot: {@code outbox}, then {@code outbox-2}, ... */
    private void claimSlot() throws IOException {
        for (int slot = 1; slot <= MAX_SLOTS; slot++) {
            Path candidate = dataDir.resolve(slot == 1 ? DIRECTORY : DIRECTORY + "-" + slot);
            Files.createDirectories(candidate);
            FileChannel channel = tryLock(candidate);
            if (channel != null) {
                dir = candidate;
                lockChannel = channel;
                if (slot > 1) {
                    LOG.info("Outbox slot {} is in use by another process; this one takes {}",
                        dataDir.resolve(DIRECTORY), candidate.getFileName());
                }
                return;
            }
        }
        throw new IOException("all " + MAX_SLOTS + " outbox slots in " + dataDir
            + " are in use by another process");
    }

    /** The slot's lock channel when this store could lock it, else {@code null}. */
    private static FileChannel tryLock(Path slot) throws IOException {
        Path key = slot.toAbsolutePath().normalize();
        if (!HELD.add(key)) {
            return null;
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(slot.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return channel;
            }
        } catch (OverlappingFileLockException | IOException e) {
            LOG.debug("Outbox slot {} not lockable: {}", slot, e.toString());
        }
        if (channel != null) {
            channel.close();
        }
        HELD.remove(key);
        return null;
    }

    private static void release(Path slot, FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("Could not release the outbox lock of {}: {}", slot, e.toString());
        }
        HELD.remove(slot.toAbsolutePath().normalize());
    }

    private void writeSnapshotBlocking(List<OutboxEntry> entries) throws IOException {
        Path snapshot = dir.resolve(SNAPSHOT);
        List<OutboxEntry> ordered = new ArrayList<>(entries);
        ordered.sort(Comparator.comparingLong(OutboxEntry::seq));
        try (FileChannel channel = FileChannel.open(snapshot, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            write(channel, OutboxJournal.encode(new JsonObject()
                .put("op", "header")
                .put("format", OutboxJournal.FORMAT)
                .put("at", Instant.now().toString())));
            for (OutboxEntry entry : ordered) {
                write(channel, OutboxJournal.encode(new JsonObject()
                    .put("op", "snapshot")
                    .put("entry", entry.toJson())));
            }
            channel.force(true);
        }
        Files.move(snapshot, dir.resolve(JOURNAL), StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
        syncDirectory();
    }

    private static void write(FileChannel channel, Buffer buffer) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(buffer.getBytes());
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** Makes the rename durable; not every platform can open a directory, which is then left to the OS. */
    private void syncDirectory() {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("Directory fsync not supported here: {}", e.toString());
        }
    }

    /** Opens the journal for appending; a failure is logged once until an open works again. */
    private Future<AsyncFile> openJournal() {
        return journalOpener.apply(dir.resolve(JOURNAL))
            .onSuccess(file -> {
                journal = file;
                if (journalBroken) {
                    journalBroken = false;
                    LOG.info("Outbox journal in {} is open again; notifications are stored again", dir);
                }
            })
            .onFailure(failure -> {
                if (!journalBroken) {
                    journalBroken = true;
                    LOG.error("Outbox journal in {} could not be opened; new notifications are refused "
                        + "until it can be (each write tries again): {}", dir, failure.toString());
                }
            });
    }

    /** The open journal, or another try at opening it after a failed (re)open. */
    private Future<AsyncFile> journalForWriting() {
        if (journal != null) {
            return Future.succeededFuture(journal);
        }
        if (!opened) {
            return Future.failedFuture(new IllegalStateException("the outbox is not open"));
        }
        return openJournal();
    }

    private void recount() {
        pending = 0;
        dead = 0;
        for (OutboxEntry entry : live.values()) {
            if (entry.dead()) {
                dead++;
            } else {
                pending++;
            }
        }
    }

    private List<OutboxEntry> pendingInOrder() {
        return live.values().stream()
            .filter(entry -> !entry.dead())
            .sorted(Comparator.comparingLong(OutboxEntry::seq))
            .toList();
    }

    @Override
    public Future<OutboxEntry> accept(OutboxEntry entry) {
        OutboxEntry numbered = entry.withSeq(nextSeq++);
        JsonObject record = new JsonObject().put("op", "accepted").put("entry", numbered.toJson());
        return append(record, () -> {
            live.put(numbered.id(), numbered);
            pending++;
        }).map(numbered);
    }

    @Override
    public Future<Void> attempted(String id, int attempts, String error) {
        JsonObject record = record("attempt", id).put("attempts", attempts).put("error", error);
        return append(record,
            () -> live.computeIfPresent(id, (key, entry) -> entry.attempted(attempts, error)));
    }

    @Override
    public Future<Void> delivered(String id, String messageId) {
        return append(record("delivered", id).put("messageId", messageId), () -> {
            OutboxEntry removed = live.remove(id);
            if (removed != null && !removed.dead()) {
                pending--;
            }
        });
    }

    @Override
    public Future<Void> deadLettered(String id, int attempts, String error) {
        JsonObject record = record("dead", id).put("attempts", attempts).put("error", error);
        return append(record, () -> {
            OutboxEntry entry = live.get(id);
            if (entry == null || entry.dead()) {
                return;
            }
            live.put(id, entry.deadLettered(attempts, error));
            pending--;
            dead++;
            if (dead > maxDeadLetters) {
                dropOldestDeadLetters(live);
                recount();
            }
        });
    }

    @Override
    public Future<OutboxEntry> requeue(String id, Instant newDeadline) {
        OutboxEntry entry = live.get(id);
        if (entry == null || !entry.dead() || !requeueing.add(id)) {
            return Future.succeededFuture(null);
        }
        OutboxEntry requeued = entry.requeued(nextSeq++, newDeadline);
        JsonObject record = record("requeued", id)
            .put("seq", requeued.seq())
            .put("deadline", newDeadline.toString());
        return append(record, () -> {
            live.remove(id);
            live.put(id, requeued);
            pending++;
            dead--;
        }).eventually(() -> {
            requeueing.remove(id);
            return Future.succeededFuture();
        }).map(requeued);
    }

    @Override
    public Future<List<OutboxEntry>> deadLetters() {
        return Future.succeededFuture(live.values().stream()
            .filter(OutboxEntry::dead)
            .sorted(Comparator.comparing(OutboxEntry::acceptedAt))
            .toList());
    }

    @Override
    public int pendingCount() {
        return pending;
    }

    @Override
    public int deadCount() {
        return dead;
    }

    private void dropOldestDeadLetters(Map<String, OutboxEntry> entries) {
        long deadCount = entries.values().stream().filter(OutboxEntry::dead).count();
        var iterator = entries.values().iterator();
        while (deadCount > maxDeadLetters && iterator.hasNext()) {
            OutboxEntry entry = iterator.next();
            if (entry.dead()) {
                iterator.remove();
                deadCount--;
                LOG.warn("Dropped dead letter {} ({} to {}): more than {} dead letters are kept", entry.id(),
                    entry.kind().wireName(), entry.channel(), maxDeadLetters);
            }
        }
    }

    private static JsonObject record(String op, String id) {
        return new JsonObject().put("op", op).put("id", id).put("at", Instant.now().toString());
    }

    // ---- taking over the slots of processes that are gone ----

    /**
     * Moves the entries of every slot in the data directory that no process holds into this store, pending
     * ones keeping their acceptance order, dead letters staying dead; answers the pending ones. An entry
     * whose id this store already has is skipped (a take-over cut short by a crash is repeated safely).
     */
    public Future<List<OutboxEntry>> adoptOrphans() {
        if (closed || closing != null || journal == null) {
            return Future.succeededFuture(List.of());
        }
        return vertx.executeBlocking(this::findOrphansBlocking)
            .compose(orphans -> {
                Future<List<OutboxEntry>> chain = Future.succeededFuture(List.of());
                for (Orphan orphan : orphans) {
                    chain = chain.compose(before -> adopt(orphan).map(adopted -> {
                        List<OutboxEntry> all = new ArrayList<>(before);
                        all.addAll(adopted);
                        return all;
                    }));
                }
                return chain;
            });
    }

    private List<Orphan> findOrphansBlocking() throws IOException {
        List<Orphan> orphans = new ArrayList<>();
        List<Path> slots;
        try (var listing = Files.list(dataDir)) {
            slots = listing
                .filter(path -> SLOT_NAME.matcher(path.getFileName().toString()).matches())
                .filter(path -> !path.equals(dir))
                .filter(path -> Files.exists(path.resolve(JOURNAL)))
                .sorted()
                .toList();
        }
        for (Path slot : slots) {
            FileChannel channel = tryLock(slot);
            if (channel == null) {
                continue;
            }
            OutboxJournal.Replay replay;
            try {
                replay = OutboxJournal.replay(Files.readAllBytes(slot.resolve(JOURNAL)));
            } catch (IOException e) {
                LOG.warn("Could not read the orphan outbox journal in {}: {}", slot, e.toString());
                release(slot, channel);
                continue;
            }
            if (replay.entries().isEmpty()) {
                release(slot, channel);
                continue;
            }
            List<OutboxEntry> entries = new ArrayList<>(replay.entries().values());
            entries.sort(Comparator.comparingLong(OutboxEntry::seq));
            orphans.add(new Orphan(slot, channel, entries));
        }
        return orphans;
    }

    private Future<List<OutboxEntry>> adopt(Orphan orphan) {
        List<Future<Void>> writes = new ArrayList<>();
        List<OutboxEntry> adoptedPending = new ArrayList<>();
        int[] counts = new int[2];
        for (OutboxEntry original : orphan.entries()) {
            if (live.containsKey(original.id())) {
                continue;
            }
            OutboxEntry entry = original.withSeq(nextSeq++);
            JsonObject record = new JsonObject()
                .put("op", "adopted")
                .put("from", orphan.dir().getFileName().toString())
                .put("entry", entry.toJson());
            writes.add(append(record, () -> {
                live.put(entry.id(), entry);
                if (entry.dead()) {
                    dead++;
                } else {
                    pending++;
                }
            }));
            if (entry.dead()) {
                counts[1]++;
            } else {
                counts[0]++;
                adoptedPending.add(entry);
            }
        }
        return Future.all(writes)
            .compose(written -> vertx.executeBlocking(() -> {
                Files.deleteIfExists(orphan.dir().resolve(JOURNAL));
                Files.deleteIfExists(orphan.dir().resolve(SNAPSHOT));
                return null;
            }))
            .onComplete(done -> release(orphan.dir(), orphan.lockChannel()))
            .map(done -> {
                if (dead > maxDeadLetters) {
                    dropOldestDeadLetters(live);
                    recount();
                }
                LOG.info("Took over {} pending notification(s) and {} dead letter(s) from outbox slot {}, "
                    + "whose process is gone", counts[0], counts[1], orphan.dir().getFileName());
                return adoptedPending;
            });
    }

    // ---- the writer: one batch at a time, each batch written then fsynced ----

    private Future<Void> append(JsonObject record, Runnable apply) {
        if (closed || closing != null) {
            return Future.failedFuture(new IllegalStateException("the outbox is closed"));
        }
        Promise<Void> done = Promise.promise();
        queue.add(new Write(OutboxJournal.encode(record), apply, done));
        writeNextBatch();
        return done.future();
    }

    private void writeNextBatch() {
        if (writing) {
            return;
        }
        if (queue.isEmpty()) {
            if (closing != null) {
                finishClose();
            }
            return;
        }
        writing = true;
        List<Write> batch = new ArrayList<>(queue);
        queue.clear();
        Buffer bytes = Buffer.buffer();
        batch.forEach(write -> bytes.appendBuffer(write.line()));
        boolean reopening = journal == null;
        journalForWriting()
            .compose(file -> file.write(bytes).compose(written -> file.flush()))
            .onComplete(result -> {
                if (result.succeeded()) {
                    batch.forEach(write -> write.apply().run());
                    batch.forEach(write -> write.done().complete());
                    recordsSinceCompaction += batch.size();
                } else {
                    if (!reopening) {
                        LOG.error("Outbox journal write failed ({} record(s) not stored): {}", batch.size(),
                            result.cause().toString());
                    }
                    batch.forEach(write -> write.done().fail(result.cause()));
                }
                compactIfDue().onComplete(compacted -> {
                    writing = false;
                    writeNextBatch();
                });
            });
    }

    private Future<Void> compactIfDue() {
        if (journal == null || recordsSinceCompaction < Math.max(compactAfterRecords, 2L * live.size())) {
            return Future.succeededFuture();
        }
        List<OutboxEntry> snapshot = List.copyOf(live.values());
        long records = recordsSinceCompaction;
        recordsSinceCompaction = 0;
        AsyncFile old = journal;
        journal = null;
        return old.close()
            .compose(closedOld -> vertx.executeBlocking(() -> {
                writeSnapshotBlocking(snapshot);
                return null;
            }))
            .onSuccess(done -> LOG.info("Outbox journal compacted: {} record(s) replaced by {} live entries",
                records, snapshot.size()))
            .onFailure(failure -> LOG.warn("Outbox journal compaction failed, appending to the old journal: "
                + "{}", failure.toString()))
            .eventually(this::openJournal)
            .mapEmpty();
    }

    /** Compacts now (tests and operators); pending writes go first. */
    Future<Void> compact() {
        Promise<Void> done = Promise.promise();
        recordsSinceCompaction = Long.MAX_VALUE / 2;
        queue.add(new Write(Buffer.buffer(), () -> { }, done));
        writeNextBatch();
        return done.future();
    }

    @Override
    public Future<Void> close() {
        if (closed) {
            return Future.succeededFuture();
        }
        if (closing == null) {
            closing = Promise.promise();
            writeNextBatch();
        }
        return closing.future();
    }

    private void finishClose() {
        closed = true;
        Promise<Void> done = closing;
        AsyncFile file = journal;
        journal = null;
        Future<Void> closedFile = file == null ? Future.succeededFuture() : file.close();
        closedFile
            .eventually(() -> vertx.executeBlocking(() -> {
                if (lockChannel != null) {
                    release(dir, lockChannel);
                }
                return null;
            }))
            .onComplete(result -> {
                LOG.info("Outbox closed with {} pending and {} dead letter(s)", pending, dead);
                done.complete();
            });
    }
}
