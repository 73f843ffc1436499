package com.exchangeanalytics.infra.cache;

/**
 * The one place where the configured prefix is added to callers' keys and patterns, and removed from
 * the keys a store returns. Stores only ever see full keys; callers only ever see their own keys.
 */
final class KeyPrefix {

    private final String prefix;
    private final String escapedPrefix;

    KeyPrefix(String prefix) {
        this.prefix = prefix == null ? "" : prefix;
        this.escapedPrefix = Glob.escape(this.prefix);
    }

    String value() {
        return prefix;
    }

    String apply(String key) {
        return prefix + key;
    }

    String strip(String fullKey) {
        return fullKey.substring(prefix.length());
    }

    boolean owns(String fullKey) {
        return fullKey.startsWith(prefix);
    }

    /** A caller's glob pattern confined to the prefix: the prefix's own metacharacters are escaped. */
    String pattern(String callerPattern) {
        return escapedPrefix + callerPattern;
    }
}
