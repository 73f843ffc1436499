package com.exchangeanalytics.infra.common;

/**
 * The failure codes of the public contract, carried by {@code ReplyException.failureCode()}.
 * Callers branch on the numeric value, so the numbers never change.
 */
public enum FailureCode {
    BAD_REQUEST(400),
    NOT_FOUND(404),
    THROTTLED(429),
    INTERNAL(500),
    UNAVAILABLE(503),
    TIMEOUT(504);

    private final int code;

    FailureCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The constant for a numeric code, or {@link #INTERNAL} for a code outside the contract. */
    public static FailureCode of(int code) {
        for (FailureCode candidate : values()) {
            if (candidate.code == code) {
                return candidate;
            }
        }
        return INTERNAL;
    }
}
