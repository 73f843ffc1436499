package com.exchangeanalytics.infra.cache;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the figures of the {@code info} action from the text of Redis's INFO reply. */
final class RedisInfo {

    private RedisInfo() {
    }

    static StoreInfo parse(String text) {
        Map<String, String> fields = new HashMap<>();
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return new StoreInfo("redis",
            fields.getOrDefault("redis_version", "unknown"),
            number(fields, "used_memory"),
            number(fields, "connected_clients"),
            number(fields, "total_commands_processed"),
            number(fields, "keyspace_hits"),
            number(fields, "keyspace_misses"),
            number(fields, "uptime_in_seconds"));
    }

    /** The figures of several cluster masters added up; version and uptime are the first master's. */
    static StoreInfo sum(List<StoreInfo> masters) {
        StoreInfo first = masters.get(0);
        return new StoreInfo("redis", first.version(),
            masters.stream().mapToLong(StoreInfo::usedMemoryBytes).sum(),
            masters.stream().mapToLong(StoreInfo::connectedClients).sum(),
            masters.stream().mapToLong(StoreInfo::commandsProcessed).sum(),
            masters.stream().mapToLong(StoreInfo::keyspaceHits).sum(),
            masters.stream().mapToLong(StoreInfo::keyspaceMisses).sum(),
            first.uptimeSeconds());
    }

    private static long number(Map<String, String> fields, String name) {
        try {
            return Long.parseLong(fields.getOrDefault(name, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
