package com.exchangeanalytics.infra.monitor;

import com.exchangeanalytics.infra.common.Redact;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.net.URI;

/**
 * {@code http:<name>}: a GET on an outside API the analytics system depends on. Any answer below 400 is
 * healthy; an error status, no answer or a timeout is degraded, never unhealthy, because the service
 * itself still works without it. The URL is shown only as scheme, host and port.
 */
final class HttpProbeCheck implements HealthCheck {

    static final String PREFIX = "http:";

    private final WebClient client;
    private final String name;
    private final URI url;
    private final long timeoutMs;

    HttpProbeCheck(WebClient client, String probeName, URI url, long timeoutMs) {
        this.client = client;
        this.name = PREFIX + probeName;
        this.url = url;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "outside API " + Redact.endpoint(url.toString()) + " answers";
    }

    @Override
    public long timeoutMs() {
        return timeoutMs;
    }

    @Override
    public Future<CheckOutcome> run() {
        long start = System.nanoTime();
        long inner = HealthCheck.innerTimeout(timeoutMs);
        return client.getAbs(url.toString())
            .timeout(inner)
            .send()
            .map(response -> judge(response.statusCode(), details(start)
                .put("statusCode", response.statusCode())))
            .recover(failure -> Future.succeededFuture(CheckOutcome.degraded(
                failure instanceof java.util.concurrent.TimeoutException
                    ? "no answer within " + inner + " ms"
                    : "unreachable: " + Redact.text(String.valueOf(failure.getMessage())),
                details(start))));
    }

    private static CheckOutcome judge(int status, JsonObject details) {
        if (status < 400) {
            return CheckOutcome.healthy(details);
        }
        return CheckOutcome.degraded("HTTP " + status, details);
    }

    private JsonObject details(long start) {
        return new JsonObject()
            .put("endpoint", Redact.endpoint(url.toString()))
            .put("latencyMs", (System.nanoTime() - start) / 1_000_000);
    }
}
