package com.exchangeanalytics.infra.monitor;

import io.vertx.core.json.JsonObject;

/** The latest samples of one timer (a ring of fixed size) and their summary. */
final class TimerWindow {

    private final double[] samples;
    private int next;
    private int size;

    TimerWindow(int capacity) {
        this.samples = new double[capacity];
    }

    void add(double value) {
        samples[next] = value;
        next = (next + 1) % samples.length;
        size = Math.min(size + 1, samples.length);
    }

    /**
     * {@code count}, {@code avg}, {@code min}, {@code max}, {@code total} of the samples held, unrounded,
     * so that {@code avg} is exactly {@code total / count}.
     */
    JsonObject summary() {
        double total = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            total += samples[i];
            min = Math.min(min, samples[i]);
            max = Math.max(max, samples[i]);
        }
        return new JsonObject()
            .put("count", size)
            .put("avg", Numbers.json(size == 0 ? 0 : total / size))
            .put("min", Numbers.json(size == 0 ? 0 : min))
            .put("max", Numbers.json(size == 0 ? 0 : max))
            .put("total", Numbers.json(total));
    }
}
