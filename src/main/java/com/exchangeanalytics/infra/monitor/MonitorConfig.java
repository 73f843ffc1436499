package com.exchangeanalytics.infra.monitor;

import com.exchangeanalytics.infra.config.ConfigReader;

/**
 * The {@code monitor} section.
 *
 * @param intervalSeconds period of system-metric collection
 * @param healthToken     bearer token that reveals health details, or {@code null}
 */
public record MonitorConfig(int intervalSeconds, String healthToken) {

    public static MonitorConfig parse(ConfigReader reader) {
        return new MonitorConfig(
            reader.intInRange("monitor.intervalSeconds", 60, 1, 86_400),
            reader.string("monitor.healthToken", null));
    }
}
