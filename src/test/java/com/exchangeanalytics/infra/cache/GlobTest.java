package com.exchangeanalytics.infra.cache;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Redis-style glob patterns")
class GlobTest {

    @ParameterizedTest(name = "''{0}'' against ''{1}'' is {2}")
    @DisplayName("match whole keys as Redis does")
    @CsvSource(delimiter = '|', value = {
        "*|anything|true",
        "*|''|true",
        "rate:*|rate:USD|true",
        "rate:*|report:1|false",
        "h?llo|hello|true",
        "h?llo|hllo|false",
        "h*llo|heeeello|true",
        "h*llo|hello world|false",
        "h[ae]llo|hallo|true",
        "h[ae]llo|hillo|false",
        "h[^e]llo|hallo|true",
        "h[^e]llo|hello|false",
        "h[a-c]llo|hbllo|true",
        "h[c-a]llo|hbllo|true",
        "h[a-c]llo|hdllo|false",
        "a\\*b|a*b|true",
        "a\\*b|axb|false",
        "a\\?b|a?b|true",
        "a[\\]]b|a]b|true",
        "\\[x]|[x]|true",
        "*:1|a:b:1|true",
        "*a*b*c*|xxaxxbxxcxx|true",
        "*a*b*c*|xxaxxcxxbxx|false",
        "CaSe|case|false",
        "h[ab|ha|true",
    })
    void matches(String pattern, String key, boolean expected) {
        assertThat(Glob.compile(pattern).matches(key)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "''{0}''")
    @DisplayName("escape text so that it matches only itself")
    @CsvSource(delimiter = '|', value = {"exchange_analytics:", "a*b?c[d]e\\f", "[^x]-", "***"})
    void escapes(String text) {
        Glob glob = Glob.compile(Glob.escape(text) + "*");
        assertThat(glob.matches(text)).isTrue();
        assertThat(glob.matches(text + "more")).isTrue();
        assertThat(glob.matches("x" + text)).isFalse();
        assertThat(Glob.compile(Glob.escape(text)).matches(text.replace('*', 'z'))).isEqualTo(!text.contains("*"));
    }
}
