package com.exchangeanalytics.infra.cache;

import com.exchangeanalytics.infra.common.ServiceException;
import io.vertx.core.VertxException;
import io.vertx.redis.client.impl.types.ErrorType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** The messages below are the ones vertx-redis-client 5.0.7 produces; a batch joins its lines with "\n". */
@DisplayName("Classifying failures of the Redis client")
class RedisFailuresTest {

    private static final String WRONG_TYPE = "the key holds a Redis type other than a string";
    private static final String NO_PASSWORD = "AUTH sent, but Redis has no password set";

    @ParameterizedTest(name = "''{0}''")
    @DisplayName("takes a closed connection or a socket failure inside a batch for a connection failure")
    @ValueSource(strings = {
        "CONNECTION_CLOSED",
        "ERR [0] CONNECTION_CLOSED",
        "ERR [0] java.io.IOException: Connection reset",
        "ERR [0] io.vertx.core.impl.NoStackTraceThrowable: Connection is closed",
        "ERR [0] io.netty.channel.StacklessClosedChannelException",
        "ERR [0] CONNECTION_CLOSED\nERR [1] CONNECTION_CLOSED\nERR [2] CONNECTION_CLOSED",
        "ERR [0] WRONGTYPE Operation against a key holding the wrong kind of value\nERR [4] CONNECTION_CLOSED",
        "ERR [3] java.io.IOException: Broken pipe\r\nERR [4] java.io.IOException: Broken pipe",
    })
    void connectionFailures(String message) {
        ErrorType failure = ErrorType.create(message);
        assertThat(RedisFailures.isConnectionFailure(failure)).isTrue();
        assertThat(RedisFailures.isErrorReply(failure)).isFalse();
    }

    @ParameterizedTest(name = "''{0}''")
    @DisplayName("takes Redis's own error replies, alone or in a batch, for error replies")
    @ValueSource(strings = {
        "ERR value is not an integer or out of range",
        "WRONGTYPE Operation against a key holding the wrong kind of value",
        "OOM command not allowed when used memory > 'maxmemory'.",
        "ERR [0] WRONGTYPE Operation against a key holding the wrong kind of value",
        "ERR [2] value is not an integer or out of range",
        "ERR [0] unknown command 'FOO', with args beginning with: 'a.b'",
        "ERR [1] user_script:1: Script attempted to access nonexistent global variable 'x'",
        "ERR [0] OOM command not allowed when used memory > 'maxmemory'.\nERR [1] OOM command not allowed",
    })
    void errorReplies(String message) {
        ErrorType failure = ErrorType.create(message);
        assertThat(RedisFailures.isErrorReply(failure)).isTrue();
        assertThat(RedisFailures.isConnectionFailure(failure)).isFalse();
    }

    @Test
    @DisplayName("takes any other exception for a connection failure, and a timeout or a mapped failure for none")
    void otherExceptions() {
        assertThat(RedisFailures.isConnectionFailure(new ConnectException("Connection refused"))).isTrue();
        assertThat(RedisFailures.isConnectionFailure(new IOException("Connection reset"))).isTrue();
        assertThat(RedisFailures.isConnectionFailure(new VertxException("Redis waiting queue is full", true)))
            .isTrue();
        assertThat(RedisFailures.isConnectionFailure(new TimeoutException())).isFalse();
        assertThat(RedisFailures.isConnectionFailure(ServiceException.badRequest("no"))).isFalse();
        assertThat(RedisFailures.isErrorReply(new IOException("Connection reset"))).isFalse();
    }

    @Test
    @DisplayName("names the socket failure of a batch as the reason, not an error reply that may quote a key")
    void connectionReason() {
        ErrorType batch = ErrorType.create("ERR [0] unknown command 'x', with args beginning with: 'secret-key'\n"
            + "ERR [1] java.io.IOException: Connection reset");
        assertThat(RedisFailures.connectionReason(batch)).isEqualTo("java.io.IOException: Connection reset");
        assertThat(RedisFailures.connectionReason(ErrorType.create("CONNECTION_CLOSED")))
            .isEqualTo("CONNECTION_CLOSED");
        assertThat(RedisFailures.connectionReason(new ConnectException("Connection refused")))
            .isEqualTo("Connection refused");
    }

    @ParameterizedTest(name = "''{0}''")
    @DisplayName("maps the caller's mistakes to 400 with a message of its own")
    @CsvSource(delimiter = '|', value = {
        "ERR value is not an integer or out of range|" + CacheStore.NOT_AN_INTEGER,
        "ERR [0] value is not an integer or out of range|" + CacheStore.NOT_AN_INTEGER,
        "ERR increment or decrement would overflow|" + CacheStore.OVERFLOW,
        "WRONGTYPE Operation against a key holding the wrong kind of value|" + WRONG_TYPE,
        "ERR [3] WRONGTYPE Operation against a key holding the wrong kind of value|" + WRONG_TYPE,
    })
    void mapsBadRequests(String message, String expected) {
        assertMapped(message, 400, expected);
    }

    @ParameterizedTest(name = "''{0}'' ({1})")
    @DisplayName("maps the replies of a server that cannot serve now or refuses this client to 503")
    @CsvSource(delimiter = '|', value = {
        "OOM command not allowed when used memory > 'maxmemory'.|OOM",
        "ERR [0] OOM command not allowed when used memory > 'maxmemory'.|OOM",
        "NOAUTH Authentication required.|NOAUTH",
        "WRONGPASS invalid username-password pair or user is disabled.|WRONGPASS",
        "LOADING Redis is loading the dataset in memory|LOADING",
        "READONLY You can't write against a read only replica.|READONLY",
        "ERR max number of clients reached|max number of clients reached",
        "ERR [0] max number of clients reached|max number of clients reached",
        "ERR AUTH <password> called without any password configured for the default user. "
            + "Are you sure your configuration is correct?|" + NO_PASSWORD,
        "ERR [0] AUTH <password> called without any password configured for the default user. "
            + "Are you sure your configuration is correct?|" + NO_PASSWORD,
        "-ERR Client sent AUTH, but no password is set|" + NO_PASSWORD,
        "ERR Client sent AUTH, but no password is set|" + NO_PASSWORD,
        "ERR [1] Client sent AUTH, but no password is set|" + NO_PASSWORD,
        "ERR invalid password|invalid password",
    })
    void mapsRefusals(String message, String reason) {
        assertMapped(message, 503, "Redis cannot serve requests now (" + reason + ")");
    }

    @ParameterizedTest(name = "''{0}''")
    @DisplayName("maps any other error reply to 500 naming only its kind")
    @CsvSource(delimiter = '|', value = {
        "ERR unknown command 'FOO', with args beginning with: 'key'|ERR",
        "ERR [0] unknown command 'FOO', with args beginning with: 'key'|ERR",
        "SOME_NEW_KIND something happened|SOME_NEW_KIND",
        "ERR [2] SOME_NEW_KIND something happened|SOME_NEW_KIND",
    })
    void mapsTheRest(String message, String kind) {
        assertMapped(message, 500, "Redis rejected the command (" + kind + ")");
    }

    private static void assertMapped(String message, int code, String expected) {
        ServiceException mapped = RedisFailures.fromErrorReply(message);
        assertThat(mapped.code().code()).isEqualTo(code);
        assertThat(mapped.getMessage()).isEqualTo(expected);
    }
}
