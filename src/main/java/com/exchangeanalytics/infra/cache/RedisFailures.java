package com.exchangeanalytics.infra.cache;

import com.exchangeanalytics.infra.common.FailureCode;
import com.exchangeanalytics.infra.common.ServiceException;
import io.vertx.redis.client.impl.types.ErrorType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a failure from vertx-redis-client (5.0.7) means, for the store and the batcher alike. The client
 * uses one exception class, {@link ErrorType}, both for Redis error replies and for commands that were
 * pending when their connection closed (message {@code CONNECTION_CLOSED}). A failed {@code batch()}
 * folds the causes of its failed commands into one ErrorType of lines {@code ERR [index] text}, where
 * text is the cause's {@code toString()} without a leading {@code ERR }: a socket failure then reads as
 * a Java exception ({@code java.io.IOException: Connection reset}), an error reply as Redis wrote it.
 */
final class RedisFailures {

    static final String CONNECTION_CLOSED = "CONNECTION_CLOSED";

    /** Redis error kinds that mean the server cannot serve right now rather than a bad request. */
    private static final List<String> UNAVAILABLE_KINDS = List.of("NOAUTH", "WRONGPASS", "NOPERM", "LOADING",
        "BUSY", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN", "READONLY", "OOM", "MISCONF", "NOREPLICAS");

    /** One line of a failed batch: "ERR [index] text". */
    private static final Pattern BATCH_ERROR = Pattern.compile("^ERR \\[\\d+] ([^\\r\\n]*)", Pattern.MULTILINE);
    /** A Java exception's {@code toString()}: a qualified class name, optionally ": message". */
    private static final Pattern JAVA_EXCEPTION = Pattern.compile("(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?::.*)?");
    private static final Pattern KIND = Pattern.compile("[A-Z_]+");

    private RedisFailures() {
    }

    /**
     * True when the command (or batch) failed on its connection: refused, reset, or closed while the
     * command was pending. False for an error reply, a timeout, or a failure already mapped.
     */
    static boolean isConnectionFailure(Throwable failure) {
        if (failure instanceof ErrorType error) {
            String message = String.valueOf(error.getMessage());
            if (message.startsWith(CONNECTION_CLOSED)) {
                return true;
            }
            return batchErrors(message).stream().anyMatch(RedisFailures::isConnectionText);
        }
        return !(failure instanceof TimeoutException) && !(failure instanceof ServiceException);
    }

    /** True for a genuine Redis error reply (to a command, or to one command of a batch). */
    static boolean isErrorReply(Throwable failure) {
        return failure instanceof ErrorType && !isConnectionFailure(failure);
    }

    /**
     * The contract failure for a genuine error reply, from its message (the first error of a batch):
     * the caller's fault (400), a server that cannot serve now or refuses this client (503), or anything
     * else (500, only the error kind in the message: the rest may quote a key).
     */
    static ServiceException fromErrorReply(String message) {
        String text = firstError(message);
        String kind = errorKind(text);
        if (text.contains("value is not an integer")) {
            return ServiceException.badRequest(CacheStore.NOT_AN_INTEGER);
        }
        if (text.contains("increment or decrement would overflow")) {
            return ServiceException.badRequest(CacheStore.OVERFLOW);
        }
        if (kind.equals("WRONGTYPE")) {
            return ServiceException.badRequest("the key holds a Redis type other than a string");
        }
        if (UNAVAILABLE_KINDS.contains(kind)) {
            return cannotServe(kind);
        }
        String refusal = refusal(text);
        if (refusal != null) {
            return cannotServe(refusal);
        }
        return new ServiceException(FailureCode.INTERNAL, "Redis rejected the command (" + kind + ")");
    }

    /**
     * Why a connection failure happened, for the log: for a batch its first socket failure (another line
     * may be an error reply that quotes a key), else the failure's message.
     */
    static String connectionReason(Throwable failure) {
        String message = String.valueOf(failure.getMessage());
        if (!(failure instanceof ErrorType)) {
            return message;
        }
        return batchErrors(message).stream()
            .filter(RedisFailures::isConnectionText)
            .findFirst()
            .orElse(message);
    }

    /**
     * The reason when an ERR reply means that the server refuses to serve this client at all: it has no
     * room for another connection, or it is configured without the password the URL holds (Redis 6 and
     * later, then older servers), or it does not know that password (servers older than 6). Null otherwise.
     */
    private static String refusal(String text) {
        if (text.contains("max number of clients reached")) {
            return "max number of clients reached";
        }
        if (text.contains("called without any password configured")
            || text.contains("Client sent AUTH, but no password is set")) {
            return "AUTH sent, but Redis has no password set";
        }
        if (text.equals("ERR invalid password") || text.equals("invalid password")) {
            return "invalid password";
        }
        return null;
    }

    /** The text of every "ERR [i] ..." line of a batch failure; empty for any other message. */
    private static List<String> batchErrors(String message) {
        List<String> errors = new ArrayList<>();
        Matcher line = BATCH_ERROR.matcher(message);
        while (line.find()) {
            errors.add(line.group(1));
        }
        return errors;
    }

    /** A batch entry that is a socket failure or a closed connection rather than an error reply. */
    private static boolean isConnectionText(String text) {
        return text.startsWith(CONNECTION_CLOSED) || JAVA_EXCEPTION.matcher(text).matches();
    }

    /** The first error of a failed batch ("ERR [3] WRONGTYPE ..."), or the message itself. */
    private static String firstError(String message) {
        Matcher batch = BATCH_ERROR.matcher(message);
        return batch.lookingAt() ? batch.group(1) : message;
    }

    /** The leading upper-case word of an error (WRONGTYPE, OOM, ...); ERR when the batch stripped it. */
    private static String errorKind(String text) {
        String first = text.split(" ", 2)[0];
        return KIND.matcher(first).matches() ? first : "ERR";
    }

    private static ServiceException cannotServe(String reason) {
        return ServiceException.unavailable("Redis cannot serve requests now (" + reason + ")");
    }
}
