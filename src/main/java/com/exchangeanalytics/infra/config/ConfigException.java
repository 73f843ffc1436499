package com.exchangeanalytics.infra.config;

/**
 * An invalid configuration value. The message names the key (and its environment variable)
 * in one line and never repeats a secret value.
 */
public class ConfigException extends RuntimeException {

    private final String key;

    public ConfigException(String key, String problem) {
        super("Invalid configuration: " + describe(key) + " " + problem, null, false, false);
        this.key = key;
    }

    public String key() {
        return key;
    }

    private static String describe(String key) {
        String env = EnvBindings.envFor(key);
        return env == null ? key : key + " (env " + env + ")";
    }
}
