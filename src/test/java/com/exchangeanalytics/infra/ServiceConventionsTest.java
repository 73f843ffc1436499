package com.exchangeanalytics.infra;

import com.exchangeanalytics.infra.common.Addresses;
import com.exchangeanalytics.infra.support.TestConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Every service address, deployed by the main verticle")
class ServiceConventionsTest {

    @BeforeAll
    static void deploy(Vertx vertx, VertxTestContext ctx) throws Exception {
        JsonObject config = TestConfig.base().put("dataDir", Files.createTempDirectory("data").toString());
        vertx.deployVerticle(new MainVerticle(), new DeploymentOptions().setConfig(config))
            .onComplete(ctx.succeedingThenComplete());
    }

    private static Future<Object> request(Vertx vertx, String address, String action, Object body) {
        DeliveryOptions options = new DeliveryOptions().addHeader(Addresses.ACTION_HEADER, action);
        return vertx.eventBus().request(address, body, options).map(reply -> reply.body());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({Addresses.CACHE + ",get", Addresses.NOTIFY + ",discordAlert", Addresses.MONITOR + ",gauge"})
    @DisplayName("answers an unknown action and a malformed body with 400, then keeps serving")
    void badRequestsThenServing(String address, String realAction, Vertx vertx, VertxTestContext ctx) {
        request(vertx, address, "noSuchAction", new JsonObject())
            .recover(unknown -> {
                ctx.verify(() -> assertThat(((ReplyException) unknown).failureCode()).isEqualTo(400));
                return request(vertx, address, realAction, "{not json");
            })
            .recover(malformed -> {
                ctx.verify(() -> {
                    assertThat(((ReplyException) malformed).failureCode()).isEqualTo(400);
                    assertThat(malformed.getMessage()).contains("JSON object");
                });
                return request(vertx, address, "noSuchAction", new JsonObject());
            })
            .onComplete(ctx.failing(again -> ctx.verify(() -> {
                assertThat(((ReplyException) again).failureCode()).isEqualTo(400);
                ctx.completeNow();
            })));
    }
}
