package com.exchangeanalytics.infra.notify;

import io.vertx.core.MultiMap;

import java.util.HashMap;
import java.util.Map;

/**
 * What Discord said about its rate limits, so the client can wait before a bucket runs dry instead of
 * running into 429s. Webhooks map to buckets ({@code X-RateLimit-Bucket}, per webhook); each bucket has
 * its remaining requests and reset time. A global 429 pauses every webhook; a Cloudflare 429 (no
 * {@code Via} header) pauses every webhook for longer. Times are milliseconds of a monotonic clock.
 */
final class DiscordRateLimits {

    /** Sent a little after a reset, so clock rounding never makes us early. */
    static final long RESET_MARGIN_MS = 25;

    private final Map<String, String> bucketOfWebhook = new HashMap<>();
    private final Map<String, Bucket> buckets = new HashMap<>();
    private long globalUntil;
    private long cloudflareUntil;

    private static final class Bucket {
        int limit = -1;
        int remaining = -1;
        long resetAt;
    }

    /** Milliseconds to wait before the next request to this webhook may go out. */
    long delayBeforeSend(String webhookId, long now) {
        long wait = Math.max(0, Math.max(globalUntil - now, cloudflareUntil - now));
        Bucket bucket = bucket(webhookId);
        if (bucket != null && bucket.remaining == 0 && bucket.resetAt > now) {
            wait = Math.max(wait, bucket.resetAt - now);
        }
        return wait;
    }

    /** Counts a request that is about to go out (several may be in flight before their replies). */
    void reserve(String webhookId, long now) {
        Bucket bucket = bucket(webhookId);
        if (bucket == null) {
            return;
        }
        if (bucket.resetAt >= 0 && bucket.resetAt <= now) {
            // the window has reset; its new reset time arrives with the reply
            bucket.remaining = bucket.limit > 0 ? bucket.limit - 1 : -1;
            bucket.resetAt = -1;
        } else if (bucket.remaining > 0) {
            bucket.remaining--;
        }
    }

    /** Reads the rate-limit headers of any reply. */
    void update(String webhookId, MultiMap headers, long now) {
        String bucketName = headers.get("X-RateLimit-Bucket");
        String remaining = headers.get("X-RateLimit-Remaining");
        String resetAfter = headers.get("X-RateLimit-Reset-After");
        if (bucketName == null || remaining == null || resetAfter == null) {
            return;
        }
        try {
            String key = bucketName + ":" + webhookId;
            bucketOfWebhook.put(webhookId, key);
            Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket());
            bucket.remaining = Integer.parseInt(remaining.trim());
            bucket.resetAt = now + secondsToMillis(Double.parseDouble(resetAfter.trim())) + RESET_MARGIN_MS;
            String limit = headers.get("X-RateLimit-Limit");
            if (limit != null) {
                bucket.limit = Integer.parseInt(limit.trim());
            }
        } catch (NumberFormatException ignored) {
            // a malformed header is treated as absent; a 429 will still tell us to wait
        }
    }

    /** Records a 429 for this webhook: its bucket, every webhook (global), or all of Discord (Cloudflare). */
    void rateLimited(String webhookId, long retryAfterMs, boolean global, long cloudflareBackoffMs,
                     boolean cloudflare, long now) {
        if (cloudflare) {
            cloudflareUntil = Math.max(cloudflareUntil, now + Math.max(retryAfterMs, cloudflareBackoffMs));
        } else if (global) {
            globalUntil = Math.max(globalUntil, now + retryAfterMs + RESET_MARGIN_MS);
        } else {
            Bucket bucket = bucket(webhookId);
            if (bucket == null) {
                bucket = new Bucket();
                String key = "unknown:" + webhookId;
                bucketOfWebhook.put(webhookId, key);
                buckets.put(key, bucket);
            }
            bucket.remaining = 0;
            bucket.resetAt = Math.max(bucket.resetAt, now + retryAfterMs + RESET_MARGIN_MS);
        }
    }

    static long secondsToMillis(double seconds) {
        if (Double.isNaN(seconds) || seconds <= 0) {
            return 0;
        }
        return (long) Math.ceil(seconds * 1000);
    }

    private Bucket bucket(String webhookId) {
        String key = bucketOfWebhook.get(webhookId);
        return key == null ? null : buckets.get(key);
    }
}
