package com.exchangeanalytics.infra.bench;

import io.vertx.core.Vertx;

/**
 * The baseline of the footprint and HTTP benchmarks: a plain Vert.x server answering a constant.
 * Usage: MinimalServerBenchmark [port]
 */
public final class MinimalServerBenchmark {

    private MinimalServerBenchmark() {
    }

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8081;
        Vertx.vertx()
            .createHttpServer()
            .requestHandler(request -> request.response().end("{\"status\":\"healthy\"}"))
            .listen(port)
            .onFailure(failure -> {
                failure.printStackTrace();
                System.exit(1);
            });
    }
}
