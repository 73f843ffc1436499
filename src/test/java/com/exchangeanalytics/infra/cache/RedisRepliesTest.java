package com.exchangeanalytics.infra.cache;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Reading Redis replies")
class RedisRepliesTest {

    @Test
    @DisplayName("INFO gives the figures of the info action")
    void info() {
        String text = "# Server\r\nredis_version:7.2.4\r\nuptime_in_seconds:3600\r\n\r\n# Clients\r\n"
            + "connected_clients:12\r\n# Memory\r\nused_memory:1048576\r\nused_memory_human:1.00M\r\n"
            + "# Stats\r\ntotal_commands_processed:987654\r\nkeyspace_hits:500\r\nkeyspace_misses:25\r\n";
        assertThat(RedisInfo.parse(text))
            .isEqualTo(new StoreInfo("redis", "7.2.4", 1_048_576, 12, 987_654, 500, 25, 3600));
    }

    @Test
    @DisplayName("INFO figures of cluster masters add up")
    void clusterInfo() {
        StoreInfo a = new StoreInfo("redis", "7.0.15", 100, 2, 10, 5, 1, 60);
        StoreInfo b = new StoreInfo("redis", "7.0.15", 200, 3, 20, 6, 2, 50);
        assertThat(RedisInfo.sum(List.of(a, b)))
            .isEqualTo(new StoreInfo("redis", "7.0.15", 300, 5, 30, 11, 3, 60));
    }

    @Test
    @DisplayName("CLUSTER NODES gives the masters that serve slots")
    void clusterMasters() {
        String nodes = String.join("\n",
            "07c3 127.0.0.1:30004@31004 slave e7d1 0 1426238317239 4 connected",
            "67ed 127.0.0.1:30002@31002,host-b master - 0 1426238316232 2 connected 5461-10922",
            "292f 127.0.0.1:30003@31003 master - 0 1426238318243 3 connected 10923-16383",
            "e7d1 127.0.0.1:30001@31001 myself,master - 0 0 1 connected 0-5460",
            "aaaa 127.0.0.1:30005@31005 master,fail - 0 0 5 disconnected 1-2",
            "bbbb ::1:30006@31006 master - 0 0 6 connected 3-4",
            "cccc 127.0.0.1:30007@31007 master - 0 0 7 connected");
        assertThat(RedisNodes.masters(nodes))
            .containsExactly("127.0.0.1:30002", "127.0.0.1:30003", "127.0.0.1:30001", "[::1]:30006");
    }
}
