package com.exchangeanalytics.infra.cache;

import com.exchangeanalytics.infra.support.RedisServer;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static com.exchangeanalytics.infra.cache.CacheContractTest.await;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Redis-style glob patterns")
class GlobTest {

    /** pattern | key | whether Redis matches it; checked here and against a real redis-server below. */
    private static final String CASES = """
        *|anything|true
        *|''|true
        rate:*|rate:USD|true
        rate:*|report:1|false
        h?llo|hello|true
        h?llo|hllo|false
        h*llo|heeeello|true
        h*llo|hello world|false
        h[ae]llo|hallo|true
        h[ae]llo|hillo|false
        h[^e]llo|hallo|true
        h[^e]llo|hello|false
        h[a-c]llo|hbllo|true
        h[c-a]llo|hbllo|true
        h[a-c]llo|hdllo|false
        a\\*b|a*b|true
        a\\*b|axb|false
        a\\?b|a?b|true
        a[\\]]b|a]b|true
        \\[x]|[x]|true
        *:1|a:b:1|true
        *a*b*c*|xxaxxbxxcxx|true
        *a*b*c*|xxaxxcxxbxx|false
        CaSe|case|false
        h[ab|ha|true
        h[ab|hc|false
        a[^|ab|true
        a[|a[|false
        x[]a]|xa]|false
        x[]a]|x]a]|false
        h[a-]llo|h^|true
        h[a-]llo|hl|true
        h[a-]llo|h^llo|false
        h[a-]|h-|false
        h[a-]|h]|true
        [\\a-c]|b|false
        [\\a-c]|-|true
        [a\\-c]|-|true
        [a\\-c]|b|false
        ab\\|ab\\|true
        **a**|xay|true
        caf?|café|false
        caf??|café|true
        caf*|café|true
        caf[é]|café|false
        caf[é]?|café|true
        caf[^a]?|café|true
        ?|é|false
        ??|é|true
        ????|\uD83D\uDCB1|true
        [a-é]|A|true
        [a-é]|b|false
        [a-é]?|é|true
        [é-z]|b|true
        [é-z]?|é|true
        """;

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String line : CASES.strip().split("\n")) {
            String[] fields = line.split("\\|");
            String key = fields[1].equals("''") ? "" : fields[1];
            cases.add(Arguments.of(fields[0], key, Boolean.parseBoolean(fields[2])));
        }
        return cases;
    }

    @ParameterizedTest(name = "''{0}'' against ''{1}'' is {2}")
    @DisplayName("match whole keys over their UTF-8 bytes as Redis does")
    @MethodSource("cases")
    void matches(String pattern, String key, boolean expected) {
        assertThat(Glob.compile(pattern).matches(key)).isEqualTo(expected);
    }

    @Test
    @DisplayName("agree with a real redis-server on every case")
    void agreesWithRedis(Vertx vertx) {
        try (RedisServer server = RedisServer.start()) {
            Redis client = Redis.createClient(vertx, server.url());
            RedisConnection redis = await(client.connect());
            List<String> disagreements = new ArrayList<>();
            for (Arguments arguments : cases()) {
                String pattern = (String) arguments.get()[0];
                String key = (String) arguments.get()[1];
                await(redis.send(Request.cmd(Command.FLUSHALL)));
                await(redis.send(Request.cmd(Command.SET).arg(key).arg("1")));
                // KEYS is fine on a test server of its own; the service only ever uses SCAN
                Response found = await(redis.send(Request.cmd(Command.KEYS).arg(pattern)));
                boolean redisMatches = found.size() == 1;
                if (redisMatches != Glob.compile(pattern).matches(key)) {
                    disagreements.add("'" + pattern + "' against '" + key + "': Redis says " + redisMatches);
                }
            }
            client.close();
            assertThat(disagreements).isEmpty();
        }
    }

    @ParameterizedTest(name = "''{0}''")
    @DisplayName("escape text so that it matches only itself")
    @CsvSource(delimiter = '|', value = {"exchange_analytics:", "a*b?c[d]e\\f", "[^x]-", "***", "café[é]*:",
        "\uD83D\uDCB1?:"})
    void escapes(String text) {
        Glob glob = Glob.compile(Glob.escape(text) + "*");
        assertThat(glob.matches(text)).isTrue();
        assertThat(glob.matches(text + "more")).isTrue();
        assertThat(glob.matches("x" + text)).isFalse();
        assertThat(Glob.compile(Glob.escape(text)).matches(text.replace('*', 'z'))).isEqualTo(!text.contains("*"));
    }
}
