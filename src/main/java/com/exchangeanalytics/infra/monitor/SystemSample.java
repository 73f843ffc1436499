package com.exchangeanalytics.infra.monitor;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * One collection tick. CPU figures are percentages of the whole machine (0..100) measured between this
 * tick and the previous one; {@code diskPercent} is {@code null} when the configured path is unreadable.
 */
public record SystemSample(Instant timestamp, double cpuPercent, double memoryPercent, double memoryUsedGb,
                           Double diskPercent, double processMemoryMb, double processCpuPercent) {

    public JsonObject toJson() {
        return new JsonObject()
            .put("timestamp", timestamp.toString())
            .put("cpuPercent", Numbers.round(cpuPercent, 2))
            .put("memoryPercent", Numbers.round(memoryPercent, 2))
            .put("memoryUsedGb", Numbers.round(memoryUsedGb, 3))
            .put("diskPercent", diskPercent == null ? null : Numbers.round(diskPercent, 2))
            .put("processMemoryMb", Numbers.round(processMemoryMb, 2))
            .put("processCpuPercent", Numbers.round(processCpuPercent, 2));
    }
}
