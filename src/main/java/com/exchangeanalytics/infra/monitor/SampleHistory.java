package com.exchangeanalytics.infra.monitor;

import io.vertx.core.json.JsonArray;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/** The latest samples, oldest first, bounded (the oldest is dropped). Used from one context only. */
final class SampleHistory {

    private final int capacity;
    private final Deque<SystemSample> samples = new ArrayDeque<>();

    SampleHistory(int capacity) {
        this.capacity = capacity;
    }

    void add(SystemSample sample) {
        if (samples.size() == capacity) {
            samples.removeFirst();
        }
        samples.addLast(sample);
    }

    SystemSample latest() {
        return samples.peekLast();
    }

    int size() {
        return samples.size();
    }

    void clear() {
        samples.clear();
    }

    /** The samples taken in the last {@code minutes}, oldest first. */
    JsonArray since(Instant now, int minutes) {
        Instant cutoff = now.minus(Duration.ofMinutes(minutes));
        JsonArray array = new JsonArray();
        for (SystemSample sample : samples) {
            if (!sample.timestamp().isBefore(cutoff)) {
                array.add(sample.toJson());
            }
        }
        return array;
    }
}
