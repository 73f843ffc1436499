package com.exchangeanalytics.infra.monitor;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * Decides who sees the {@code error} and {@code details} of health checks: with a configured token, only
 * requests bearing it (compared in constant time); without one, only loopback clients. Forwarded-for
 * headers are ignored, so behind a reverse proxy on the same host set a token.
 */
public final class HealthAccess {

    private static final String BEARER = "bearer ";

    private final byte[] tokenDigest;

    /** @param token the bearer token, or {@code null} for the loopback rule */
    public HealthAccess(String token) {
        this.tokenDigest = token == null ? null : digest(token);
    }

    public boolean reveals(HttpServerRequest request) {
        if (tokenDigest == null) {
            return isLoopback(request.remoteAddress());
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() <= BEARER.length()
            || !header.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return false;
        }
        return MessageDigest.isEqual(tokenDigest, digest(header.substring(BEARER.length()).trim()));
    }

    /** 127.0.0.0/8, ::1 and IPv4-mapped loopback, read from the literal address (no DNS). */
    public static boolean isLoopback(SocketAddress address) {
        if (address == null) {
            return false;
        }
        String host = address.hostAddress();
        if (host == null) {
            return false;
        }
        String normal = host.toLowerCase(Locale.ROOT);
        if (normal.startsWith("[") && normal.endsWith("]")) {
            normal = normal.substring(1, normal.length() - 1);
        }
        return normal.startsWith("127.")
            || normal.equals("::1")
            || normal.equals("0:0:0:0:0:0:0:1")
            || normal.startsWith("::ffff:127.")
            || normal.startsWith("0:0:0:0:0:ffff:127.");
    }

    /** Equal-length digests make the comparison independent of the presented token's length. */
    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
