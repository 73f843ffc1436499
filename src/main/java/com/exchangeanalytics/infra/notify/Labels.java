package com.exchangeanalytics.infra.notify;

/**
 * The words of Discord embeds in the configured locale: the original design's Japanese by default,
 * English with {@code notify.locale = en}.
 */
record Labels(
    String technicalAnalysis,
    String currencyPairs,
    String confidence,
    String aiModel,
    String recommendations,
    String fundamentalAnalysis,
    String reportTypeFooter,
    String alertLevelFooter,
    String suppressedRepeats,
    String testTitle,
    String testDescription,
    String testFooter) {

    static final String PRODUCT = "Exchange Analytics";

    private static final Labels JAPANESE = new Labels(
        "📈 テクニカル分析",
        "💱 分析対象通貨ペア",
        "🎯 信頼度",
        "🤖 AI モデル",
        "💡 推奨事項",
        "🌍 ファンダメンタル分析",
        "レポートタイプ: %s | " + PRODUCT,
        "アラートレベル: %s | " + PRODUCT,
        "重複 %d 件を抑制",
        "🧪 テストメッセージ",
        "Exchange Analytics からのテストメッセージです。これが届いていれば Discord 通知は正常です。",
        PRODUCT + " テスト");

    private static final Labels ENGLISH = new Labels(
        "📈 Technical analysis",
        "💱 Currency pairs",
        "🎯 Confidence",
        "🤖 AI model",
        "💡 Recommendations",
        "🌍 Fundamental analysis",
        "Report type: %s | " + PRODUCT,
        "Alert level: %s | " + PRODUCT,
        "%d repeats suppressed",
        "🧪 Test message",
        "This is a test message from Exchange Analytics. If you can read it, Discord notifications work.",
        PRODUCT + " test");

    static Labels of(String locale) {
        return "en".equals(locale) ? ENGLISH : JAPANESE;
    }
}
