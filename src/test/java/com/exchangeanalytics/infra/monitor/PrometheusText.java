package com.exchangeanalytics.infra.monitor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the Prometheus text format strictly enough that a malformed line fails the test. */
final class PrometheusText {

    private static final Pattern SAMPLE = Pattern.compile(
        "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (-?[0-9.eE+-]+|NaN|[+-]Inf)( -?\\d+)?");

    private PrometheusText() {
    }

    /** Series name (labels dropped) to the value of its last sample. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> series = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher matcher = SAMPLE.matcher(line);
            if (!matcher.matches()) {
                throw new AssertionError("not a Prometheus sample line: " + line);
            }
            String value = matcher.group(3);
            series.put(matcher.group(1), switch (value) {
                case "NaN" -> Double.NaN;
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(value);
            });
        }
        return series;
    }
}
