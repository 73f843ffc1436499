package com.exchangeanalytics.infra.notify;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Discord webhook URL taken apart: the part before {@code /api}, the webhook id and token, and the
 * optional {@code thread_id}. Discord's UI hands out the unversioned {@code /api/webhooks/{id}/{token}}
 * form; {@link #executeUri()} always targets {@code /api/v10/} with {@code wait=true}, so the reply
 * carries the message id and {@code retry_after} is in seconds.
 */
public record DiscordWebhookUrl(String origin, String prefix, String webhookId, String token, String threadId) {

    static final String API_VERSION = "v10";

    private static final Pattern PATH = Pattern.compile(
        "^(.*?)/api(?:/v\\d+)?/webhooks/([0-9A-Za-z_-]+)/([^/?#]+)/?$");
    private static final Pattern THREAD_ID = Pattern.compile("(?:^|&)thread_id=([^&]*)");

    /** The parts of {@code url}, or {@code null} when it is not a webhook URL. */
    public static DiscordWebhookUrl parse(URI url) {
        if (url == null || url.getHost() == null || url.getRawPath() == null) {
            return null;
        }
        Matcher path = PATH.matcher(url.getRawPath());
        if (!path.matches()) {
            return null;
        }
        String threadId = null;
        if (url.getRawQuery() != null) {
            Matcher thread = THREAD_ID.matcher(url.getRawQuery());
            if (thread.find() && !thread.group(1).isBlank()) {
                threadId = URLDecoder.decode(thread.group(1), StandardCharsets.UTF_8);
            }
        }
        String port = url.getPort() < 0 ? "" : ":" + url.getPort();
        String origin = url.getScheme().toLowerCase(Locale.ROOT) + "://" + url.getHost() + port;
        return new DiscordWebhookUrl(origin, path.group(1), path.group(2), path.group(3), threadId);
    }

    /** {@code <origin><prefix>/api/v10/webhooks/{id}/{token}}: where the webhook can be read (GET). */
    public String webhookUri() {
        return origin + prefix + "/api/" + API_VERSION + "/webhooks/" + webhookId + '/' + token;
    }

    /** {@code <origin><prefix>/api/v10/webhooks/{id}/{token}?wait=true[&thread_id=...]}. */
    String executeUri() {
        StringBuilder uri = new StringBuilder(webhookUri()).append("?wait=true");
        if (threadId != null) {
            uri.append("&thread_id=").append(java.net.URLEncoder.encode(threadId, StandardCharsets.UTF_8));
        }
        return uri.toString();
    }

    /** Host, port and webhook id: enough to name the webhook in a log line without its token. */
    String safeName() {
        return origin + "/…/webhooks/" + webhookId;
    }

    @Override
    public String toString() {
        return safeName();
    }
}
