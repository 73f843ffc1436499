package com.exchangeanalytics.infra.bench;

/** {@code --name value} options of the benchmark harnesses. */
record BenchArgs(String[] argv) {

    String text(String name, String fallback) {
        for (int i = 0; i < argv.length - 1; i++) {
            if (argv[i].equals(name)) {
                return argv[i + 1];
            }
        }
        return fallback;
    }

    int number(String name, int fallback) {
        return Integer.parseInt(text(name, String.valueOf(fallback)));
    }
}
