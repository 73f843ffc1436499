package com.exchangeanalytics.infra.bench;

/** Percentiles of latencies recorded in nanoseconds. */
final class Latencies {

    private Latencies() {
    }

    /** The nearest-rank percentile of an already sorted array, in milliseconds; NaN when it is empty. */
    static double percentileMs(long[] sorted, int percentile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
