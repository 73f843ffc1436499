package com.exchangeanalytics.infra.notify;

import com.exchangeanalytics.infra.common.FailureCode;
import com.exchangeanalytics.infra.common.ServiceException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayName("A report")
class ReportTest {

    private static String refusal(JsonObject json) {
        Throwable failure = catchThrowable(() -> Report.fromJson(json));
        assertThat(failure).isInstanceOf(ServiceException.class);
        assertThat(((ServiceException) failure).code()).isEqualTo(FailureCode.BAD_REQUEST);
        return failure.getMessage();
    }

    @Test
    @DisplayName("names a bad field by its full path, whichever check refuses it")
    void fullPaths() {
        JsonObject noTitle = Reports.sample();
        noTitle.remove("title");
        assertThat(refusal(noTitle)).isEqualTo("field 'report.title' is required");
        assertThat(refusal(Reports.sample().put("aiModel", " ")))
            .isEqualTo("field 'report.aiModel' must not be empty");
        assertThat(refusal(Reports.sample().put("currencyPairs", "USD/JPY")))
            .isEqualTo("field 'report.currencyPairs' must be a JSON array");
        assertThat(refusal(Reports.sample().put("currencyPairs", new JsonArray().add(" "))))
            .isEqualTo("field 'report.currencyPairs' must not hold empty strings");
        assertThat(refusal(Reports.sample().put("confidenceScore", "high")))
            .isEqualTo("field 'report.confidenceScore' must be a number");
        assertThat(refusal(Reports.sample().put("confidenceScore", 1.5)))
            .isEqualTo("field 'report.confidenceScore' must be between 0 and 1");
        assertThat(refusal(Reports.sample().put("reportDate", "yesterday")))
            .isEqualTo("field 'report.reportDate' must be an ISO date (YYYY-MM-DD)");
        assertThat(refusal(Reports.sample().put("createdAt", "noon")))
            .startsWith("field 'report.createdAt' must be an ISO instant");
    }
}
