package com.exchangeanalytics.infra.notify;

import com.exchangeanalytics.infra.common.Body;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * An analysis report, as other verticles send it to {@code discordReport} and {@code reportEmail}.
 * {@link #fromJson} validates every field and fails with a 400 naming the first bad one by its full
 * path ({@code field 'report.title' is required}).
 */
public record Report(
    String id,
    String title,
    String reportType,
    LocalDate reportDate,
    Instant createdAt,
    String marketSummary,
    String technicalAnalysis,
    String fundamentalAnalysis,
    String recommendations,
    List<String> currencyPairs,
    Double confidenceScore,
    String aiModel) {

    /** Where a report sits in a request; the prefix of its fields in failures. */
    static final String PATH = "report";

    public static Report fromJson(JsonObject json) {
        Body body = new Body(json, PATH);
        return new Report(
            body.requiredText("id"),
            body.requiredText("title"),
            body.requiredText("reportType"),
            date(body.requiredText("reportDate")),
            instant(body.requiredText("createdAt")),
            body.requiredText("marketSummary"),
            body.requiredText("technicalAnalysis"),
            blankToNull(body.optionalString("fundamentalAnalysis", null)),
            blankToNull(body.optionalString("recommendations", null)),
            pairs(body),
            confidence(body),
            body.requiredText("aiModel"));
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject()
            .put("id", id)
            .put("title", title)
            .put("reportType", reportType)
            .put("reportDate", reportDate.toString())
            .put("createdAt", createdAt.toString())
            .put("marketSummary", marketSummary)
            .put("technicalAnalysis", technicalAnalysis)
            .put("currencyPairs", new JsonArray(currencyPairs))
            .put("aiModel", aiModel);
        if (fundamentalAnalysis != null) {
            json.put("fundamentalAnalysis", fundamentalAnalysis);
        }
        if (recommendations != null) {
            json.put("recommendations", recommendations);
        }
        if (confidenceScore != null) {
            json.put("confidenceScore", confidenceScore);
        }
        return json;
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw Body.ill(PATH + ".reportDate", "must be an ISO date (YYYY-MM-DD)");
        }
    }

    private static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw Body.ill(PATH + ".createdAt", "must be an ISO instant (e.g. 2025-08-09T09:00:00Z)");
        }
    }

    private static List<String> pairs(Body body) {
        List<String> pairs = body.requiredStringList("currencyPairs");
        for (String pair : pairs) {
            if (pair.isBlank()) {
                throw Body.ill(PATH + ".currencyPairs", "must not hold empty strings");
            }
        }
        return List.copyOf(pairs);
    }

    private static Double confidence(Body body) {
        if (!body.has("confidenceScore")) {
            return null;
        }
        double score = body.optionalDouble("confidenceScore", 0);
        if (score < 0 || score > 1) {
            throw Body.ill(PATH + ".confidenceScore", "must be between 0 and 1");
        }
        return score;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
