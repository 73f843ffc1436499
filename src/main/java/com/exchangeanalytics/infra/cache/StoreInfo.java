package com.exchangeanalytics.infra.cache;

import io.vertx.core.json.JsonObject;

/** The figures of the {@code info} action, for Redis (from INFO) or for the embedded store (its own). */
public record StoreInfo(
    String store,
    String version,
    long usedMemoryBytes,
    long connectedClients,
    long commandsProcessed,
    long keyspaceHits,
    long keyspaceMisses,
    long uptimeSeconds) {

    public JsonObject toJson() {
        return new JsonObject()
            .put("store", store)
            .put("version", version)
            .put("usedMemoryBytes", usedMemoryBytes)
            .put("connectedClients", connectedClients)
            .put("commandsProcessed", commandsProcessed)
            .put("keyspaceHits", keyspaceHits)
            .put("keyspaceMisses", keyspaceMisses)
            .put("uptimeSeconds", uptimeSeconds);
    }
}
