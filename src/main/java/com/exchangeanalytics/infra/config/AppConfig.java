package com.exchangeanalytics.infra.config;

import com.exchangeanalytics.infra.cache.CacheConfig;
import com.exchangeanalytics.infra.common.Redact;
import com.exchangeanalytics.infra.http.HttpConfig;
import com.exchangeanalytics.infra.monitor.MonitorConfig;
import com.exchangeanalytics.infra.notify.NotifyConfig;
import io.vertx.core.json.JsonObject;

/**
 * The whole validated configuration. Each service owns the parsing of its section; parsing all of
 * them before anything is deployed means a bad value stops the start before any verticle runs.
 *
 * @param json the merged tree, handed to each verticle as its deployment config
 */
public record AppConfig(
    JsonObject json,
    HttpConfig http,
    String dataDir,
    CacheConfig cache,
    NotifyConfig notification,
    MonitorConfig monitor) {

    public static AppConfig parse(JsonObject json) {
        ConfigReader reader = new ConfigReader(json);
        return new AppConfig(
            json,
            HttpConfig.parse(reader),
            dataDir(reader),
            CacheConfig.parse(reader),
            NotifyConfig.parse(reader),
            MonitorConfig.parse(reader));
    }

    public static String dataDir(ConfigReader reader) {
        return reader.string("dataDir", "./data");
    }

    /** The configuration as one log-safe line: secrets masked, URLs without credentials or tokens. */
    public String toLogString() {
        return Redact.config(json).encode();
    }
}
