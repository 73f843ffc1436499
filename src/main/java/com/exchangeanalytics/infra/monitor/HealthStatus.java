package com.exchangeanalytics.infra.monitor;

import java.util.Locale;

/** The status of one check or of a whole report, ordered from best to worst. */
public enum HealthStatus {
    /** Registered but never run. */
    UNKNOWN(-1),
    HEALTHY(0),
    DEGRADED(1),
    UNHEALTHY(2);

    private final int severity;

    HealthStatus(int severity) {
        this.severity = severity;
    }

    /** The value exported as {@code monitor_health_check_status}: -1 unknown, 0, 1, 2 from best to worst. */
    public int severity() {
        return severity;
    }

    /** The word used in JSON: {@code healthy}, {@code degraded}, {@code unhealthy}, {@code unknown}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether dependencies behind it can be used (healthy or degraded). */
    public boolean isUsable() {
        return this == HEALTHY || this == DEGRADED;
    }

    public HealthStatus worse(HealthStatus other) {
        return other.severity > severity ? other : this;
    }

    /** The status a check reported in words, or {@code null} for anything else. */
    public static HealthStatus fromReply(Object word) {
        if (!(word instanceof String text)) {
            return null;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "healthy" -> HEALTHY;
            case "degraded" -> DEGRADED;
            case "unhealthy" -> UNHEALTHY;
            default -> null;
        };
    }
}
