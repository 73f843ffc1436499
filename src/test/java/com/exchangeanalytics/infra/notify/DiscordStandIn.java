package com.exchangeanalytics.infra.notify;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Discord's webhook API as far as the notify service uses it, for tests and benchmarks: an HTTP server
 * that executes webhooks on {@code /api/v10/webhooks/{id}/{token}}, enforces the message limits with
 * Discord's 400 bodies (code 50035, "Invalid Form Body"), answers the message (with its id) only with
 * {@code wait=true}, demands a {@code DiscordBot (...)} User-Agent and a JSON body, rate-limits each
 * webhook (5 requests per 2 seconds by default) with Discord's headers and 429 bodies, and can be scripted
 * to fail (5xx), stall, answer Cloudflare or global 429s, forget a webhook (404), or hold every answer for
 * a while. It records every message it accepted, in order, and the most requests to each webhook it had
 * in flight at once. Thread-safe: tests read from their own thread.
 */
public final class DiscordStandIn implements AutoCloseable {

    /** A message Discord accepted. */
    public record Received(String webhookId, String token, String query, MultiMap headers, JsonObject body,
                           String messageId, long atMillis) {

        /** The first embed's title. */
        public String title() {
            JsonArray embeds = body.getJsonArray("embeds");
            return embeds == null || embeds.isEmpty() ? null : embeds.getJsonObject(0).getString("title");
        }
    }

    private enum Action { FAIL, STALL, CLOUDFLARE_429, GLOBAL_429, BUCKET_429 }

    private record Script(Action action, int status, double retryAfterSeconds) {
    }

    private static final class Window {
        long start;
        int used;
    }

    private static final Pattern V10 = Pattern.compile("^/api/v10/webhooks/([^/]+)/([^/]+)/?$");
    private static final Pattern ANY_VERSION = Pattern.compile("^/api(/v\\d+)?/webhooks/.*");

    private final Vertx vertx;
    private final Object lock = new Object();
    private final List<Received> received = new ArrayList<>();
    private final Deque<Script> scripts = new ArrayDeque<>();
    private final Map<String, Window> windows = new HashMap<>();
    private final Set<String> deleted = new HashSet<>();
    private final List<HttpServerRequest> stalled = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger discord429s = new AtomicInteger();
    private final AtomicInteger cloudflare429s = new AtomicInteger();
    private final AtomicInteger rejected400s = new AtomicInteger();
    private final AtomicLong lastRateLimitedAt = new AtomicLong();
    private final AtomicLong nextId = new AtomicLong(1_100_000_000_000_000_000L);
    private final Map<String, Integer> inFlight = new HashMap<>();
    private final Map<String, Integer> peakInFlight = new HashMap<>();
    private volatile long answerDelayMs;
    private volatile int limit = 5;
    private volatile long windowMs = 2000;
    private volatile boolean available = true;
    private volatile int port;
    private HttpServer server;

    private DiscordStandIn(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Starts on a free loopback port. */
    public static DiscordStandIn start(Vertx vertx) {
        DiscordStandIn standIn = new DiscordStandIn(vertx);
        standIn.listen(0);
        return standIn;
    }

    private void listen(int onPort) {
        try {
            server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(onPort))
                .requestHandler(this::handle)
                .listen()
                .await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("stand-in could not listen", e);
        }
        port = server.actualPort();
    }

    public int port() {
        return port;
    }

    /** The unversioned URL Discord's UI hands out. */
    public String webhookUrl(String id, String token) {
        return "http://127.0.0.1:" + port + "/api/webhooks/" + id + "/" + token;
    }

    /** Requests each webhook may make per window. */
    public DiscordStandIn rateLimit(int requestsPerWindow, Duration window) {
        this.limit = requestsPerWindow;
        this.windowMs = window.toMillis();
        return this;
    }

    /** Holds every message request this long before answering it, so overlapping requests show. */
    public DiscordStandIn answerAfter(Duration delay) {
        this.answerDelayMs = delay.toMillis();
        return this;
    }

    /** The most message requests to this webhook that were in flight at the same time. */
    public int peakInFlight(String webhookId) {
        synchronized (lock) {
            return peakInFlight.getOrDefault(webhookId, 0);
        }
    }

    /** While unavailable every request answers 503. */
    public void available(boolean up) {
        this.available = up;
    }

    public void failNext(int count, int status) {
        script(count, new Script(Action.FAIL, status, 0));
    }

    /** The next requests get no answer at all. */
    public void stallNext(int count) {
        script(count, new Script(Action.STALL, 0, 0));
    }

    /** The next requests get a Cloudflare 429: no {@code Via} header, an HTML body, {@code Retry-After}. */
    public void cloudflare429Next(int count, double retryAfterSeconds) {
        script(count, new Script(Action.CLOUDFLARE_429, 429, retryAfterSeconds));
    }

    public void global429Next(int count, double retryAfterSeconds) {
        script(count, new Script(Action.GLOBAL_429, 429, retryAfterSeconds));
    }

    /** A 429 for the webhook's bucket without the bucket being exhausted (a shared or sub-limit). */
    public void bucket429Next(int count, double retryAfterSeconds) {
        script(count, new Script(Action.BUCKET_429, 429, retryAfterSeconds));
    }

    private void script(int count, Script script) {
        synchronized (lock) {
            for (int i = 0; i < count; i++) {
                scripts.add(script);
            }
        }
    }

    /** The webhook is deleted: every request to it answers 404 Unknown Webhook. */
    public void deleteWebhook(String id) {
        synchronized (lock) {
            deleted.add(id);
        }
    }

    public List<Received> received() {
        synchronized (lock) {
            return List.copyOf(received);
        }
    }

    public List<String> titles() {
        return received().stream().map(Received::title).toList();
    }

    public int requests() {
        return requests.get();
    }

    /** Requests being held without an answer right now. */
    public int stalled() {
        synchronized (lock) {
            return stalled.size();
        }
    }

    public int discord429s() {
        return discord429s.get();
    }

    /** When the last 429 (of any kind) was answered, in epoch milliseconds. */
    public long lastRateLimitedAt() {
        return lastRateLimitedAt.get();
    }

    public int cloudflare429s() {
        return cloudflare429s.get();
    }

    public int rejected400s() {
        return rejected400s.get();
    }

    /** Stops listening (connections are refused) until {@link #restart()}. */
    public void stop() {
        try {
            server.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Listens again on the same port. */
    public void restart() {
        listen(port);
    }

    @Override
    public void close() {
        synchronized (lock) {
            stalled.forEach(request -> request.connection().close());
            stalled.clear();
        }
        try {
            server.close().await(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // closing in a test's cleanup
        }
    }

    // ---- the API ----

    private void handle(HttpServerRequest request) {
        requests.incrementAndGet();
        request.body().onSuccess(buffer -> {
            Matcher path = V10.matcher(request.path());
            if (!path.matches()) {
                if (ANY_VERSION.matcher(request.path()).matches()) {
                    error(request.response(), 400, 0, "the stand-in only serves /api/v10/ (got "
                        + request.path() + ")");
                } else {
                    error(request.response(), 404, 0, "404: Not Found");
                }
                return;
            }
            if (request.method() == HttpMethod.GET) {
                read(request, path.group(1), path.group(2));
                return;
            }
            if (request.method() != HttpMethod.POST) {
                error(request.response(), 405, 0, "405: Method Not Allowed");
                return;
            }
            String webhookId = path.group(1);
            countInFlight(request, webhookId);
            long delay = answerDelayMs;
            if (delay > 0) {
                vertx.setTimer(delay, fired -> execute(request, webhookId, path.group(2), buffer.toString()));
            } else {
                execute(request, webhookId, path.group(2), buffer.toString());
            }
        });
    }

    /** Counts the request as in flight until its answer ends or its connection closes. */
    private void countInFlight(HttpServerRequest request, String webhookId) {
        synchronized (lock) {
            int now = inFlight.merge(webhookId, 1, Integer::sum);
            peakInFlight.merge(webhookId, now, Math::max);
        }
        AtomicBoolean done = new AtomicBoolean();
        Runnable finished = () -> {
            if (done.compareAndSet(false, true)) {
                synchronized (lock) {
                    inFlight.merge(webhookId, -1, Integer::sum);
                }
            }
        };
        request.response().endHandler(ended -> finished.run());
        request.response().closeHandler(closed -> finished.run());
    }

    /** Get Webhook with Token: the webhook object, 404 once deleted; never counts as a message. */
    private void read(HttpServerRequest request, String webhookId, String token) {
        boolean gone;
        synchronized (lock) {
            gone = deleted.contains(webhookId);
        }
        if (gone) {
            error(request.response(), 404, 10015, "Unknown Webhook");
            return;
        }
        if (!available) {
            error(request.response(), 503, 0, "Service Unavailable");
            return;
        }
        request.response()
            .putHeader("Content-Type", "application/json")
            .end(new JsonObject()
                .put("type", 1)
                .put("id", webhookId)
                .put("name", "stand-in")
                .put("channel_id", "1")
                .put("guild_id", "1")
                .put("token", token)
                .encode());
    }

    private void execute(HttpServerRequest request, String webhookId, String token, String text) {
        HttpServerResponse response = request.response();
        Script script;
        long now = System.currentTimeMillis();
        synchronized (lock) {
            if (deleted.contains(webhookId)) {
                error(response, 404, 10015, "Unknown Webhook");
                return;
            }
            script = scripts.poll();
        }
        if (!available) {
            error(response, 503, 0, "Service Unavailable");
            return;
        }
        if (script != null && scripted(request, script)) {
            return;
        }
        Window window;
        synchronized (lock) {
            window = windows.computeIfAbsent(webhookId, id -> new Window());
            if (now >= window.start + windowMs) {
                window.start = now;
                window.used = 0;
            }
            if (window.used >= limit) {
                double retryAfter = (window.start + windowMs - now) / 1000.0;
                discord429s.incrementAndGet();
                lastRateLimitedAt.set(System.currentTimeMillis());
                rateLimitHeaders(response, webhookId, window, now);
                response.setStatusCode(429)
                    .putHeader("Retry-After", String.valueOf((long) Math.ceil(retryAfter)))
                    .putHeader("X-RateLimit-Scope", "user")
                    .putHeader("Via", "1.1 google")
                    .putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("message", "You are being rate limited.")
                        .put("retry_after", retryAfter).put("global", false).encode());
                return;
            }
            window.used++;
            rateLimitHeaders(response, webhookId, window, now);
        }
        String userAgent = request.getHeader("User-Agent");
        if (userAgent == null || !userAgent.startsWith("DiscordBot (")) {
            error(response, 400, 0, "User-Agent must be of the form DiscordBot ($url, $versionNumber)");
            return;
        }
        String contentType = request.getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            error(response, 400, 50109, "The request body contains invalid JSON.");
            return;
        }
        JsonObject body;
        try {
            body = new JsonObject(text);
        } catch (RuntimeException e) {
            error(response, 400, 50109, "The request body contains invalid JSON.");
            return;
        }
        JsonObject errors = DiscordRules.check(body);
        if (errors == null) {
            rejected400s.incrementAndGet();
            error(response, 400, 50006, "Cannot send an empty message");
            return;
        }
        if (!errors.isEmpty()) {
            rejected400s.incrementAndGet();
            response.setStatusCode(400)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject()
                    .put("code", 50035)
                    .put("errors", errors)
                    .put("message", "Invalid Form Body")
                    .encode());
            return;
        }
        String id = String.valueOf(nextId.incrementAndGet());
        synchronized (lock) {
            received.add(new Received(webhookId, token, request.query(), MultiMap.caseInsensitiveMultiMap()
                .addAll(request.headers()), body, id, now));
        }
        if (!"true".equals(request.getParam("wait"))) {
            response.setStatusCode(204).end();
            return;
        }
        response.putHeader("Content-Type", "application/json")
            .end(body.copy()
                .put("id", id)
                .put("webhook_id", webhookId)
                .put("channel_id", "900000000000000001")
                .put("type", 0)
                .encode());
    }

    /** Plays a scripted answer; false when the request should be handled normally. */
    private boolean scripted(HttpServerRequest request, Script script) {
        HttpServerResponse response = request.response();
        switch (script.action()) {
            case FAIL -> error(response, script.status(), 0, "scripted failure");
            case STALL -> {
                synchronized (lock) {
                    stalled.add(request);
                }
            }
            case CLOUDFLARE_429 -> {
                cloudflare429s.incrementAndGet();
                lastRateLimitedAt.set(System.currentTimeMillis());
                response.setStatusCode(429)
                    .putHeader("Retry-After", String.valueOf((long) Math.ceil(script.retryAfterSeconds())))
                    .putHeader("Content-Type", "text/html")
                    .end("<html><body>error code: 1015</body></html>");
            }
            case GLOBAL_429, BUCKET_429 -> {
                boolean global = script.action() == Action.GLOBAL_429;
                discord429s.incrementAndGet();
                lastRateLimitedAt.set(System.currentTimeMillis());
                response.setStatusCode(429)
                    .putHeader("Via", "1.1 google")
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Retry-After", String.valueOf((long) Math.ceil(script.retryAfterSeconds())));
                if (global) {
                    response.putHeader("X-RateLimit-Global", "true").putHeader("X-RateLimit-Scope", "global");
                }
                response.end(new JsonObject().put("message", "You are being rate limited.")
                    .put("retry_after", script.retryAfterSeconds()).put("global", global).encode());
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private void rateLimitHeaders(HttpServerResponse response, String webhookId, Window window, long now) {
        long resetAt = window.start + windowMs;
        response.putHeader("X-RateLimit-Limit", String.valueOf(limit))
            .putHeader("X-RateLimit-Remaining", String.valueOf(Math.max(0, limit - window.used)))
            .putHeader("X-RateLimit-Reset", String.format(Locale.ROOT, "%.3f", resetAt / 1000.0))
            .putHeader("X-RateLimit-Reset-After",
                String.format(Locale.ROOT, "%.3f", (resetAt - now) / 1000.0))
            .putHeader("X-RateLimit-Bucket", "bucket" + Integer.toHexString(webhookId.hashCode()));
    }

    private static void error(HttpServerResponse response, int status, int code, String message) {
        response.setStatusCode(status)
            .putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("message", message).put("code", code).encode());
    }

    /** Discord's documented limits, counted in code points; errors shaped like Discord's. */
    static final class DiscordRules {

        private DiscordRules() {
        }

        /** The errors object (empty when valid), or {@code null} for an empty message. */
        static JsonObject check(JsonObject body) {
            JsonObject errors = new JsonObject();
            String content = body.getString("content");
            JsonArray embeds = body.getJsonArray("embeds");
            if ((content == null || content.isEmpty()) && (embeds == null || embeds.isEmpty())) {
                return null;
            }
            max(errors, "content", content, 2000);
            max(errors, "username", body.getString("username"), 80);
            if (embeds == null) {
                return errors;
            }
            if (embeds.size() > 10) {
                errors.put("embeds", error("BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length."));
            }
            int total = 0;
            JsonObject embedErrors = new JsonObject();
            for (int i = 0; i < embeds.size(); i++) {
                JsonObject embed = embeds.getJsonObject(i);
                JsonObject one = new JsonObject();
                total += max(one, "title", embed.getString("title"), 256);
                total += max(one, "description", embed.getString("description"), 4096);
                JsonObject footer = embed.getJsonObject("footer");
                if (footer != null) {
                    JsonObject footerErrors = new JsonObject();
                    total += max(footerErrors, "text", footer.getString("text"), 2048);
                    required(footerErrors, "text", footer.getString("text"));
                    if (!footerErrors.isEmpty()) {
                        one.put("footer", footerErrors);
                    }
                }
                JsonArray fields = embed.getJsonArray("fields");
                if (fields != null) {
                    if (fields.size() > 25) {
                        one.put("fields", error("BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."));
                    }
                    JsonObject fieldErrors = new JsonObject();
                    for (int f = 0; f < fields.size(); f++) {
                        JsonObject field = fields.getJsonObject(f);
                        JsonObject fieldError = new JsonObject();
                        total += max(fieldError, "name", field.getString("name"), 256);
                        total += max(fieldError, "value", field.getString("value"), 1024);
                        required(fieldError, "name", field.getString("name"));
                        required(fieldError, "value", field.getString("value"));
                        if (!fieldError.isEmpty()) {
                            fieldErrors.put(String.valueOf(f), fieldError);
                        }
                    }
                    if (!fieldErrors.isEmpty()) {
                        one.put("fields", fieldErrors);
                    }
                }
                if (!one.isEmpty()) {
                    embedErrors.put(String.valueOf(i), one);
                }
            }
            if (total > 6000) {
                embedErrors.put("_errors", new JsonArray().add(new JsonObject()
                    .put("code", "MAX_EMBED_SIZE_EXCEEDED")
                    .put("message", "Embed size exceeds maximum size of 6000")));
            }
            if (!embedErrors.isEmpty()) {
                errors.put("embeds", embedErrors);
            }
            return errors;
        }

        /** Adds an error when {@code text} is longer than {@code max} code points; answers its length. */
        private static int max(JsonObject errors, String key, String text, int max) {
            if (text == null) {
                return 0;
            }
            int length = text.codePointCount(0, text.length());
            if (length > max) {
                errors.put(key, error("BASE_TYPE_MAX_LENGTH", "Must be " + max + " or fewer in length."));
            }
            return length;
        }

        private static void required(JsonObject errors, String key, String text) {
            if (text == null || text.isBlank()) {
                errors.put(key, error("BASE_TYPE_REQUIRED", "This field is required"));
            }
        }

        private static JsonObject error(String code, String message) {
            return new JsonObject().put("_errors", new JsonArray().add(new JsonObject().put("code", code)
                .put("message", message)));
        }
    }
}
