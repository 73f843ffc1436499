package com.exchangeanalytics.infra.cache;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The nodes a key scan must visit. SCAN walks one server's keyspace, so in cluster mode every master
 * is scanned through a small client of its own (found with CLUSTER NODES, authenticated with the
 * credentials of the configured URL); in standalone and sentinel mode the one client reaches the master.
 */
final class RedisNodes {

    private static final int NODE_POOL_SIZE = 2;

    private final Vertx vertx;
    private final CacheConfig config;
    private final Function<Request, Future<Response>> ask;
    private final Map<String, Redis> clients = new ConcurrentHashMap<>();

    RedisNodes(Vertx vertx, CacheConfig config, Function<Request, Future<Response>> ask) {
        this.vertx = vertx;
        this.config = config;
        this.ask = ask;
    }

    Future<List<Redis>> scanTargets(Redis main) {
        if (!CacheConfig.CLUSTER.equals(config.mode())) {
            return Future.succeededFuture(List.of(main));
        }
        return ask.apply(Request.cmd(Command.CLUSTER).arg("NODES"))
            .map(reply -> masters(reply.toString()).stream()
                .map(this::clientOf)
                .toList());
    }

    Future<Void> close() {
        List<Future<Void>> closing = clients.values().stream().map(Redis::close).toList();
        clients.clear();
        return Future.join(closing).mapEmpty();
    }

    /** {@code host:port} of every master that serves slots, from a CLUSTER NODES reply. */
    static List<String> masters(String clusterNodes) {
        List<String> masters = new ArrayList<>();
        for (String line : clusterNodes.split("\n")) {
            String[] fields = line.trim().split(" ");
            if (fields.length < 9) {
                continue;
            }
            List<String> flags = List.of(fields[2].split(","));
            if (!flags.contains("master") || flags.contains("fail") || flags.contains("noaddr")) {
                continue;
            }
            String address = fields[1].split("[@,]", 2)[0];
            int colon = address.lastIndexOf(':');
            if (colon <= 0) {
                continue;
            }
            String host = address.substring(0, colon);
            masters.add((host.contains(":") ? "[" + host + "]" : host) + address.substring(colon));
        }
        return masters;
    }

    private Redis clientOf(String hostPort) {
        return clients.computeIfAbsent(hostPort, ignored -> Redis.createClient(vertx, new RedisOptions()
            .setConnectionString(urlOf(hostPort))
            .setMaxPoolSize(NODE_POOL_SIZE)
            .setMaxPoolWaiting(config.poolWaiting())
            .setPreferredProtocolVersion(ProtocolVersion.RESP2)
            .setNetClientOptions(RedisCacheStore.netOptions(config))));
    }

    private String urlOf(String hostPort) {
        URI base = config.redisUrl();
        String credentials = base.getRawUserInfo() == null ? "" : base.getRawUserInfo() + "@";
        return base.getScheme() + "://" + credentials + hostPort;
    }
}
