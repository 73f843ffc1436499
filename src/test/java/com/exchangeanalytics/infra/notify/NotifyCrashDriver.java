package com.exchangeanalytics.infra.notify;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/**
 * A process for the crash test: deploys the notify verticle on DATA_DIR with a Discord channel, then
 * sends alerts one after another for ever, printing {@code ACCEPTED <title>} after each reply. Whatever
 * it printed was acknowledged by the service, so it must survive the SIGKILL the test sends.
 */
public final class NotifyCrashDriver {

    private NotifyCrashDriver() {
    }

    public static void main(String[] args) throws Exception {
        String dataDir = args[0];
        String webhookUrl = args[1];
        Vertx vertx = Vertx.vertx();
        JsonObject config = new JsonObject()
            .put("dataDir", dataDir)
            .put("notify", new JsonObject()
                .put("replyWindowMs", 0)
                .put("discord", new JsonObject()
                    .put("requestTimeoutMs", 500)
                    .put("channels", new JsonObject().put("default", webhookUrl))));
        vertx.deployVerticle(new NotifyVerticle(), new DeploymentOptions().setConfig(config))
            .await(30, TimeUnit.SECONDS);
        System.out.println("READY");
        NotifyClient client = new NotifyClient(vertx);
        for (int i = 0; ; i++) {
            String title = "crash " + i;
            client.discordAlert(title, "sent before the crash", "info", null).await(30, TimeUnit.SECONDS);
            System.out.println("ACCEPTED " + title);
            System.out.flush();
        }
    }
}
