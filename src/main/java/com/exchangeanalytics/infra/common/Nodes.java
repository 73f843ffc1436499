package com.exchangeanalytics.infra.common;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;

import java.util.List;

/**
 * Which node this is. Clustered, the id is the cluster manager's node id (the one Hazelcast logs and
 * the other nodes see); standalone, it is {@code standalone-<pid>}. Replies that describe one node
 * (monitor summaries and health, dead letters) carry it as {@code nodeId}.
 */
public final class Nodes {

    private Nodes() {
    }

    public static String id(Vertx vertx) {
        ClusterManager manager = clusterManager(vertx);
        return manager == null ? "standalone-" + ProcessHandle.current().pid() : manager.getNodeId();
    }

    /** The ids of every node in the cluster (this one included); just this node when standalone. */
    public static List<String> all(Vertx vertx) {
        ClusterManager manager = clusterManager(vertx);
        return manager == null ? List.of(id(vertx)) : List.copyOf(manager.getNodes());
    }

    private static ClusterManager clusterManager(Vertx vertx) {
        // The cluster manager is reachable only through Vert.x's internal interface; it is stable across 5.x.
        return vertx.isClustered() && vertx instanceof VertxInternal internal ? internal.clusterManager() : null;
    }
}
