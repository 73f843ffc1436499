package com.exchangeanalytics.infra.monitor;

import com.exchangeanalytics.infra.config.ConfigException;
import com.exchangeanalytics.infra.config.ConfigReader;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code monitor} section (see docs/monitor.md for every key and its environment variable).
 *
 * @param intervalSeconds       period of system-metric collection
 * @param historySize           samples kept in memory (the oldest is dropped first)
 * @param diskPath              the path whose file system {@code diskPercent} describes
 * @param healthToken           bearer token that reveals health details, or {@code null}
 * @param checkTimeoutMs        default timeout of one health check
 * @param overallTimeoutMs      bound of a whole health run (all checks in parallel)
 * @param healthCacheMs         how long a health report is served without running the checks again
 * @param healthIntervalSeconds period of background health runs (status-change alerts); 0 = only on demand
 * @param cacheSlowMs           cache ping latency above which the {@code cache} check is degraded
 * @param maxMetricNames        distinct application metric names accepted before {@code 429}
 * @param alertsEnabled         whether status changes are sent to Discord through the notification service
 * @param alertsChannel         the Discord channel of those alerts, or {@code null} to pick one
 * @param probes                HTTP probes: check {@code http:<name>} per entry
 */
public record MonitorConfig(
    int intervalSeconds,
    int historySize,
    String diskPath,
    String healthToken,
    long checkTimeoutMs,
    long overallTimeoutMs,
    long healthCacheMs,
    int healthIntervalSeconds,
    long cacheSlowMs,
    int maxMetricNames,
    boolean alertsEnabled,
    String alertsChannel,
    Map<String, URI> probes) {

    /** Names of checks, probes and registered checks: what the health routes can carry in a path. */
    public static final Pattern CHECK_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}");
    private static final Pattern PROBE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Set<String> HTTP_SCHEMES = Set.of("http", "https");

    public MonitorConfig {
        probes = Collections.unmodifiableMap(new LinkedHashMap<>(probes));
    }

    public static MonitorConfig parse(ConfigReader reader) {
        return new MonitorConfig(
            reader.intInRange("monitor.intervalSeconds", 60, 1, 86_400),
            reader.intInRange("monitor.historySize", 60, 1, 100_000),
            reader.string("monitor.diskPath", "/"),
            reader.string("monitor.healthToken", null),
            reader.longInRange("monitor.checkTimeoutMs", 10_000, 10, 600_000),
            reader.longInRange("monitor.overallTimeoutMs", 30_000, 10, 600_000),
            reader.longInRange("monitor.healthCacheMs", 2_000, 0, 3_600_000),
            reader.intInRange("monitor.healthIntervalSeconds", 30, 0, 86_400),
            reader.longInRange("monitor.cacheSlowMs", 500, 1, 600_000),
            reader.intInRange("monitor.maxMetricNames", 1_000, 1, 100_000),
            reader.bool("monitor.alerts.enabled", true),
            alertsChannel(reader),
            probes(reader));
    }

    /** The explicit alert channel must be one of the configured Discord channels. */
    private static String alertsChannel(ConfigReader reader) {
        String channel = reader.string("monitor.alerts.channel", null);
        if (channel != null && !reader.object("notify.discord.channels").containsKey(channel)) {
            throw new ConfigException("monitor.alerts.channel",
                "names Discord channel '" + channel + "', which is not in notify.discord.channels");
        }
        return channel;
    }

    /**
     * An object of names to URLs, or (from the environment) a string {@code name=url,name=url}.
     * An entry may also be an object with a {@code url} field.
     */
    private static Map<String, URI> probes(ConfigReader reader) {
        String path = "monitor.probes";
        Object raw = reader.value(path);
        JsonObject section;
        if (raw instanceof String text) {
            section = parsePairs(path, text);
        } else {
            section = reader.object(path);
        }
        Map<String, URI> probes = new LinkedHashMap<>();
        for (String name : section.fieldNames()) {
            String key = path + "." + name;
            Object entry = section.getValue(name);
            Object url = entry instanceof JsonObject object ? object.getValue("url") : entry;
            if (url == null || (url instanceof String text && text.isBlank())) {
                continue;
            }
            if (!PROBE_NAME.matcher(name).matches()) {
                throw new ConfigException(key, "probe names use letters, digits, '_', '.', '-' (at most 64)");
            }
            if (!(url instanceof String text)) {
                throw new ConfigException(key, "must be a URL string or an object with a 'url'");
            }
            probes.put(name, ConfigReader.parseUrl(key, text, HTTP_SCHEMES));
        }
        return probes;
    }

    private static JsonObject parsePairs(String path, String text) {
        JsonObject pairs = new JsonObject();
        for (String item : text.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            int equals = item.indexOf('=');
            if (equals <= 0) {
                throw new ConfigException(path, "must be a list of name=url pairs separated by commas");
            }
            pairs.put(item.substring(0, equals).trim(), item.substring(equals + 1).trim());
        }
        return pairs;
    }
}
