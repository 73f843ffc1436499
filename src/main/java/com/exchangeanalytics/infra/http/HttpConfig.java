package com.exchangeanalytics.infra.http;

import com.exchangeanalytics.infra.config.ConfigReader;

/**
 * The {@code http} section: where the HTTP server listens. The host is checked for its syntax here, so a
 * bad one stops the start with a line naming the key instead of failing at listen.
 */
public record HttpConfig(String host, int port) {

    public static HttpConfig parse(ConfigReader reader) {
        return new HttpConfig(
            reader.host("http.host", "0.0.0.0"),
            reader.intInRange("http.port", 8080, 0, 65535));
    }
}
