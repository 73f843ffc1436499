package com.exchangeanalytics.infra.http;

import com.exchangeanalytics.infra.config.ConfigReader;

/** The {@code http} section: where the HTTP server listens. */
public record HttpConfig(String host, int port) {

    public static HttpConfig parse(ConfigReader reader) {
        return new HttpConfig(
            reader.string("http.host", "0.0.0.0"),
            reader.intInRange("http.port", 8080, 0, 65535));
    }
}
