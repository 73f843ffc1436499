package com.exchangeanalytics.infra.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Remembers recent alerts by (channel, level, title). The first alert of a key opens a window; identical
 * alerts inside it are suppressed and counted. The count is carried to the next alert of the same key
 * after the window, which shows it in its footer ("3 repeats suppressed").
 * <p>
 * The table lives in memory: a restart forgets open windows and uncounted repeats. With several nodes
 * each node deduplicates on its own; a shared outbox store would hold this table too.
 */
final class DedupTable {

    /** How long a finished window with uncounted repeats is kept for the next alert. */
    private static final Duration CARRY_LIMIT = Duration.ofHours(24);
    private static final int PRUNE_THRESHOLD = 1024;

    private final Duration window;
    private final Map<String, Window> windows = new HashMap<>();

    private static final class Window {
        final String originalId;
        final Instant opened;
        int suppressed;

        Window(String originalId, Instant opened) {
            this.originalId = originalId;
            this.opened = opened;
        }
    }

    /** The decision for one alert. */
    sealed interface Decision permits Fresh, Duplicate {
    }

    /** Send it; {@code suppressedBefore} repeats of the previous window were not sent. */
    record Fresh(int suppressedBefore) implements Decision {
    }

    /** Do not send it; the original was {@code originalId}, {@code suppressed} repeats so far. */
    record Duplicate(String originalId, int suppressed) implements Decision {
    }

    DedupTable(Duration window) {
        this.window = window;
    }

    boolean enabled() {
        return !window.isZero();
    }

    static String key(String channel, String level, String title) {
        return channel + '\u0000' + level + '\u0000' + title;
    }

    /**
     * Decides and, for a fresh alert, reserves the window for {@code newId} at once, so two identical
     * alerts arriving together cannot both be sent. Call {@link #release} if the fresh alert is then
     * not accepted.
     */
    Decision check(String key, String newId, Instant now) {
        if (!enabled()) {
            return new Fresh(0);
        }
        prune(now);
        Window current = windows.get(key);
        if (current != null && now.isBefore(current.opened.plus(window))) {
            current.suppressed++;
            return new Duplicate(current.originalId, current.suppressed);
        }
        int carried = current == null ? 0 : current.suppressed;
        windows.put(key, new Window(newId, now));
        return new Fresh(carried);
    }

    /** Forgets the window that {@code id} opened (its alert was rejected), keeping the carried count. */
    void release(String key, String id, int carried) {
        Window current = windows.get(key);
        if (current != null && current.originalId.equals(id)) {
            windows.remove(key);
            if (carried > 0) {
                Window restored = new Window(id, Instant.EPOCH);
                restored.suppressed = carried;
                windows.put(key, restored);
            }
        }
    }

    private void prune(Instant now) {
        if (windows.size() < PRUNE_THRESHOLD) {
            return;
        }
        Iterator<Window> iterator = windows.values().iterator();
        while (iterator.hasNext()) {
            Window entry = iterator.next();
            Instant end = entry.opened.plus(window);
            boolean over = !now.isBefore(end);
            if (over && (entry.suppressed == 0 || now.isAfter(end.plus(CARRY_LIMIT)))) {
                iterator.remove();
            }
        }
    }

    int size() {
        return windows.size();
    }
}
