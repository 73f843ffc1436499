package com.exchangeanalytics.infra.cache;

import java.util.ArrayList;
import java.util.List;

/**
 * Redis-style glob patterns: {@code *} any run of characters, {@code ?} one character, {@code [abc]},
 * {@code [a-z]} and {@code [^abc]} sets, and {@code \} taking the next character literally.
 * Matching is case-sensitive and covers the whole key.
 *
 * <p>Redis matches bytes while this class matches Java characters, so {@code ?} against a character
 * outside the Basic Multilingual Plane or beyond ASCII may differ between the two stores.
 */
final class Glob {

    private static final String SPECIAL = "*?[]\\";

    private final List<Token> tokens;

    private Glob(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** Compiles a pattern; every pattern is valid, as in Redis. */
    static Glob compile(String pattern) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '*') {
                if (tokens.isEmpty() || !(tokens.get(tokens.size() - 1) instanceof Star)) {
                    tokens.add(new Star());
                }
                i++;
            } else if (c == '?') {
                tokens.add(new AnyChar());
                i++;
            } else if (c == '[') {
                i = readSet(pattern, i + 1, tokens);
            } else if (c == '\\' && i + 1 < pattern.length()) {
                tokens.add(new Literal(pattern.charAt(i + 1)));
                i += 2;
            } else {
                tokens.add(new Literal(c));
                i++;
            }
        }
        return new Glob(tokens);
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

    boolean matches(String text) {
        int t = 0;
        int p = 0;
        int starToken = -1;
        int starText = -1;
        while (t < text.length()) {
            if (p < tokens.size() && tokens.get(p) instanceof Star) {
                starToken = p++;
                starText = t;
            } else if (p < tokens.size() && tokens.get(p).accepts(text.charAt(t))) {
                p++;
                t++;
            } else if (starToken >= 0) {
                p = starToken + 1;
                t = ++starText;
            } else {
                return false;
            }
        }
        while (p < tokens.size() && tokens.get(p) instanceof Star) {
            p++;
        }
        return p == tokens.size();
    }

    /** Reads {@code [...]} from {@code start} (just after the bracket); returns the index after it. */
    private static int readSet(String pattern, int start, List<Token> tokens) {
        int i = start;
        boolean negated = i < pattern.length() && pattern.charAt(i) == '^';
        if (negated) {
            i++;
        }
        StringBuilder singles = new StringBuilder();
        List<char[]> ranges = new ArrayList<>();
        while (i < pattern.length() && pattern.charAt(i) != ']') {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                singles.append(pattern.charAt(i + 1));
                i += 2;
            } else if (i + 2 < pattern.length() && pattern.charAt(i + 1) == '-' && pattern.charAt(i + 2) != ']') {
                char low = c;
                char high = pattern.charAt(i + 2);
                ranges.add(low <= high ? new char[] {low, high} : new char[] {high, low});
                i += 3;
            } else {
                singles.append(c);
                i++;
            }
        }
        tokens.add(new CharSet(singles.toString(), ranges, negated));
        // an unterminated set ends with the pattern, as in Redis
        return i < pattern.length() ? i + 1 : i;
    }

    private interface Token {
        boolean accepts(char c);
    }

    private record Star() implements Token {
        @Override
        public boolean accepts(char c) {
            return true;
        }
    }

    private record AnyChar() implements Token {
        @Override
        public boolean accepts(char c) {
            return true;
        }
    }

    private record Literal(char expected) implements Token {
        @Override
        public boolean accepts(char c) {
            return c == expected;
        }
    }

    private record CharSet(String singles, List<char[]> ranges, boolean negated) implements Token {
        @Override
        public boolean accepts(char c) {
            boolean member = singles.indexOf(c) >= 0;
            for (int i = 0; !member && i < ranges.size(); i++) {
                member = c >= ranges.get(i)[0] && c <= ranges.get(i)[1];
            }
            return member != negated;
        }
    }
}
