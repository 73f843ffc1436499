package com.exchangeanalytics.infra.cache;

import java.nio.charset.StandardCharsets;

/**
 * Redis glob patterns, matched the way Redis matches them ({@code stringmatchlen} in its util.c, as SCAN
 * MATCH applies it): over the UTF-8 bytes of pattern and key, case-sensitive, covering the whole key.
 * {@code *} is any run of bytes, {@code ?} one byte (one character only when it is ASCII: {@code caf?}
 * does not match {@code café}), {@code [abc]}, {@code [a-z]} and {@code [^abc]} are sets of bytes, and
 * {@code \} takes the next byte literally. Redis's corners are kept too: inside a set, a byte followed by
 * {@code -} and at least one more byte is a range even when that byte is {@code ]} ({@code [a-]} is the
 * range from ] to a, and the set stays open); a set without its {@code ]} runs to the end of the pattern;
 * a range's bounds may come in either order; the pattern {@code *} alone matches every key.
 *
 * <p>Range bounds compare bytes as C {@code char}, which is signed on x86-64 Linux, so a byte above 0x7F
 * sorts below every ASCII byte, here as in Redis there. A Redis built where {@code char} is unsigned
 * (ARM Linux) orders such bytes the other way round, so ranges with a bound above 0x7F can differ from it.
 */
final class Glob {

    private static final String SPECIAL = "*?[]\\";
    /** Redis gives up on a pattern nested deeper than this many stars (none of ours gets near it). */
    private static final int MAX_NESTING = 1000;

    private final byte[] pattern;

    private Glob(byte[] pattern) {
        this.pattern = pattern;
    }

    /** Compiles a pattern; every pattern is valid, as in Redis. */
    static Glob compile(String pattern) {
        return new Glob(pattern.getBytes(StandardCharsets.UTF_8));
    }

    /** The text with every glob metacharacter escaped, so it matches only itself. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (SPECIAL.indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    boolean matches(String key) {
        if (pattern.length == 1 && pattern[0] == '*') {
            return true;
        }
        return matches(0, key.getBytes(StandardCharsets.UTF_8), 0, new boolean[1], 0);
    }

    /**
     * Whether the pattern from {@code p} matches the key from {@code k}. Once the part after a star
     * matched nowhere in the rest of the key, {@code hopeless[0]} tells the stars before it to stop trying
     * longer runs: they could only start that part later still.
     */
    private boolean matches(int p, byte[] key, int k, boolean[] hopeless, int nesting) {
        if (nesting > MAX_NESTING) {
            return false;
        }
        while (p < pattern.length && k < key.length) {
            switch (pattern[p]) {
                case '*' -> {
                    while (p + 1 < pattern.length && pattern[p + 1] == '*') {
                        p++;
                    }
                    if (p + 1 == pattern.length) {
                        return true;
                    }
                    for (; k < key.length; k++) {
                        if (matches(p + 1, key, k, hopeless, nesting + 1)) {
                            return true;
                        }
                        if (hopeless[0]) {
                            return false;
                        }
                    }
                    hopeless[0] = true;
                    return false;
                }
                case '?' -> k++;
                case '[' -> {
                    int end = setEnd(p + 1, key[k]);
                    if (end < 0) {
                        return false;
                    }
                    p = end;
                    k++;
                }
                case '\\' -> {
                    if (p + 1 < pattern.length) {
                        p++;
                    }
                    if (pattern[p] != key[k]) {
                        return false;
                    }
                    k++;
                }
                default -> {
                    if (pattern[p] != key[k]) {
                        return false;
                    }
                    k++;
                }
            }
            p++;
            if (k == key.length) {
                while (p < pattern.length && pattern[p] == '*') {
                    p++;
                }
                break;
            }
        }
        return p == pattern.length && k == key.length;
    }

    /**
     * Reads the set that starts at {@code p} (just after its {@code [}) against one key byte: the index of
     * its last pattern byte (the {@code ]}, or the pattern's last byte when the set is not closed) when the
     * byte is in the set, or -1 when it is not.
     */
    private int setEnd(int p, byte c) {
        boolean negated = p < pattern.length && pattern[p] == '^';
        if (negated) {
            p++;
        }
        boolean member = false;
        while (true) {
            int left = pattern.length - p;
            if (left >= 2 && pattern[p] == '\\') {
                p++;
                member |= pattern[p] == c;
            } else if (left > 0 && pattern[p] == ']') {
                break;
            } else if (left == 0) {
                p--;
                break;
            } else if (left >= 3 && pattern[p + 1] == '-') {
                int low = Math.min(pattern[p], pattern[p + 2]);
                int high = Math.max(pattern[p], pattern[p + 2]);
                member |= c >= low && c <= high;
                p += 2;
            } else {
                member |= pattern[p] == c;
            }
            p++;
        }
        return member != negated ? p : -1;
    }
}
