package com.exchangeanalytics.infra.notify;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A generic webhook endpoint for tests: records each POST and answers scripted statuses (else 200). */
final class WebhookReceiver implements AutoCloseable {

    record Request(String path, MultiMap headers, JsonObject body) {
    }

    private final List<Request> requests = new ArrayList<>();
    private final Deque<Integer> statuses = new ArrayDeque<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final HttpServer server;

    private WebhookReceiver(Vertx vertx) throws Exception {
        server = vertx.createHttpServer()
            .requestHandler(this::handle)
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
    }

    static WebhookReceiver start(Vertx vertx) {
        try {
            return new WebhookReceiver(vertx);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    synchronized void answerNext(int... codes) {
        for (int code : codes) {
            statuses.add(code);
        }
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            Integer status;
            synchronized (this) {
                status = statuses.poll();
            }
            int code = status == null ? 200 : status;
            if (code >= 200 && code < 300) {
                synchronized (this) {
                    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
                    requests.add(new Request(request.path(), headers,
                        body.length() == 0 ? null : body.toJsonObject()));
                }
                request.response().putHeader("X-Request-Id", "req-" + ids.incrementAndGet());
            }
            request.response().setStatusCode(code).end();
        });
    }

    @Override
    public void close() {
        try {
            server.close().await(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // cleanup
        }
    }
}
