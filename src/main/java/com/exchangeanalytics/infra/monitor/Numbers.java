package com.exchangeanalytics.infra.monitor;

/** Number formatting shared by the JSON views. */
final class Numbers {

    private static final double LARGEST_EXACT_LONG = 9.0e15;

    private Numbers() {
    }

    /** A whole number as a long (so JSON shows {@code 3}, not {@code 3.0}), anything else as is. */
    static Number json(double value) {
        if (value == Math.rint(value) && Math.abs(value) < LARGEST_EXACT_LONG) {
            return (long) value;
        }
        return value;
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
