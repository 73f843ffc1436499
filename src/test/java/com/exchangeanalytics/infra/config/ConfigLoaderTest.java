package com.exchangeanalytics.infra.config;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@ExtendWith(VertxExtension.class)
@DisplayName("The configuration loader")
class ConfigLoaderTest {

    @TempDir
    Path dir;

    @BeforeEach
    void noOverridesInTheEnvironment() {
        assumeTrue(EnvBindings.names().stream().noneMatch(name -> System.getenv(name) != null)
                && System.getenv(EnvBindings.CONFIG_FILE) == null,
            "this test's environment sets configuration variables");
    }

    @Test
    @DisplayName("bundles conf/config.json on the classpath under its own package")
    void bundledCopy() throws Exception {
        JsonObject shipped = new JsonObject(Files.readString(Path.of(ConfigLoader.DEFAULT_FILE)));
        assertThat(ConfigLoader.bundledDefaults()).isEqualTo(shipped);
    }

    @Test
    @DisplayName("without a conf/config.json in the working directory, takes the classpath defaults")
    void classpathDefaults(Vertx vertx, VertxTestContext ctx) {
        ConfigLoader.load(vertx, new JsonObject(), dir.resolve("conf/config.json"), null)
            .onComplete(ctx.succeeding(config -> ctx.verify(() -> {
                assertThat(config.json()).isEqualTo(ConfigLoader.bundledDefaults());
                assertThat(config.http().port()).isEqualTo(8080);
                assertThat(config.cache().embedded()).isTrue();
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("layers the working directory's file, CONFIG_FILE and the deployment config, in that order")
    void layers(Vertx vertx, VertxTestContext ctx) throws Exception {
        Path working = Files.writeString(dir.resolve("config.json"),
            "{\"http\": {\"port\": 9191}, \"monitor\": {\"historySize\": 7, \"intervalSeconds\": 5}}");
        Path extra = Files.writeString(dir.resolve("extra.json"), "{\"monitor\": {\"historySize\": 9}}");
        JsonObject deployment = new JsonObject().put("monitor", new JsonObject().put("intervalSeconds", 3));
        ConfigLoader.load(vertx, deployment, working, extra.toString())
            .onComplete(ctx.succeeding(config -> ctx.verify(() -> {
                assertThat(config.http().port()).isEqualTo(9191);
                assertThat(config.monitor().historySize()).isEqualTo(9);
                assertThat(config.monitor().intervalSeconds()).isEqualTo(3);
                assertThat(config.cache().keyPrefix()).isEqualTo("exchange_analytics:");
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("an embedded launch leaves the working directory's conf/config.json out")
    void embeddedIgnoresWorkingDirectory(Vertx vertx, VertxTestContext ctx) {
        ConfigLoader.load(vertx, new JsonObject(), ConfigLoader.Launch.EMBEDDED)
            .onComplete(ctx.succeeding(config -> ctx.verify(() -> {
                assertThat(config.json()).isEqualTo(ConfigLoader.bundledDefaults());
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("a CONFIG_FILE that cannot be read is named with its path")
    void unreadableConfigFile(Vertx vertx, VertxTestContext ctx) {
        Path missing = dir.resolve("missing.json");
        ConfigLoader.load(vertx, new JsonObject(), null, missing.toString())
            .onComplete(ctx.failing(failure -> ctx.verify(() -> {
                assertThat(failure).isInstanceOf(ConfigException.class)
                    .hasMessage("Invalid configuration: CONFIG_FILE (" + missing + ") could not be read: "
                        + "no such file");
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("a malformed file is named with the place of the error, never with its content")
    void malformedFile(Vertx vertx, VertxTestContext ctx) throws Exception {
        Path extra = Files.writeString(dir.resolve("extra.json"),
            "{\"notify\": {\"email\": {\"password\": hunter2-secret}}}");
        Path working = Files.writeString(dir.resolve("config.json"), "[1, 2]");
        ConfigLoader.load(vertx, new JsonObject(), null, extra.toString())
            .onComplete(ctx.failing(extraFailure -> ctx.verify(() -> {
                assertThat(extraFailure).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("Invalid configuration: CONFIG_FILE (" + extra
                        + ") is not a JSON object (line 1, column ")
                    .hasMessageNotContaining("hunter2");
                ConfigLoader.load(vertx, new JsonObject(), working, null)
                    .onComplete(ctx.failing(workingFailure -> ctx.verify(() -> {
                        assertThat(workingFailure)
                            .hasMessageStartingWith("Invalid configuration: conf/config.json (" + working
                                + ") is not a JSON object");
                        ctx.completeNow();
                    })));
            })));
    }
}
