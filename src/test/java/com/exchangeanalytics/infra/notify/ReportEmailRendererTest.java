package com.exchangeanalytics.infra.notify;

import com.exchangeanalytics.infra.config.ConfigReader;
import com.exchangeanalytics.infra.support.TestConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The report email")
class ReportEmailRendererTest {

    private static final String HOSTILE =
        "<script>alert(1)</script> \"><img src=x onerror=alert(2)> {{title}}";
    private static final String HOSTILE_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; "
        + "&quot;&gt;&lt;img src&#61;x onerror&#61;alert(2)&gt; {{title}}";

    private final ReportEmailRenderer japanese =
        new ReportEmailRenderer(EmailLabels.JA, ZoneId.of("Asia/Tokyo"));
    private final ReportEmailRenderer english = new ReportEmailRenderer(EmailLabels.EN, NotifyConfig.Email.DEFAULT_TIME_ZONE);

    static JsonObject report() {
        return new JsonObject()
            .put("id", "r-42")
            .put("title", "USD/JPY weekly")
            .put("reportType", "weekly")
            .put("reportDate", "2025-08-09")
            .put("createdAt", "2025-08-09T09:00:00Z")
            .put("marketSummary", "The yen strengthened.\nVolatility rose.")
            .put("technicalAnalysis", "RSI near 70.")
            .put("fundamentalAnalysis", "BoJ meeting ahead.")
            .put("recommendations", "Stay hedged.")
            .put("currencyPairs", new JsonArray().add("USD/JPY").add("EUR/USD"))
            .put("confidenceScore", 0.85)
            .put("aiModel", "analyst-7");
    }

    @Test
    @DisplayName("uses the original Japanese wording by default, with times in the configured zone")
    void japaneseByDefault() {
        ReportEmailRenderer renderer = ReportEmailRenderer.fromConfig(
            NotifyConfig.parse(new ConfigReader(withEmail("timeZone", "Asia/Tokyo"))));
        String html = renderer.html(Report.fromJson(report()));

        assertThat(html).contains("<html lang=\"ja\">", "📈 市場サマリー", "🔍 テクニカル分析",
            "🌍 ファンダメンタル分析", "💡 推奨事項", "📊 分析詳細", "分析対象通貨ペア:", "信頼度:",
            "AI モデル:", "生成時間:", "このメールは自動生成されたレポートです。",
            "2025年08月09日 18:00:00 JST", "Exchange Analytics Report - 2025-08-09");
    }

    @Test
    @DisplayName("uses English labels when notify.locale is en")
    void englishWithEn() {
        ReportEmailRenderer renderer = ReportEmailRenderer.fromConfig(
            NotifyConfig.parse(new ConfigReader(withEmail("timeZone", null).put("notify",
                TestConfig.base().getJsonObject("notify").put("locale", "en")))));
        Report report = Report.fromJson(report());
        String html = renderer.html(report);

        assertThat(html).contains("<html lang=\"en\">", "Market Summary", "Technical Analysis",
            "Fundamental Analysis", "Recommendations", "Analysis Details", "Currency Pairs Analyzed:",
            "Confidence:", "AI Model:", "Generated At:", "This email is an automatically generated report.",
            "2025-08-09 09:00:00 UTC").doesNotContain("市場サマリー");
        assertThat(renderer.text(report)).contains("[Market Summary]", "Confidence: 85.0%");
    }

    @Test
    @DisplayName("shows every section, the pairs, the model and the confidence as a coloured percentage")
    void sectionsAndDetails() {
        String html = english.html(Report.fromJson(report()));

        assertThat(html).contains("<h1>📊 USD/JPY weekly</h1>",
            "<p>The yen strengthened.<br>Volatility rose.</p>", "<p>RSI near 70.</p>",
            "<p>BoJ meeting ahead.</p>", "<p>Stay hedged.</p>", "USD/JPY, EUR/USD", "analyst-7",
            "<span class=\"confidence confidence-high\">85.0%</span>", "2025-08-09 09:00:00 UTC");
    }

    @Test
    @DisplayName("leaves out fundamental analysis and recommendations when the report has none")
    void optionalSections() {
        JsonObject json = report();
        json.remove("fundamentalAnalysis");
        json.remove("recommendations");
        json.remove("confidenceScore");
        Report report = Report.fromJson(json);

        assertThat(japanese.html(report)).doesNotContain("ファンダメンタル分析", "推奨事項")
            .contains("<span class=\"confidence confidence-none\">N/A</span>");
        assertThat(japanese.text(report)).doesNotContain("ファンダメンタル分析", "推奨事項").contains("信頼度: N/A");
    }

    @Test
    @DisplayName("colours the confidence high from 0.8, medium from 0.6, low below")
    void confidenceColours() {
        assertThat(ReportEmailRenderer.confidenceClass(0.8)).isEqualTo("confidence-high");
        assertThat(ReportEmailRenderer.confidenceClass(0.79)).isEqualTo("confidence-medium");
        assertThat(ReportEmailRenderer.confidenceClass(0.6)).isEqualTo("confidence-medium");
        assertThat(ReportEmailRenderer.confidenceClass(0.59)).isEqualTo("confidence-low");
        assertThat(ReportEmailRenderer.confidenceClass(null)).isEqualTo("confidence-none");
        assertThat(english.html(Report.fromJson(report().put("confidenceScore", 0.625))))
            .contains("confidence-medium\">62.5%</span>");
    }

    @Test
    @DisplayName("escapes hostile report text in every field and turns its line breaks into <br> afterwards")
    void escapesHostileText() {
        JsonObject json = report()
            .put("title", HOSTILE)
            .put("marketSummary", HOSTILE + "\r\n<b>bold</b>")
            .put("technicalAnalysis", HOSTILE)
            .put("fundamentalAnalysis", HOSTILE)
            .put("recommendations", HOSTILE)
            .put("currencyPairs", new JsonArray().add(HOSTILE))
            .put("aiModel", HOSTILE);
        String html = japanese.html(Report.fromJson(json));

        assertThat(html).doesNotContain("<script>", "<img", "<b>", "onerror=");
        assertThat(html.split(java.util.regex.Pattern.quote(HOSTILE_ESCAPED), -1)).hasSize(9);
        assertThat(html).contains(HOSTILE_ESCAPED + "<br>&lt;b&gt;bold&lt;/b&gt;");
    }

    @Test
    @DisplayName("has the subject 'Exchange Analytics - <title>' with line breaks removed")
    void subject() {
        Report report = Report.fromJson(report().put("title", "Alert\r\nBcc: victim@example.com"));
        String subject = japanese.subject(report);

        assertThat(subject).isEqualTo("Exchange Analytics - Alert Bcc: victim@example.com");
        assertThat(EmailValidation.subject(subject)).isEqualTo(subject);
        EmailMessage mail = japanese.render(report, List.of("desk@example.com"));
        assertThat(mail.subject()).isEqualTo(subject);
        assertThat(mail.html()).isNotNull();
        assertThat(mail.text()).startsWith("📊 Alert\r\nBcc").contains("[市場サマリー]\nThe yen strengthened.\n");
    }

    @Test
    @DisplayName("test email carries the original design's wording")
    void testEmail() {
        EmailMessage mail = ReportEmailRenderer.testEmail(List.of("ops@example.com"));

        assertThat(mail.subject()).isEqualTo("Exchange Analytics - Test Email");
        assertThat(mail.text()).startsWith("This is a test email from Exchange Analytics.")
            .contains("If you received this email, the email notification system is working correctly.")
            .endsWith("--\nExchange Analytics Team\n");
        assertThat(mail.html()).isNull();
        assertThat(mail.to()).containsExactly("ops@example.com");
    }

    private static JsonObject withEmail(String key, Object value) {
        JsonObject config = TestConfig.base();
        config.getJsonObject("notify").getJsonObject("email").put(key, value);
        return config;
    }
}
