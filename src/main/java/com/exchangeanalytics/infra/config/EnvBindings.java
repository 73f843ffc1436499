package com.exchangeanalytics.infra.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The environment variables that override keys of {@code conf/config.json}: one table, documented
 * in the README. Values arrive as raw strings; {@link ConfigReader} converts them to the key's type,
 * so a bad value fails with the key's name. An empty variable unsets its key.
 */
public final class EnvBindings {

    /** Path of an extra JSON file layered over {@code conf/config.json}. */
    public static final String CONFIG_FILE = "CONFIG_FILE";

    public record Binding(String env, String path) {
    }

    public static final List<Binding> ALL = List.of(
        new Binding("HTTP_PORT", "http.port"),
        new Binding("HTTP_HOST", "http.host"),
        new Binding("DATA_DIR", "dataDir"),
        new Binding("REDIS_URL", "cache.redisUrl"),
        new Binding("REDIS_MODE", "cache.mode"),
        new Binding("CACHE_KEY_PREFIX", "cache.keyPrefix"),
        new Binding("CACHE_TIMEOUT_MS", "cache.timeoutMs"),
        new Binding("CACHE_POOL_SIZE", "cache.poolSize"),
        new Binding("CACHE_POOL_WAITING", "cache.poolWaiting"),
        new Binding("CACHE_BATCH_SIZE", "cache.batchSize"),
        new Binding("REDIS_MASTER_NAME", "cache.masterName"),
        new Binding("REDIS_ENDPOINTS", "cache.endpoints"),
        new Binding("CACHE_EMBEDDED_MAX_BYTES", "cache.embeddedMaxBytes"),
        new Binding("DISCORD_WEBHOOK_URL", "notify.discord.channels.default"),
        new Binding("DISCORD_USERNAME", "notify.discord.username"),
        new Binding("DISCORD_AVATAR_URL", "notify.discord.avatarUrl"),
        new Binding("SMTP_HOST", "notify.email.host"),
        new Binding("SMTP_PORT", "notify.email.port"),
        new Binding("SMTP_USERNAME", "notify.email.username"),
        new Binding("SMTP_PASSWORD", "notify.email.password"),
        new Binding("SMTP_FROM", "notify.email.from"),
        new Binding("SMTP_STARTTLS", "notify.email.starttls"),
        new Binding("SMTP_SSL", "notify.email.ssl"),
        new Binding("SMTP_TIMEOUT_MS", "notify.email.timeoutMs"),
        new Binding("SMTP_POOL_SIZE", "notify.email.poolSize"),
        new Binding("SMTP_KEEP_ALIVE", "notify.email.keepAlive"),
        new Binding("SMTP_EHLO_NAME", "notify.email.ehloName"),
        new Binding("SMTP_TEST_RECIPIENT", "notify.email.testRecipient"),
        new Binding("EMAIL_TIME_ZONE", "notify.email.timeZone"),
        new Binding("NOTIFY_LOCALE", "notify.locale"),
        new Binding("NOTIFY_REPLY_WINDOW_MS", "notify.replyWindowMs"),
        new Binding("NOTIFY_DEDUP_WINDOW_SECONDS", "notify.dedupWindowSeconds"),
        new Binding("NOTIFY_RETRY_DEADLINE_SECONDS", "notify.retry.deadlineSeconds"),
        new Binding("NOTIFY_RETRY_MAX_ATTEMPTS", "notify.retry.maxAttempts"),
        new Binding("NOTIFY_OUTBOX_CAPACITY", "notify.outbox.capacity"),
        new Binding("HEALTH_TOKEN", "monitor.healthToken"),
        new Binding("METRICS_INTERVAL_SECONDS", "monitor.intervalSeconds"),
        new Binding("METRICS_HISTORY_SIZE", "monitor.historySize"),
        new Binding("METRICS_DISK_PATH", "monitor.diskPath"),
        new Binding("METRICS_MAX_NAMES", "monitor.maxMetricNames"),
        new Binding("HEALTH_CACHE_MS", "monitor.healthCacheMs"),
        new Binding("HEALTH_CHECK_TIMEOUT_MS", "monitor.checkTimeoutMs"),
        new Binding("HEALTH_TIMEOUT_MS", "monitor.overallTimeoutMs"),
        new Binding("HEALTH_INTERVAL_SECONDS", "monitor.healthIntervalSeconds"),
        new Binding("HEALTH_PROBES", "monitor.probes"),
        new Binding("HEALTH_ALERTS_ENABLED", "monitor.alerts.enabled"),
        new Binding("HEALTH_ALERTS_CHANNEL", "monitor.alerts.channel")
    );

    private EnvBindings() {
    }

    public static List<String> names() {
        return ALL.stream().map(Binding::env).toList();
    }

    public static String envFor(String path) {
        for (Binding binding : ALL) {
            if (binding.path().equals(path)) {
                return binding.env();
            }
        }
        return null;
    }

    /**
     * Moves the flat variables that the env store put at the top level of {@code merged}
     * to the keys they override.
     */
    public static JsonObject apply(JsonObject merged) {
        for (Binding binding : ALL) {
            if (!merged.containsKey(binding.env())) {
                continue;
            }
            Object raw = merged.remove(binding.env());
            String text = raw == null ? null : raw.toString();
            put(merged, binding.path(), text == null || text.isEmpty() ? null : text);
        }
        return merged;
    }

    static void put(JsonObject root, String path, Object value) {
        String[] parts = path.split("\\.");
        JsonObject node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            Object child = node.getValue(parts[i]);
            if (!(child instanceof JsonObject)) {
                child = new JsonObject();
                node.put(parts[i], child);
            }
            node = (JsonObject) child;
        }
        node.put(parts[parts.length - 1], value);
    }

    /** Splits a comma-separated variable into an array when a key expects a list. */
    static JsonArray splitList(String text) {
        JsonArray array = new JsonArray();
        for (String item : text.split(",")) {
            if (!item.isBlank()) {
                array.add(item.trim());
            }
        }
        return array;
    }
}
