package com.exchangeanalytics.infra.notify;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Locale;

/**
 * Builds the embeds of Discord messages (after the original design's report and alert embeds) and
 * shapes each message to Discord's limits with {@link DiscordLimits}. The results are webhook message
 * bodies without identity: {@link DiscordWebhookClient} adds the bot name, avatar and mention policy.
 */
final class DiscordEmbeds {

    static final String REPORT_ICON = "📊";
    static final String NOT_AVAILABLE = "N/A";
    static final double HIGH_CONFIDENCE = 0.8;
    static final double MEDIUM_CONFIDENCE = 0.6;
    private static final int TEST_COLOR = 0x00ff00;

    /** The alert levels with their icons; colours come from config. */
    enum Level {
        INFO("ℹ️"), WARNING("⚠️"), ERROR("❌"), SUCCESS("✅");

        final String icon;

        Level(String icon) {
            this.icon = icon;
        }

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Level fromWire(String name) {
            for (Level level : values()) {
                if (level.wireName().equals(name)) {
                    return level;
                }
            }
            return null;
        }
    }

    private final Labels labels;
    private final NotifyConfig.Colors colors;
    private final String avatarUrl;

    DiscordEmbeds(Labels labels, NotifyConfig.Colors colors, String avatarUrl) {
        this.labels = labels;
        this.colors = colors;
        this.avatarUrl = avatarUrl;
    }

    /** The report as one embed: summary, analysis fields, confidence colour, report-type footer. */
    JsonObject report(Report report) {
        JsonArray fields = new JsonArray()
            .add(field(labels.technicalAnalysis(), report.technicalAnalysis(), false))
            .add(field(labels.currencyPairs(), String.join(", ", report.currencyPairs()), true))
            .add(field(labels.confidence(), confidenceText(report.confidenceScore()), true))
            .add(field(labels.aiModel(), report.aiModel(), true));
        if (report.recommendations() != null) {
            fields.add(field(labels.recommendations(), report.recommendations(), false));
        }
        if (report.fundamentalAnalysis() != null) {
            fields.add(field(labels.fundamentalAnalysis(), report.fundamentalAnalysis(), false));
        }
        JsonObject footer = new JsonObject()
            .put("text", String.format(labels.reportTypeFooter(), report.reportType()));
        if (avatarUrl != null) {
            footer.put("icon_url", avatarUrl);
        }
        JsonObject embed = new JsonObject()
            .put("title", REPORT_ICON + " " + report.title())
            .put("description", report.marketSummary())
            .put("color", confidenceColor(report.confidenceScore()))
            .put("timestamp", report.createdAt().toString())
            .put("fields", fields)
            .put("footer", footer);
        return message(embed);
    }

    /** An alert: icon and colour by level; the footer names the level and any suppressed repeats. */
    JsonObject alert(String title, String text, Level level, Instant at, int suppressedRepeats) {
        String footerLevel = level.name();
        if (suppressedRepeats > 0) {
            footerLevel += " | " + String.format(labels.suppressedRepeats(), suppressedRepeats);
        }
        JsonObject embed = new JsonObject()
            .put("title", level.icon + " " + title)
            .put("description", text)
            .put("color", levelColor(level))
            .put("timestamp", at.toString())
            .put("footer", new JsonObject()
                .put("text", String.format(labels.alertLevelFooter(), footerLevel)));
        return message(embed);
    }

    /** The message {@code testChannel} sends. */
    JsonObject test(Instant at) {
        return message(new JsonObject()
            .put("title", labels.testTitle())
            .put("description", labels.testDescription())
            .put("color", TEST_COLOR)
            .put("timestamp", at.toString())
            .put("footer", new JsonObject().put("text", labels.testFooter())));
    }

    int levelColor(Level level) {
        return switch (level) {
            case INFO -> colors.info();
            case WARNING -> colors.warning();
            case ERROR -> colors.error();
            case SUCCESS -> colors.success();
        };
    }

    int confidenceColor(Double score) {
        if (score == null) {
            return colors.confidenceNone();
        }
        if (score >= HIGH_CONFIDENCE) {
            return colors.confidenceHigh();
        }
        return score >= MEDIUM_CONFIDENCE ? colors.confidenceMedium() : colors.confidenceLow();
    }

    /** {@code 0.856} as {@code 85.6%}, or N/A. */
    static String confidenceText(Double score) {
        return score == null ? NOT_AVAILABLE : String.format(Locale.ROOT, "%.1f%%", score * 100);
    }

    private static JsonObject field(String name, String value, boolean inline) {
        return new JsonObject()
            .put("name", name)
            .put("value", value == null ? "" : value)
            .put("inline", inline);
    }

    private static JsonObject message(JsonObject embed) {
        return DiscordLimits.shape(new JsonObject().put("embeds", new JsonArray().add(embed)));
    }
}
