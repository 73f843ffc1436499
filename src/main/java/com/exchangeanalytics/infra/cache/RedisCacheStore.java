package com.exchangeanalytics.infra.cache;

import com.exchangeanalytics.infra.common.FailureCode;
import com.exchangeanalytics.infra.common.Redact;
import com.exchangeanalytics.infra.common.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisCluster;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.impl.types.ErrorType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The cache in Redis through vertx-redis-client: one pooled client used connection-less
 * ({@code send}/{@code batch} borrow a connection per call, so a dead connection is dropped and the next
 * call opens a fresh one). The client has no command timeout, so every call is bounded here; idempotent
 * reads are retried once after a connection failure. No client tracking, RESP2 only.
 */
public final class RedisCacheStore implements CacheStore {

    private static final Logger LOG = LoggerFactory.getLogger(RedisCacheStore.class);

    private static final int SCAN_COUNT = 500;

    private enum State { UNKNOWN, UP, DOWN }

    private final CacheConfig config;
    private final Redis redis;
    private final String endpoint;
    private final boolean cluster;
    private final RedisNodes nodes;
    private final RedisBatcher batcher;
    private volatile boolean unlinkUnknown;
    private volatile State state = State.UNKNOWN;

    private RedisCacheStore(Vertx vertx, CacheConfig config) {
        this.config = config;
        this.redis = Redis.createClient(vertx, options(config));
        this.endpoint = Redact.endpoint(config.redisUrl().toString());
        this.cluster = CacheConfig.CLUSTER.equals(config.mode());
        this.nodes = new RedisNodes(vertx, config, request -> call(redis, request, true));
        // a cluster batch must stay within one hash slot, so commands are not grouped in cluster mode
        this.batcher = new RedisBatcher(redis, vertx.getOrCreateContext(), cluster ? 1 : config.batchSize(),
            config.timeoutMs());
    }

    public static RedisCacheStore create(Vertx vertx, CacheConfig config) {
        return new RedisCacheStore(vertx, config);
    }

    /** The client options of the configured mode; the password travels only inside the URLs. */
    static RedisOptions options(CacheConfig config) {
        RedisOptions options = new RedisOptions()
            .setType(clientType(config.mode()))
            .setEndpoints(config.allUrls())
            .setMaxPoolSize(config.poolSize())
            .setMaxPoolWaiting(config.poolWaiting())
            .setPreferredProtocolVersion(ProtocolVersion.RESP2)
            .setNetClientOptions(netOptions(config));
        if (CacheConfig.SENTINEL.equals(config.mode())) {
            options.setMasterName(config.masterName()).setRole(RedisRole.MASTER);
        }
        return options;
    }

    static NetClientOptions netOptions(CacheConfig config) {
        NetClientOptions net = new NetClientOptions()
            .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.timeoutMs()))
            .setTcpNoDelay(true)
            .setTcpKeepAlive(true);
        if ("rediss".equalsIgnoreCase(config.redisUrl().getScheme())) {
            net.setSsl(true).setHostnameVerificationAlgorithm("HTTPS");
        }
        return net;
    }

    private static RedisClientType clientType(String mode) {
        return switch (mode) {
            case CacheConfig.SENTINEL -> RedisClientType.SENTINEL;
            case CacheConfig.CLUSTER -> RedisClientType.CLUSTER;
            default -> RedisClientType.STANDALONE;
        };
    }

    @Override
    public String kind() {
        return "redis";
    }

    @Override
    public Future<String> get(String key) {
        return read(Request.cmd(Command.GET).arg(key))
            .map(reply -> reply == null ? null : reply.toString());
    }

    @Override
    public Future<Void> set(String key, String value, long ttlSeconds) {
        return write(setRequest(key, value, ttlSeconds)).mapEmpty();
    }

    @Override
    public Future<Boolean> delete(String key) {
        return write(Request.cmd(Command.DEL).arg(key)).map(reply -> reply.toLong() > 0);
    }

    @Override
    public Future<Boolean> exists(String key) {
        return read(Request.cmd(Command.EXISTS).arg(key)).map(reply -> reply.toLong() > 0);
    }

    @Override
    public Future<Boolean> expire(String key, long ttlSeconds) {
        return write(Request.cmd(Command.EXPIRE).arg(key).arg(ttlSeconds)).map(reply -> reply.toLong() == 1);
    }

    @Override
    public Future<Long> ttl(String key) {
        return read(Request.cmd(Command.TTL).arg(key)).map(Response::toLong);
    }

    @Override
    public Future<Long> increment(String key, long amount) {
        return write(Request.cmd(Command.INCRBY).arg(key).arg(amount)).map(Response::toLong);
    }

    /**
     * One MGET. In cluster mode one GET per key instead, in parallel: the cluster client splits an MGET by
     * hash slot but joins the replies in slot order, not in key order (vertx-redis-client 5.0.7).
     */
    @Override
    public Future<Map<String, String>> getMany(List<String> keys) {
        if (cluster) {
            List<Future<String>> values = keys.stream().map(this::get).toList();
            return Future.all(values).map(all -> {
                Map<String, String> found = new LinkedHashMap<>();
                for (int i = 0; i < keys.size(); i++) {
                    if (values.get(i).result() != null) {
                        found.put(keys.get(i), values.get(i).result());
                    }
                }
                return found;
            });
        }
        Request mget = Request.cmd(Command.MGET);
        keys.forEach(mget::arg);
        return read(mget).map(reply -> {
            Map<String, String> found = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                Response value = reply.get(i);
                if (value != null) {
                    found.put(keys.get(i), value.toString());
                }
            }
            return found;
        });
    }

    /**
     * One round trip: MSET without a TTL, else a pipelined SET ... EX per key (each key gets its value and
     * its expiry atomically). In cluster mode the keys live on several nodes, so the writes go out in
     * parallel instead (MSET is split by the client).
     */
    @Override
    public Future<Integer> setMany(Map<String, String> entries, long ttlSeconds) {
        if (ttlSeconds == NO_TTL) {
            Request mset = Request.cmd(Command.MSET);
            entries.forEach((key, value) -> mset.arg(key).arg(value));
            return write(mset).map(entries.size());
        }
        List<Request> sets = new ArrayList<>(entries.size());
        entries.forEach((key, value) -> sets.add(setRequest(key, value, ttlSeconds)));
        if (cluster) {
            return Future.all(sets.stream().map(this::write).toList()).map(entries.size());
        }
        return bounded(redis.batch(sets)).map(entries.size());
    }

    /**
     * SCAN ... MATCH ... COUNT 500 over every node that holds keys, deleting each batch with UNLINK (DEL on
     * servers older than 4.0). SCAN may report a key twice; the count is what UNLINK actually removed.
     */
    @Override
    public Future<Long> deleteMatching(String pattern) {
        return nodes.scanTargets(redis)
            .compose(targets -> {
                List<Future<Long>> perNode = targets.stream()
                    .map(node -> scanAndDelete(node, "0", pattern, 0L))
                    .toList();
                return Future.all(perNode)
                    .map(all -> perNode.stream().mapToLong(Future::result).sum());
            });
    }

    private Future<Long> scanAndDelete(Redis node, String cursor, String pattern, long deleted) {
        Request scan = Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(pattern).arg("COUNT").arg(SCAN_COUNT);
        return call(node, scan, true)
            .compose(reply -> {
                String next = reply.get(0).toString();
                List<String> keys = new ArrayList<>();
                reply.get(1).forEach(key -> keys.add(key.toString()));
                return unlink(node, keys)
                    .compose(removed -> "0".equals(next)
                        ? Future.succeededFuture(deleted + removed)
                        : scanAndDelete(node, next, pattern, deleted + removed));
            });
    }

    /** Keys of one SCAN batch; in cluster mode one command per key, as keys of one node span many slots. */
    private Future<Long> unlink(Redis node, List<String> keys) {
        if (keys.isEmpty()) {
            return Future.succeededFuture(0L);
        }
        Future<Long> removed = remove(node, keys, unlinkUnknown ? Command.DEL : Command.UNLINK)
            .recover(failure -> {
                if (!unlinkUnknown && isUnknownCommand(failure)) {
                    LOG.info("Redis at {} does not know UNLINK; clearPattern falls back to DEL", endpoint);
                    unlinkUnknown = true;
                    return remove(node, keys, Command.DEL);
                }
                return Future.failedFuture(failure);
            });
        return bounded(removed);
    }

    private Future<Long> remove(Redis node, List<String> keys, Command command) {
        if (cluster) {
            List<Request> perKey = keys.stream().map(key -> Request.cmd(command).arg(key)).toList();
            return node.batch(perKey).map(replies -> replies.stream().mapToLong(Response::toLong).sum());
        }
        Request request = Request.cmd(command);
        keys.forEach(request::arg);
        return node.send(request).map(Response::toLong);
    }

    /** INFO of the server, or the sum over the masters in cluster mode (version and uptime of the first). */
    @Override
    public Future<StoreInfo> info() {
        if (cluster) {
            return bounded(RedisCluster.create(redis).onAllMasterNodes(Request.cmd(Command.INFO)))
                .map(replies -> RedisInfo.sum(replies.stream().map(reply -> RedisInfo.parse(reply.toString())).toList()));
        }
        return read(Request.cmd(Command.INFO)).map(reply -> RedisInfo.parse(reply.toString()));
    }

    @Override
    public Future<Void> ping() {
        return read(Request.cmd(Command.PING)).mapEmpty();
    }

    @Override
    public Future<Void> close() {
        return Future.join(redis.close(), nodes.close()).mapEmpty();
    }

    private static Request setRequest(String key, String value, long ttlSeconds) {
        Request set = Request.cmd(Command.SET).arg(key).arg(value);
        return ttlSeconds == NO_TTL ? set : set.arg("EX").arg(ttlSeconds);
    }

    private Future<Response> read(Request request) {
        return call(redis, request, true);
    }

    private Future<Response> write(Request request) {
        return call(redis, request, false);
    }

    /**
     * One bounded call; an idempotent one is sent a second time when the first failed on its connection
     * (a pooled connection that died while idle, or closed with the command pending), within the same
     * time bound.
     */
    private Future<Response> call(Redis client, Request request, boolean idempotent) {
        Future<Response> attempt = send(client, request);
        if (idempotent) {
            attempt = attempt.recover(failure -> RedisFailures.isConnectionFailure(failure)
                ? send(client, request)
                : Future.failedFuture(failure));
        }
        return bounded(attempt);
    }

    private Future<Response> send(Redis client, Request request) {
        return client == redis ? batcher.send(request) : client.send(request);
    }

    /** The time bound and the mapping of failures to contract codes, for every call to Redis. */
    private <T> Future<T> bounded(Future<T> call) {
        return call
            .timeout(config.timeoutMs(), TimeUnit.MILLISECONDS)
            .transform(result -> {
                if (result.succeeded()) {
                    markUp();
                    return Future.succeededFuture(result.result());
                }
                return Future.failedFuture(toServiceException(result.cause()));
            });
    }

    private ServiceException toServiceException(Throwable failure) {
        if (failure instanceof ServiceException known) {
            return known;
        }
        if (failure instanceof TimeoutException) {
            markDown("no answer within " + config.timeoutMs() + " ms");
            return ServiceException.timeout("Redis did not answer within " + config.timeoutMs() + " ms");
        }
        if (RedisFailures.isErrorReply(failure)) {
            return fromErrorReply(failure);
        }
        markDown(Redact.text(RedisFailures.connectionReason(failure)));
        return ServiceException.unavailable("Redis is unavailable");
    }

    /** Redis answered with an error: the caller's fault, a server that cannot serve, or our bug. */
    private ServiceException fromErrorReply(Throwable error) {
        ServiceException mapped = RedisFailures.fromErrorReply(String.valueOf(error.getMessage()));
        if (mapped.code() == FailureCode.UNAVAILABLE) {
            markDown(mapped.getMessage());
        } else if (mapped.code() == FailureCode.INTERNAL) {
            // the rest of an error message may quote a key, so only its kind reaches the log
            LOG.warn("Redis at {} rejected a command: {}", endpoint, mapped.getMessage());
        }
        return mapped;
    }

    private static boolean isUnknownCommand(Throwable failure) {
        return failure instanceof ErrorType error && error.is("ERR")
            && String.valueOf(error.getMessage()).contains("unknown command");
    }

    /** One log line when Redis comes back, not one per request. */
    private void markUp() {
        if (state != State.UP) {
            State before = state;
            state = State.UP;
            if (before == State.DOWN) {
                LOG.info("Redis at {} answers again", endpoint);
            } else {
                LOG.info("Redis at {} answers ({} mode)", endpoint, config.mode());
            }
        }
    }

    /** One log line when Redis goes away, not one per request. */
    private void markDown(String reason) {
        if (state != State.DOWN) {
            state = State.DOWN;
            LOG.warn("Redis at {} is unavailable: {}; cache operations fail with 503/504 until it answers",
                endpoint, reason);
        }
    }
}
