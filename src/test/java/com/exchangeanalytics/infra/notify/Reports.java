package com.exchangeanalytics.infra.notify;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Report bodies for tests. */
final class Reports {

    private Reports() {
    }

    static JsonObject sample() {
        return new JsonObject()
            .put("id", "rep-42")
            .put("title", "USD/JPY daily outlook")
            .put("reportType", "daily")
            .put("reportDate", "2025-08-09")
            .put("createdAt", "2025-08-09T09:00:00Z")
            .put("marketSummary", "The yen weakened after the BoJ meeting.")
            .put("technicalAnalysis", "RSI 62, above the 20-day moving average.")
            .put("fundamentalAnalysis", "Rate differential keeps widening.")
            .put("recommendations", "Buy on dips towards 146.50.")
            .put("currencyPairs", new JsonArray().add("USD/JPY").add("EUR/JPY"))
            .put("confidenceScore", 0.85)
            .put("aiModel", "gpt-4o");
    }

    static Report report(JsonObject json) {
        return Report.fromJson(json);
    }
}
