package com.exchangeanalytics.infra.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the configuration with vertx-config, later stores overriding earlier ones:
 * <ol>
 *   <li>the defaults bundled in the jar ({@value #BUNDLED_DEFAULTS} on the classpath, a copy of
 *       {@code conf/config.json});</li>
 *   <li>{@code conf/config.json} of the working directory, when it exists and the service runs as its
 *       own process ({@link Launch#STANDALONE}); a host application's working directory is its own;</li>
 *   <li>the file named by {@code CONFIG_FILE}, when set;</li>
 *   <li>the deployment config ({@code -conf FILE} on the command line, or a host application's);</li>
 *   <li>the environment variables of {@link EnvBindings}.</li>
 * </ol>
 * The files are read here, on a worker thread, so that a missing or malformed one fails with the
 * name of its source; vertx-config merges them with the other stores.
 */
public final class ConfigLoader {

    public static final String DEFAULT_FILE = "conf/config.json";
    /**
     * The classpath copy of {@code conf/config.json}, under this package: a host application's own
     * {@code conf/config.json}, on its classpath or in its working directory, can never stand in for it.
     */
    public static final String BUNDLED_DEFAULTS = "com/exchangeanalytics/infra/config/config.json";

    /** How the service was started, which decides whether the working directory's config file is ours. */
    public enum Launch {
        /** Through {@code Main} ({@code java -jar}): the working directory's config file counts too. */
        STANDALONE,
        /** Deployed by another Vert.x application ({@code Main-Verticle}): the bundled defaults only. */
        EMBEDDED
    }

    private ConfigLoader() {
    }

    /** The merged, validated configuration; fails with a {@link ConfigException} naming the key or file. */
    public static Future<AppConfig> load(Vertx vertx, JsonObject deploymentConfig, Launch launch) {
        Path workingFile = launch == Launch.STANDALONE ? Path.of(DEFAULT_FILE) : null;
        return load(vertx, deploymentConfig, workingFile, System.getenv(EnvBindings.CONFIG_FILE));
    }

    /**
     * @param workingFile the working directory's config file, or {@code null} to leave it out
     * @param extraFile   the value of {@code CONFIG_FILE}, or {@code null}
     */
    static Future<AppConfig> load(Vertx vertx, JsonObject deploymentConfig, Path workingFile,
                                  String extraFile) {
        return vertx.executeBlocking(() -> readFiles(workingFile, extraFile), false)
            .compose(files -> retrieve(vertx, files, deploymentConfig))
            .map(merged -> AppConfig.parse(EnvBindings.apply(merged)));
    }

    private static List<JsonObject> readFiles(Path workingFile, String extraFile) {
        List<JsonObject> files = new ArrayList<>();
        files.add(bundledDefaults());
        if (workingFile != null && Files.exists(workingFile)) {
            files.add(readJson(DEFAULT_FILE, workingFile.toAbsolutePath()));
        }
        if (extraFile != null && !extraFile.isBlank()) {
            files.add(readJson(EnvBindings.CONFIG_FILE, Path.of(extraFile.trim()).toAbsolutePath()));
        }
        return files;
    }

    private static Future<JsonObject> retrieve(Vertx vertx, List<JsonObject> files,
                                               JsonObject deploymentConfig) {
        ConfigRetrieverOptions options = new ConfigRetrieverOptions()
            .setIncludeDefaultStores(false)
            .setScanPeriod(-1);
        files.forEach(file -> options.addStore(jsonStore(file)));
        if (deploymentConfig != null && !deploymentConfig.isEmpty()) {
            options.addStore(jsonStore(deploymentConfig.copy()));
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
            });
    }

    private static ConfigStoreOptions jsonStore(JsonObject json) {
        return new ConfigStoreOptions().setType("json").setConfig(json);
    }

    static JsonObject bundledDefaults() {
        try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(BUNDLED_DEFAULTS)) {
            if (in == null) {
                throw new ConfigException(DEFAULT_FILE, "is missing from the classpath (" + BUNDLED_DEFAULTS
                    + "): the build did not bundle the defaults");
            }
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | DecodeException e) {
            throw new ConfigException(DEFAULT_FILE, "bundled as " + BUNDLED_DEFAULTS + " could not be read: "
                + e.getMessage());
        }
    }

    /** The file as a JSON object; the failure names {@code source} and the path, never the file's content. */
    private static JsonObject readJson(String source, Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(source, "(" + path + ") could not be read: " + reason(e));
        }
        try {
            return new JsonObject(text);
        } catch (DecodeException e) {
            throw new ConfigException(source, "(" + path + ") is not a JSON object" + position(e));
        }
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException failure && failure.getReason() != null) {
            return failure.getReason();
        }
        return e instanceof CharacterCodingException ? "not UTF-8 text" : e.getClass().getSimpleName();
    }

    /** Where the parser stopped; its message is left out, since it can quote the file (a password...). */
    private static String position(DecodeException e) {
        if (e.getCause() instanceof JsonProcessingException parse && parse.getLocation() != null) {
            return " (line " + parse.getLocation().getLineNr() + ", column "
                + parse.getLocation().getColumnNr() + ")";
        }
        return "";
    }
}
