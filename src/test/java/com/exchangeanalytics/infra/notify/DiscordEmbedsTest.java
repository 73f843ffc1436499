package com.exchangeanalytics.infra.notify;

import com.exchangeanalytics.infra.config.ConfigReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static com.exchangeanalytics.infra.notify.DiscordLimits.MARKER;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Discord embeds")
class DiscordEmbedsTest {

    private static final NotifyConfig.Colors COLORS =
        NotifyConfig.parse(new ConfigReader(new JsonObject())).discord().colors();
    private static final String AVATAR = "https://cdn.example/bot.png";
    private final DiscordEmbeds japanese = new DiscordEmbeds(Labels.of("ja"), COLORS, AVATAR);
    private final DiscordEmbeds english = new DiscordEmbeds(Labels.of("en"), COLORS, null);

    private static JsonObject embed(JsonObject message) {
        return message.getJsonArray("embeds").getJsonObject(0);
    }

    private static JsonObject field(JsonObject embed, int index) {
        return embed.getJsonArray("fields").getJsonObject(index);
    }

    private static String repeat(char c, int count) {
        return String.valueOf(c).repeat(count);
    }

    @Nested
    @DisplayName("for reports")
    class ReportEmbeds {

        @Test
        @DisplayName("follow the original design with Japanese labels by default")
        void japaneseReport() {
            JsonObject embed = embed(japanese.report(Reports.report(Reports.sample())));
            assertThat(embed.getString("title")).isEqualTo("📊 USD/JPY daily outlook");
            assertThat(embed.getString("description")).isEqualTo("The yen weakened after the BoJ meeting.");
            assertThat(embed.getInteger("color")).isEqualTo(0x00ff00);
            assertThat(embed.getString("timestamp")).isEqualTo("2025-08-09T09:00:00Z");
            assertThat(embed.getJsonArray("fields").stream().map(f -> ((JsonObject) f).getString("name")))
                .containsExactly("📈 テクニカル分析", "💱 分析対象通貨ペア", "🎯 信頼度", "🤖 AI モデル", "💡 推奨事項",
                    "🌍 ファンダメンタル分析");
            assertThat(field(embed, 1).getString("value")).isEqualTo("USD/JPY, EUR/JPY");
            assertThat(field(embed, 1).getBoolean("inline")).isTrue();
            assertThat(field(embed, 0).getBoolean("inline")).isFalse();
            assertThat(field(embed, 2).getString("value")).isEqualTo("85.0%");
            assertThat(field(embed, 3).getString("value")).isEqualTo("gpt-4o");
            assertThat(embed.getJsonObject("footer").getString("text"))
                .isEqualTo("レポートタイプ: daily | Exchange Analytics");
            assertThat(embed.getJsonObject("footer").getString("icon_url")).isEqualTo(AVATAR);
        }

        @Test
        @DisplayName("use English labels when the locale is en, and leave out absent optional sections")
        void englishWithoutOptionalSections() {
            JsonObject json = Reports.sample();
            json.remove("recommendations");
            json.remove("fundamentalAnalysis");
            json.remove("confidenceScore");
            JsonObject embed = embed(english.report(Reports.report(json)));
            assertThat(embed.getJsonArray("fields").stream().map(f -> ((JsonObject) f).getString("name")))
                .containsExactly("📈 Technical analysis", "💱 Currency pairs", "🎯 Confidence", "🤖 AI model");
            assertThat(field(embed, 2).getString("value")).isEqualTo("N/A");
            assertThat(embed.getInteger("color")).isEqualTo(0x0099ff);
            assertThat(embed.getJsonObject("footer").getString("text"))
                .isEqualTo("Report type: daily | Exchange Analytics");
            assertThat(embed.getJsonObject("footer").containsKey("icon_url")).isFalse();
        }

        @Test
        @DisplayName("are coloured by confidence: 0.8 and above green, 0.6 and above yellow, below orange")
        void confidenceColours() {
            assertThat(japanese.confidenceColor(0.8)).isEqualTo(0x00ff00);
            assertThat(japanese.confidenceColor(0.7999)).isEqualTo(0xffff00);
            assertThat(japanese.confidenceColor(0.6)).isEqualTo(0xffff00);
            assertThat(japanese.confidenceColor(0.5999)).isEqualTo(0xff8000);
            assertThat(japanese.confidenceColor(0.0)).isEqualTo(0xff8000);
            assertThat(japanese.confidenceColor(null)).isEqualTo(0x0099ff);
        }

        @Test
        @DisplayName("never send an empty field value")
        void noEmptyFieldValue() {
            JsonObject json = Reports.sample().put("currencyPairs", new JsonArray());
            JsonObject embed = embed(japanese.report(Reports.report(json)));
            assertThat(field(embed, 1).getString("value")).isEqualTo(DiscordLimits.PLACEHOLDER);
        }

        @Test
        @DisplayName("stay within 6000 characters in total by shortening the longest texts first")
        void totalLimit() {
            JsonObject json = Reports.sample()
                .put("marketSummary", repeat('s', 5000))
                .put("technicalAnalysis", repeat('t', 1500))
                .put("recommendations", repeat('r', 1500))
                .put("fundamentalAnalysis", repeat('f', 1500));
            JsonObject message = japanese.report(Reports.report(json));
            JsonObject embed = embed(message);
            assertThat(DiscordLimits.total(message.getJsonArray("embeds"))).isEqualTo(DiscordLimits.TOTAL);
            assertThat(field(embed, 0).getString("value")).hasSize(1024).endsWith(MARKER);
            assertThat(field(embed, 4).getString("value")).hasSize(1024);
            assertThat(field(embed, 5).getString("value")).hasSize(1024);
            assertThat(embed.getString("description")).endsWith(MARKER).hasSizeLessThan(4096);
            assertThat(field(embed, 3).getString("value")).isEqualTo("gpt-4o");
            assertThat(DiscordStandIn.DiscordRules.check(message)).isEmpty();
        }
    }

    @Nested
    @DisplayName("for alerts")
    class AlertEmbeds {

        @Test
        @DisplayName("carry each level's icon and colour and name the level in the footer")
        void levels() {
            Instant at = Instant.parse("2025-08-09T10:00:00Z");
            Object[][] expected = {
                {DiscordEmbeds.Level.INFO, "ℹ️", 0x3498db},
                {DiscordEmbeds.Level.WARNING, "⚠️", 0xf39c12},
                {DiscordEmbeds.Level.ERROR, "❌", 0xe74c3c},
                {DiscordEmbeds.Level.SUCCESS, "✅", 0x2ecc71}};
            for (Object[] row : expected) {
                DiscordEmbeds.Level level = (DiscordEmbeds.Level) row[0];
                JsonObject embed = embed(japanese.alert("Spread widened", "EUR/USD spread 3 pips", level, at,
                    0));
                assertThat(embed.getString("title")).isEqualTo(row[1] + " Spread widened");
                assertThat(embed.getInteger("color")).isEqualTo(row[2]);
                assertThat(embed.getString("description")).isEqualTo("EUR/USD spread 3 pips");
                assertThat(embed.getString("timestamp")).isEqualTo("2025-08-09T10:00:00Z");
                assertThat(embed.getJsonObject("footer").getString("text"))
                    .isEqualTo("アラートレベル: " + level.name() + " | Exchange Analytics");
            }
        }

        @Test
        @DisplayName("show repeats suppressed by dedup in the footer")
        void suppressedCount() {
            JsonObject embed = embed(english.alert("Feed down", "no ticks", DiscordEmbeds.Level.ERROR,
                Instant.now(), 3));
            assertThat(embed.getJsonObject("footer").getString("text"))
                .isEqualTo("Alert level: ERROR | 3 repeats suppressed | Exchange Analytics");
        }
    }

    @Nested
    @DisplayName("are shaped to Discord's limits")
    class Limits {

        private JsonObject shapeOne(JsonObject embed) {
            return embed(DiscordLimits.shape(new JsonObject().put("embeds", new JsonArray().add(embed))));
        }

        private void assertLimit(String key, int limit) {
            JsonObject at = shapeOne(new JsonObject().put(key, repeat('a', limit)));
            assertThat(at.getString(key)).hasSize(limit).doesNotContain(MARKER);
            JsonObject over = shapeOne(new JsonObject().put(key, repeat('a', limit + 1)));
            assertThat(over.getString(key)).hasSize(limit).endsWith(MARKER);
        }

        @Test
        @DisplayName("title 256 and description 4096: kept at the limit, cut with a marker over it")
        void titleAndDescription() {
            assertLimit("title", DiscordLimits.TITLE);
            assertLimit("description", DiscordLimits.DESCRIPTION);
        }

        @Test
        @DisplayName("field name 256, field value 1024, at most 25 fields")
        void fields() {
            JsonArray fields = new JsonArray();
            for (int i = 0; i < 26; i++) {
                int nameLength = i == 0 ? 256 : i == 1 ? 257 : 10;
                int valueLength = i == 0 ? 1024 : i == 1 ? 1025 : 100;
                fields.add(new JsonObject()
                    .put("name", repeat('n', nameLength))
                    .put("value", repeat('v', valueLength)));
            }
            JsonArray shaped = DiscordLimits.shape(new JsonObject().put("embeds", new JsonArray()
                .add(new JsonObject().put("fields", fields)))).getJsonArray("embeds");
            JsonArray result = shaped.getJsonObject(0).getJsonArray("fields");
            assertThat(result).hasSize(DiscordLimits.FIELDS);
            assertThat(result.getJsonObject(0).getString("name")).hasSize(256).doesNotContain(MARKER);
            assertThat(result.getJsonObject(1).getString("name")).hasSize(256).endsWith(MARKER);
            assertThat(DiscordLimits.total(shaped)).isLessThanOrEqualTo(DiscordLimits.TOTAL);
            for (int i = 0; i < result.size(); i++) {
                assertThat(result.getJsonObject(i).getString("value"))
                    .isNotBlank()
                    .hasSizeLessThanOrEqualTo(1024);
            }
            assertThat(DiscordStandIn.DiscordRules.check(new JsonObject().put("embeds", shaped))).isEmpty();
        }

        @Test
        @DisplayName("field value 1024 exactly is kept and 1025 is cut")
        void fieldValue() {
            JsonObject at = shapeOne(new JsonObject().put("fields", new JsonArray()
                .add(new JsonObject().put("name", "n").put("value", repeat('v', 1024)))
                .add(new JsonObject().put("name", "n").put("value", repeat('v', 1025)))));
            assertThat(field(at, 0).getString("value")).hasSize(1024).doesNotContain(MARKER);
            assertThat(field(at, 1).getString("value")).hasSize(1024).endsWith(MARKER);
        }

        @Test
        @DisplayName("footer 2048 and content 2000")
        void footerAndContent() {
            JsonObject at = shapeOne(new JsonObject()
                .put("footer", new JsonObject().put("text", repeat('f', 2048))));
            assertThat(at.getJsonObject("footer").getString("text")).hasSize(2048).doesNotContain(MARKER);
            JsonObject over = shapeOne(new JsonObject()
                .put("footer", new JsonObject().put("text", repeat('f', 2049))));
            assertThat(over.getJsonObject("footer").getString("text")).hasSize(2048).endsWith(MARKER);
            assertThat(DiscordLimits.shape(new JsonObject().put("content", repeat('c', 2000)))
                .getString("content"))
                .hasSize(2000).doesNotContain(MARKER);
            assertThat(DiscordLimits.shape(new JsonObject().put("content", repeat('c', 2001)))
                .getString("content"))
                .hasSize(2000).endsWith(MARKER);
        }

        @Test
        @DisplayName("a message of exactly 6000 characters is kept; one more and the longest text is cut")
        void totalAtAndOver() {
            JsonObject exact = new JsonObject()
                .put("title", repeat('t', 256))
                .put("description", repeat('d', 4096))
                .put("fields", new JsonArray()
                    .add(new JsonObject().put("name", repeat('n', 200)).put("value", repeat('v', 1024)))
                    .add(new JsonObject().put("name", repeat('m', 100)).put("value", repeat('w', 324))));
            JsonArray kept = DiscordLimits.shape(new JsonObject().put("embeds", new JsonArray().add(exact)))
                .getJsonArray("embeds");
            assertThat(DiscordLimits.total(kept)).isEqualTo(6000);
            assertThat(kept.getJsonObject(0).getString("description")).hasSize(4096).doesNotContain(MARKER);

            JsonObject oneOver = exact.copy();
            oneOver.getJsonArray("fields").getJsonObject(1).put("value", repeat('w', 325));
            JsonArray cut = DiscordLimits.shape(new JsonObject().put("embeds", new JsonArray().add(oneOver)))
                .getJsonArray("embeds");
            assertThat(DiscordLimits.total(cut)).isEqualTo(6000);
            assertThat(cut.getJsonObject(0).getString("description")).hasSize(4095).endsWith(MARKER);
            assertThat(cut.getJsonObject(0).getString("title")).hasSize(256).doesNotContain(MARKER);
            assertThat(field(cut.getJsonObject(0), 0).getString("value"))
                .hasSize(1024)
                .doesNotContain(MARKER);
            assertThat(field(cut.getJsonObject(0), 1).getString("value")).hasSize(325);
        }

        @Test
        @DisplayName("the total counts every embed of the message, and at most 10 embeds are sent")
        void totalAcrossEmbeds() {
            JsonArray embeds = new JsonArray();
            for (int i = 0; i < 11; i++) {
                embeds.add(new JsonObject().put("description", repeat('d', 1000)));
            }
            JsonArray shaped = DiscordLimits.shape(new JsonObject().put("embeds", embeds))
                .getJsonArray("embeds");
            assertThat(shaped).hasSize(DiscordLimits.EMBEDS);
            assertThat(DiscordLimits.total(shaped)).isLessThanOrEqualTo(6000);
            assertThat(shaped.getJsonObject(9).getString("description")).hasSize(600).endsWith(MARKER);
        }

        @Test
        @DisplayName("never split a surrogate pair and fill blank field names and values with a placeholder")
        void surrogatesAndBlanks() {
            JsonObject embed = shapeOne(new JsonObject()
                .put("title", "😀".repeat(200))
                .put("fields", new JsonArray().add(new JsonObject().put("name", " ").put("value", ""))));
            String title = embed.getString("title");
            assertThat(title.length()).isLessThanOrEqualTo(256);
            assertThat(Character.isHighSurrogate(title.charAt(title.length() - 2))).isFalse();
            assertThat(title.codePoints().filter(cp -> cp >= 0xD800 && cp <= 0xDFFF).count()).isZero();
            assertThat(field(embed, 0).getString("name")).isEqualTo(DiscordLimits.PLACEHOLDER);
            assertThat(field(embed, 0).getString("value")).isEqualTo(DiscordLimits.PLACEHOLDER);
        }
    }
}
