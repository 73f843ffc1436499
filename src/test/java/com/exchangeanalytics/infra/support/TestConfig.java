package com.exchangeanalytics.infra.support;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shipped {@code conf/config.json} as a starting point for tests, with HTTP on a free port. */
public final class TestConfig {

    private TestConfig() {
    }

    public static JsonObject base() {
        try {
            JsonObject json = new JsonObject(Files.readString(Path.of("conf/config.json")));
            json.getJsonObject("http").put("host", "127.0.0.1").put("port", 0);
            return json;
        } catch (IOException e) {
            throw new IllegalStateException("conf/config.json not readable from " + Path.of("").toAbsolutePath(), e);
        }
    }
}
