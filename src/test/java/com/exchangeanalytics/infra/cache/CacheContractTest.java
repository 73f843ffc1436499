package com.exchangeanalytics.infra.cache;

import com.exchangeanalytics.infra.common.Addresses;
import com.exchangeanalytics.infra.common.Meters;
import com.exchangeanalytics.infra.support.LogCapture;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The contract of {@code infra.cache} (docs/cache.md), run through the event bus against each store by a
 * subclass. Every test gets its own key prefix, one full of glob metacharacters, so escaping is always on
 * trial.
 */
@ExtendWith(VertxExtension.class)
abstract class CacheContractTest {

    private static final AtomicInteger TEST_NUMBER = new AtomicInteger();
    private static final long WAIT_SECONDS = 15;

    protected Vertx vertx;
    protected CacheClient cache;
    protected String prefix;

    /** The {@code cache} config section selecting the store under test (the prefix is added here). */
    protected abstract JsonObject cacheSection();

    /** Writes a key as is, without the service and without its prefix. */
    protected abstract void writeDirectly(String fullKey, String value);

    /** Reads a key as is, without the service; null when missing. */
    protected abstract String readDirectly(String fullKey);

    protected abstract String expectedStore();

    @BeforeEach
    void deployCache(Vertx vertx) {
        this.vertx = vertx;
        this.prefix = "ct" + TEST_NUMBER.incrementAndGet() + "*?[x]\\:";
        JsonObject config = new JsonObject().put("cache", cacheSection().put("keyPrefix", prefix));
        await(vertx.deployVerticle(new CacheVerticle(), new DeploymentOptions().setConfig(config)));
        this.cache = new CacheClient(vertx, 10_000);
    }

    // ---- get and set ------------------------------------------------------------------------------

    @Test
    @DisplayName("answers found:false and no value for a missing key")
    void missingKey() {
        JsonObject reply = await(request("get", new JsonObject().put("key", "nothing-here")));
        assertThat(reply).isEqualTo(new JsonObject().put("found", false));
    }

    @Test
    @DisplayName("gives back every kind of JSON value exactly as it was stored")
    void roundTripsJson() {
        Map<String, Object> values = Map.of(
            "object", new JsonObject().put("rate", 151.25).put("pair", "USD/JPY")
                .put("nested", new JsonObject().put("list", new JsonArray().add(1).add("two").addNull())),
            "array", new JsonArray().add(1).add(2.5).add(true).add(new JsonObject().put("a", "b")),
            "string", "為替レート \"quoted\" \\ and \n newline",
            "int", 42,
            "long", 9_007_199_254_740_993L,
            "double", 0.1,
            "true", true,
            "false", false);
        values.forEach((key, value) -> await(cache.set(key, value)));
        values.forEach((key, value) -> {
            JsonObject reply = await(cache.get(key));
            assertThat(reply.getBoolean("found")).as(key).isTrue();
            assertThat(reply.getValue("value")).as(key).isEqualTo(value);
        });
    }

    @Test
    @DisplayName("stores JSON null as a value: get answers found:true with value null")
    void storesNull() {
        JsonObject setReply = await(request("set", new JsonObject().put("key", "nothing").putNull("value")));
        assertThat(setReply).isEqualTo(new JsonObject().put("ok", true));
        JsonObject reply = await(request("get", new JsonObject().put("key", "nothing")));
        assertThat(reply.getBoolean("found")).isTrue();
        assertThat(reply.containsKey("value")).isTrue();
        assertThat(reply.getValue("value")).isNull();
    }

    @Test
    @DisplayName("overwrites a value and drops its old expiry on a set without TTL")
    void overwrite() {
        await(cache.set("k", "first", 100));
        await(cache.set("k", "second"));
        assertThat(await(cache.get("k")).getValue("value")).isEqualTo("second");
        assertThat(await(cache.ttl("k"))).isEqualTo(-1L);
    }

    @Test
    @DisplayName("accepts a value of exactly 1 MiB encoded and refuses one byte more")
    void valueSizeLimit() {
        String atLimit = "x".repeat(CacheService.MAX_VALUE_BYTES - 2);
        await(cache.set("big", atLimit));
        assertThat(await(cache.get("big")).getString("value")).hasSize(atLimit.length());
        ReplyException tooBig = failureOf(cache.set("big", atLimit + "x"));
        assertThat(tooBig.failureCode()).isEqualTo(400);
        assertThat(tooBig.getMessage()).contains("field 'value'", "1048576 bytes");
    }

    @Test
    @DisplayName("accepts a key of 512 characters")
    void longestKey() {
        String key = "k".repeat(CacheService.MAX_KEY_LENGTH);
        await(cache.set(key, 1));
        assertThat(await(cache.exists(key))).isTrue();
    }

    @Test
    @DisplayName("counts a key's length in characters, not UTF-16 units: 512 emoji pass, 513 are refused")
    void keyLengthInCodePoints() {
        String emoji = "\uD83D\uDCB1";
        String longest = emoji.repeat(CacheService.MAX_KEY_LENGTH);
        String tooLong = longest + emoji;
        await(cache.set(longest, 1));
        assertThat(await(cache.get(longest)).getInteger("value")).isEqualTo(1);
        assertThat(await(cache.getMany(List.of(longest))).fieldNames()).containsExactly(longest);
        assertThat(await(cache.setMany(new JsonObject().put(longest, 2), 60L))).isEqualTo(1);
        assertThat(await(cache.clearPattern(longest))).isEqualTo(1L);

        ReplyException single = failureOf(cache.set(tooLong, 1));
        assertThat(single.failureCode()).isEqualTo(400);
        assertThat(single.getMessage()).isEqualTo("field 'key' must be at most 512 characters");
        ReplyException many = failureOf(cache.getMany(List.of(tooLong)));
        assertThat(many.failureCode()).isEqualTo(400);
        assertThat(many.getMessage()).contains("must not hold a key over 512 characters");
        ReplyException pattern = failureOf(cache.clearPattern(tooLong));
        assertThat(pattern.failureCode()).isEqualTo(400);
        assertThat(pattern.getMessage()).isEqualTo("field 'pattern' must be at most 512 characters");
    }

    // ---- delete, exists, expire, ttl --------------------------------------------------------------

    @Test
    @DisplayName("deletes a key once: deleted is true, then false")
    void delete() {
        await(cache.set("gone", "soon"));
        assertThat(await(cache.delete("gone"))).isTrue();
        assertThat(await(cache.delete("gone"))).isFalse();
        assertThat(await(cache.get("gone")).getBoolean("found")).isFalse();
    }

    @Test
    @DisplayName("tells whether a key exists")
    void exists() {
        await(cache.set("here", new JsonObject()));
        assertThat(await(cache.exists("here"))).isTrue();
        assertThat(await(cache.exists("not-here"))).isFalse();
    }

    @Test
    @DisplayName("reports TTLs as Redis does: seconds left, -1 without expiry, -2 when missing")
    void ttl() {
        await(cache.set("with-ttl", 1, 100));
        await(cache.set("without-ttl", 1));
        assertThat(await(cache.ttl("with-ttl"))).isBetween(99L, 100L);
        assertThat(await(cache.ttl("without-ttl"))).isEqualTo(-1L);
        assertThat(await(cache.ttl("missing"))).isEqualTo(-2L);
    }

    @Test
    @DisplayName("sets an expiry on an existing key and answers updated:false for a missing one")
    void expire() {
        await(cache.set("e", "v"));
        assertThat(await(cache.expire("e", 50))).isTrue();
        assertThat(await(cache.ttl("e"))).isBetween(49L, 50L);
        assertThat(await(cache.expire("missing", 50))).isFalse();
        assertThat(await(cache.exists("missing"))).isFalse();
    }

    @Test
    @DisplayName("forgets a key once its TTL has passed")
    void expiry() {
        await(cache.set("short", "lived", 1));
        await(cache.setMany(new JsonObject().put("short-a", 1).put("short-b", 2), 1L));
        assertThat(await(cache.exists("short"))).isTrue();
        waitUntil(() -> cache.exists("short").map(exists -> !exists));
        waitUntil(() -> cache.getMany(List.of("short-a", "short-b")).map(JsonObject::isEmpty));
        assertThat(await(cache.get("short")).getBoolean("found")).isFalse();
        assertThat(await(cache.ttl("short"))).isEqualTo(-2L);
    }

    @Test
    @DisplayName("applies requests sent without waiting in the order they were sent")
    void keepsOrderOfRequestsInFlight() {
        // waves of 500 requests in flight stay below cache.poolWaiting, which also holds without pipelining
        for (int wave = 0; wave < 4; wave++) {
            expectOrderKept(wave * 50, 50);
        }
    }

    private void expectOrderKept(int first, int rounds) {
        List<Future<Boolean>> deletes = new ArrayList<>();
        List<Future<Boolean>> expires = new ArrayList<>();
        List<Future<Long>> increments = new ArrayList<>();
        List<Future<JsonObject>> getsAfterDelete = new ArrayList<>();
        List<Future<?>> all = new ArrayList<>();
        for (int i = first; i < first + rounds; i++) {
            all.add(cache.set("deleted:" + i, i));
            deletes.add(cache.delete("deleted:" + i));
            getsAfterDelete.add(cache.get("deleted:" + i));
            all.add(cache.set("expiring:" + i, i));
            expires.add(cache.expire("expiring:" + i, 1000));
            all.add(cache.set("counted:" + i, i));
            increments.add(cache.increment("counted:" + i, 1));
            all.add(cache.set("rewritten:" + i, "first"));
            all.add(cache.delete("rewritten:" + i));
            all.add(cache.set("rewritten:" + i, "second"));
        }
        all.addAll(deletes);
        all.addAll(expires);
        all.addAll(increments);
        all.addAll(getsAfterDelete);
        await(Future.all(all));

        for (int n = 0; n < rounds; n++) {
            int i = first + n;
            assertThat(deletes.get(n).result()).as("delete after set " + i).isTrue();
            assertThat(getsAfterDelete.get(n).result().getBoolean("found")).as("get after delete " + i).isFalse();
            assertThat(expires.get(n).result()).as("expire after set " + i).isTrue();
            assertThat(increments.get(n).result()).as("increment after set " + i).isEqualTo(i + 1L);
        }
        List<String> deleted = IntStream.range(first, first + rounds).mapToObj(i -> "deleted:" + i).toList();
        assertThat(await(cache.getMany(deleted))).as("keys deleted after their set").isEmpty();
        for (int i = first; i < first + rounds; i++) {
            assertThat(await(cache.ttl("expiring:" + i))).as("ttl of expiring:" + i).isPositive();
            assertThat(await(cache.get("rewritten:" + i)).getValue("value")).as("rewritten:" + i)
                .isEqualTo("second");
        }
    }

    // ---- increment --------------------------------------------------------------------------------

    @Test
    @DisplayName("increments from zero by 1 by default, by any integer amount, and get answers the number")
    void increment() {
        assertThat(await(request("increment", new JsonObject().put("key", "n"))).getLong("value")).isEqualTo(1L);
        assertThat(await(cache.increment("n", 10))).isEqualTo(11L);
        assertThat(await(cache.increment("n", -20))).isEqualTo(-9L);
        assertThat(await(cache.get("n")).getValue("value")).isEqualTo(-9);
        await(cache.set("stored-number", 41));
        assertThat(await(cache.increment("stored-number", 1))).isEqualTo(42L);
    }

    @Test
    @DisplayName("keeps a key's expiry when incrementing it")
    void incrementKeepsTtl() {
        await(cache.set("counter", 5, 100));
        await(cache.increment("counter", 1));
        assertThat(await(cache.ttl("counter"))).isBetween(99L, 100L);
    }

    @Test
    @DisplayName("refuses with 400 to increment a value that is not an integer, and leaves it as it was")
    void incrementNonInteger() {
        Map<String, Object> values = Map.of("text", "abc", "numeric-text", "5", "fraction", 1.5,
            "object", new JsonObject().put("n", 1), "bool", true);
        values.forEach((key, value) -> {
            await(cache.set(key, value));
            ReplyException failure = failureOf(cache.increment(key, 1));
            assertThat(failure.failureCode()).as(key).isEqualTo(400);
            assertThat(failure.getMessage()).as(key).isEqualTo(CacheStore.NOT_AN_INTEGER);
            assertThat(await(cache.get(key)).getValue("value")).as(key).isEqualTo(value);
        });
    }

    @Test
    @DisplayName("refuses with 400 an increment that would overflow 64 bits")
    void incrementOverflow() {
        await(cache.set("max", Long.MAX_VALUE));
        ReplyException failure = failureOf(cache.increment("max", 1));
        assertThat(failure.failureCode()).isEqualTo(400);
        assertThat(failure.getMessage()).isEqualTo(CacheStore.OVERFLOW);
    }

    @Test
    @DisplayName("counts exactly 200 after 200 concurrent increments, each answering a distinct value")
    void concurrentIncrements() {
        int n = 200;
        List<Future<Long>> increments = IntStream.range(0, n)
            .mapToObj(i -> cache.increment("hits", 1))
            .toList();
        await(Future.all(increments));
        assertThat(new HashSet<>(increments.stream().map(Future::result).toList())).hasSize(n);
        assertThat(await(cache.get("hits")).getValue("value")).isEqualTo(n);
    }

    // ---- getMany, setMany -------------------------------------------------------------------------

    @Test
    @DisplayName("getMany answers only the keys found, without the prefix")
    void getMany() {
        await(cache.set("a", 1));
        await(cache.set("b", new JsonObject().put("x", "y")));
        await(cache.set("c", (Object) null));
        JsonObject values = await(cache.getMany(List.of("a", "b", "c", "missing", "a")));
        assertThat(values).isEqualTo(new JsonObject().put("a", 1).put("b", new JsonObject().put("x", "y"))
            .putNull("c"));
        assertThat(await(cache.getMany(List.of()))).isEmpty();
    }

    @Test
    @DisplayName("setMany stores every entry, with the TTL when given, and answers the count")
    void setMany() {
        JsonObject entries = new JsonObject().put("r1", 1.5).put("r2", "two").put("r3", new JsonArray().add(3));
        assertThat(await(cache.setMany(entries, null))).isEqualTo(3);
        assertThat(await(cache.getMany(List.of("r1", "r2", "r3")))).isEqualTo(entries);
        assertThat(await(cache.ttl("r1"))).isEqualTo(-1L);

        assertThat(await(cache.setMany(new JsonObject().put("t1", 1).put("t2", 2), 60L))).isEqualTo(2);
        assertThat(await(cache.ttl("t1"))).isBetween(59L, 60L);
        assertThat(await(cache.ttl("t2"))).isBetween(59L, 60L);
        assertThat(await(cache.setMany(new JsonObject(), null))).isZero();
    }

    // ---- clearPattern and the prefix --------------------------------------------------------------

    @Test
    @DisplayName("clearPattern deletes the keys matching a glob with *, ?, [..] and \\ escapes, and counts them")
    void clearPattern() {
        List.of("rate:USD:1", "rate:USD:2", "rate:EUR:1", "rate:JPY:1", "report:1", "lit*eral", "litXeral")
            .forEach(key -> await(cache.set(key, key)));
        assertThat(await(cache.clearPattern("rate:[UE]??:1"))).isEqualTo(2L);
        assertThat(await(cache.exists("rate:USD:2"))).isTrue();
        assertThat(await(cache.exists("rate:JPY:1"))).isTrue();
        assertThat(await(cache.clearPattern("lit\\*eral"))).isEqualTo(1L);
        assertThat(await(cache.exists("litXeral"))).isTrue();
        assertThat(await(cache.clearPattern("rate:*"))).isEqualTo(2L);
        assertThat(await(cache.clearPattern("nothing*"))).isZero();
        assertThat(await(cache.exists("report:1"))).isTrue();
    }

    @Test
    @DisplayName("clearPattern matches UTF-8 bytes as Redis does: ? is one byte, so caf? misses café and caf?? hits it")
    void clearPatternMatchesBytes() {
        List.of("café", "cafe", "caf\uD83D\uDCB1").forEach(key -> await(cache.set(key, key)));
        assertThat(await(cache.clearPattern("caf?"))).isEqualTo(1L);
        assertThat(await(cache.exists("café"))).isTrue();
        assertThat(await(cache.exists("cafe"))).isFalse();
        assertThat(await(cache.clearPattern("caf[é]"))).isZero();
        assertThat(await(cache.clearPattern("caf??"))).isEqualTo(1L);
        assertThat(await(cache.exists("café"))).isFalse();
        assertThat(await(cache.clearPattern("caf???"))).isZero();
        assertThat(await(cache.clearPattern("caf????"))).isEqualTo(1L);
    }

    @Test
    @DisplayName("clearPattern walks more keys than one SCAN batch")
    void clearManyKeys() {
        JsonObject bulk = new JsonObject();
        JsonObject more = new JsonObject();
        IntStream.range(0, 1000).forEach(i -> bulk.put("bulk:" + i, i));
        IntStream.range(0, 200).forEach(i -> more.put("more:" + i, i));
        await(cache.setMany(bulk, null));
        await(cache.setMany(more, null));
        assertThat(await(cache.clearPattern("*"))).isEqualTo(1200L);
        assertThat(await(cache.getMany(List.of("bulk:0", "bulk:999", "more:199")))).isEmpty();
    }

    @Test
    @DisplayName("never touches keys outside its prefix and never shows the prefix to callers")
    void prefixIsolation() {
        String outside = "ct-outside:" + prefix.length();
        // a key that an unescaped prefix pattern (ctN*?[x]\:) would match
        String lookalike = prefix.substring(0, prefix.indexOf('*')) + "-other-x:k";
        writeDirectly(outside, "\"theirs\"");
        writeDirectly(lookalike, "\"theirs too\"");
        writeDirectly("k", "\"unprefixed\"");
        await(cache.set("k", "mine"));

        assertThat(readDirectly(prefix + "k")).isEqualTo("\"mine\"");
        assertThat(await(cache.get("k")).getValue("value")).isEqualTo("mine");
        assertThat(await(cache.getMany(List.of("k"))).fieldNames()).containsExactly("k");
        assertThat(await(cache.clearPattern("*"))).isEqualTo(1L);

        assertThat(readDirectly(outside)).isEqualTo("\"theirs\"");
        assertThat(readDirectly(lookalike)).isEqualTo("\"theirs too\"");
        assertThat(readDirectly("k")).isEqualTo("\"unprefixed\"");
        assertThat(await(cache.exists("k"))).isFalse();
    }

    // ---- info and ping ----------------------------------------------------------------------------

    @Test
    @DisplayName("info names the store and gives its figures")
    void info() {
        await(cache.set("i", 1));
        await(cache.get("i"));
        await(cache.get("i-missing"));
        JsonObject info = await(cache.info());
        assertThat(info.getString("store")).isEqualTo(expectedStore());
        assertThat(info.getString("version")).isNotBlank();
        assertThat(info.getLong("usedMemoryBytes")).isPositive();
        assertThat(info.getLong("connectedClients")).isPositive();
        assertThat(info.getLong("commandsProcessed")).isGreaterThanOrEqualTo(3);
        assertThat(info.getLong("keyspaceHits")).isPositive();
        assertThat(info.getLong("keyspaceMisses")).isPositive();
        assertThat(info.getLong("uptimeSeconds")).isNotNegative();
    }

    @Test
    @DisplayName("ping answers the store and a latency")
    void ping() {
        JsonObject reply = await(cache.ping());
        assertThat(reply.getString("store")).isEqualTo(expectedStore());
        assertThat(reply.getDouble("latencyMs")).isNotNegative().isLessThan(5000.0);
    }

    // ---- bad input --------------------------------------------------------------------------------

    @Test
    @DisplayName("answers bad input to every action with 400 and the reason")
    void badInput() {
        String longKey = "k".repeat(CacheService.MAX_KEY_LENGTH + 1);
        JsonArray tooManyKeys = new JsonArray();
        IntStream.rangeClosed(0, CacheService.MAX_KEYS_PER_CALL).forEach(i -> tooManyKeys.add("k" + i));
        String bigValue = "x".repeat(CacheService.MAX_VALUE_BYTES);
        List<Object[]> cases = new ArrayList<>(List.of(
            new Object[] {"set", new JsonObject().put("value", 1), "field 'key' is required"},
            new Object[] {"set", new JsonObject().put("key", "k"), "field 'value' is required"},
            new Object[] {"set", json("key", "", "value", 1), "field 'key' must not be empty"},
            new Object[] {"set", json("key", longKey, "value", 1), "field 'key' must be at most 512 characters"},
            new Object[] {"set", json("key", 7, "value", 1), "field 'key' must be a string"},
            new Object[] {"set", json("key", "k", "value", 1, "ttlSeconds", 0), "'ttlSeconds' must be a positive"},
            new Object[] {"set", json("key", "k", "value", 1, "ttlSeconds", -5), "'ttlSeconds' must be a positive"},
            new Object[] {"set", json("key", "k", "value", 1, "ttlSeconds", 1.5), "'ttlSeconds' must be an integer"},
            new Object[] {"set", json("key", "k", "value", 1, "ttlSeconds", "10"), "'ttlSeconds' must be an integer"},
            new Object[] {"set", json("key", "k", "value", bigValue), "field 'value' must not hold a value over"},
            new Object[] {"get", new JsonObject(), "field 'key' is required"},
            new Object[] {"get", json("key", ""), "field 'key' must not be empty"},
            new Object[] {"get", json("key", longKey), "at most 512"},
            new Object[] {"delete", new JsonObject(), "field 'key' is required"},
            new Object[] {"delete", json("key", ""), "must not be empty"},
            new Object[] {"exists", json("key", List.of()), "field 'key' must be a string"},
            new Object[] {"ttl", new JsonObject(), "field 'key' is required"},
            new Object[] {"expire", json("key", "k"), "field 'ttlSeconds' is required"},
            new Object[] {"expire", json("key", "k", "ttlSeconds", -1), "'ttlSeconds' must be a positive"},
            new Object[] {"expire", json("ttlSeconds", 5), "field 'key' is required"},
            new Object[] {"increment", json("key", "k", "amount", 1.5), "field 'amount' must be an integer"},
            new Object[] {"increment", json("key", "k", "amount", "3"), "field 'amount' must be an integer"},
            new Object[] {"increment", json("amount", 3), "field 'key' is required"},
            new Object[] {"getMany", new JsonObject(), "field 'keys' is required"},
            new Object[] {"getMany", json("keys", "a"), "field 'keys' must be a JSON array"},
            new Object[] {"getMany", json("keys", new JsonArray().add(1)), "field 'keys' must be an array of strings"},
            new Object[] {"getMany", json("keys", new JsonArray().add("")), "field 'keys' must not hold an empty key"},
            new Object[] {"getMany", json("keys", new JsonArray().add(longKey)), "must not hold a key over 512"},
            new Object[] {"getMany", json("keys", tooManyKeys), "field 'keys' must hold at most 1000 keys"},
            new Object[] {"setMany", new JsonObject(), "field 'entries' is required"},
            new Object[] {"setMany", json("entries", new JsonArray()), "field 'entries' must be a JSON object"},
            new Object[] {"setMany", json("entries", json("", 1)), "field 'entries' must not hold an empty key"},
            new Object[] {"setMany", json("entries", json("a", 1), "ttlSeconds", 0), "must be a positive"},
            new Object[] {"setMany", json("entries", json("a", bigValue)), "field 'entries' must not hold a value"},
            new Object[] {"clearPattern", new JsonObject(), "field 'pattern' is required"},
            new Object[] {"clearPattern", json("pattern", ""), "field 'pattern' must not be empty"},
            new Object[] {"clearPattern", json("pattern", 5), "field 'pattern' must be a string"},
            new Object[] {"nonsense", new JsonObject(), "unknown action 'nonsense'"},
            new Object[] {"get", "not json", "body must be a JSON object"}));
        for (Object[] badCase : cases) {
            ReplyException failure = failureOf(request((String) badCase[0], badCase[1]));
            assertThat(failure.failureCode()).as(badCase[0] + " " + badCase[1]).isEqualTo(400);
            assertThat(failure.getMessage()).as(badCase[0] + " " + badCase[1]).contains((String) badCase[2]);
        }
        assertThat(await(cache.exists("k"))).as("no bad request wrote anything").isFalse();
    }

    // ---- observability ----------------------------------------------------------------------------

    @Test
    @DisplayName("counts hits, misses, successes and errors and logs no key or value")
    void metricsAndLogs() {
        double hits = count("get", CacheMetrics.HIT);
        double misses = count("get", CacheMetrics.MISS);
        double sets = count("set", CacheMetrics.OK);
        double errors = count("increment", CacheMetrics.ERROR);
        try (LogCapture logs = LogCapture.attach()) {
            await(cache.set("secret-key-4711", "secret-value-0815"));
            await(cache.get("secret-key-4711"));
            await(cache.get("secret-key-missing"));
            failureOf(cache.increment("secret-key-4711", 1));
            assertThat(logs.text()).doesNotContain("secret-key", "secret-value");
        }
        assertThat(count("get", CacheMetrics.HIT)).isEqualTo(hits + 1);
        assertThat(count("get", CacheMetrics.MISS)).isEqualTo(misses + 1);
        assertThat(count("set", CacheMetrics.OK)).isEqualTo(sets + 1);
        assertThat(count("increment", CacheMetrics.ERROR)).isEqualTo(errors + 1);
        assertThat(Meters.registry().find(CacheMetrics.OPERATION).tag("action", "get").timer()).isNotNull();
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static double count(String action, String result) {
        Counter counter = Meters.registry().find(CacheMetrics.REQUESTS)
            .tag("action", action)
            .tag("result", result)
            .counter();
        return counter == null ? 0 : counter.count();
    }

    protected Future<JsonObject> request(String action, Object body) {
        DeliveryOptions options = new DeliveryOptions().addHeader(Addresses.ACTION_HEADER, action);
        return vertx.eventBus().<JsonObject>request(Addresses.CACHE, body, options).map(reply -> reply.body());
    }

    protected static JsonObject json(Object... fieldsAndValues) {
        JsonObject json = new JsonObject();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            json.put((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return json;
    }

    /** Polls a condition every 50 ms until it holds, failing after {@value #WAIT_SECONDS} s. */
    protected static void waitUntil(Supplier<Future<Boolean>> condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!Boolean.TRUE.equals(await(condition.get()))) {
            if (System.nanoTime() > deadline) {
                fail("condition not met within " + WAIT_SECONDS + " s");
            }
            pause();
        }
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static <T> T await(Future<T> future) {
        try {
            return future.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within " + WAIT_SECONDS + " s", e);
        }
    }

    protected static ReplyException failureOf(Future<?> future) {
        try {
            Object result = future.await(WAIT_SECONDS, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + result);
        } catch (ReplyException e) {
            assertThat(e.failureType()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
            return e;
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within " + WAIT_SECONDS + " s", e);
        }
    }
}
