package com.exchangeanalytics.infra.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Reads the configuration with vertx-config, later stores overriding earlier ones:
 * <ol>
 *   <li>{@code conf/config.json} (from the working directory, else the copy inside the jar);</li>
 *   <li>the file named by {@code CONFIG_FILE}, when set;</li>
 *   <li>the deployment config ({@code -conf FILE} on the command line, or a host application's);</li>
 *   <li>the environment variables of {@link EnvBindings}.</li>
 * </ol>
 */
public final class ConfigLoader {

    public static final String DEFAULT_FILE = "conf/config.json";

    private ConfigLoader() {
    }

    /** The merged, validated configuration; fails with a {@link ConfigException} naming the bad key. */
    public static Future<AppConfig> load(Vertx vertx, JsonObject deploymentConfig) {
        ConfigRetrieverOptions options = new ConfigRetrieverOptions()
            .setIncludeDefaultStores(false)
            .setScanPeriod(-1)
            .addStore(fileStore(DEFAULT_FILE));
        String extraFile = System.getenv(EnvBindings.CONFIG_FILE);
        if (extraFile != null && !extraFile.isBlank()) {
            options.addStore(fileStore(extraFile.trim()));
        }
        if (deploymentConfig != null && !deploymentConfig.isEmpty()) {
            options.addStore(new ConfigStoreOptions().setType("json").setConfig(deploymentConfig.copy()));
        }
        options.addStore(new ConfigStoreOptions()
            .setType("env")
            .setConfig(new JsonObject()
                .put("raw-data", true)
                .put("keys", new JsonArray(EnvBindings.names()))));

        ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
        return retriever.getConfig()
            .eventually(() -> {
                retriever.close();
                return Future.succeededFuture();
            })
            .recover(failure -> Future.failedFuture(failure instanceof ConfigException
                ? failure
                : new ConfigException("config file", "could not be read: " + failure.getMessage())))
            .map(merged -> AppConfig.parse(EnvBindings.apply(merged)));
    }

    private static ConfigStoreOptions fileStore(String path) {
        return new ConfigStoreOptions()
            .setType("file")
            .setFormat("json")
            .setOptional(false)
            .setConfig(new JsonObject().put("path", path));
    }
}
