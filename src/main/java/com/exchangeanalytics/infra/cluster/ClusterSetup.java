package com.exchangeanalytics.infra.cluster;

import com.exchangeanalytics.infra.config.ConfigException;
import com.hazelcast.config.Config;
import com.hazelcast.config.XmlConfigBuilder;
import com.hazelcast.config.JoinConfig;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cluster membership for {@code -cluster} starts. The Hazelcast file is {@code CLUSTER_CONFIG}, else
 * {@code conf/cluster.xml} from the working directory, else the copy inside the jar. Environment
 * variables override what containers need to change:
 * <ul>
 *   <li>{@code CLUSTER_MEMBERS}: comma-separated {@code host[:port]} of the nodes to join (TCP/IP);</li>
 *   <li>{@code CLUSTER_PORT}: this node's Hazelcast port;</li>
 *   <li>{@code CLUSTER_PUBLIC_ADDRESS}: {@code host:port} other nodes reach this node's Hazelcast at;</li>
 *   <li>{@code EVENTBUS_HOST}, {@code EVENTBUS_PORT}, {@code EVENTBUS_PUBLIC_HOST}, {@code EVENTBUS_PUBLIC_PORT}:
 *       where this node's event bus listens and how others reach it.</li>
 * </ul>
 * They are read before Vert.x (and so vertx-config) exists, which is why they live here and not in
 * {@code conf/config.json}.
 */
public final class ClusterSetup {

    public static final String CLUSTER_ENABLED = "CLUSTER_ENABLED";

    private ClusterSetup() {
    }

    /** True when the command line or {@code CLUSTER_ENABLED=true} asks for a clustered start. */
    public static boolean requested(String[] args, Map<String, String> env) {
        for (String arg : args) {
            if (arg.equals("-c") || arg.equalsIgnoreCase("-cluster") || arg.equalsIgnoreCase("--cluster")) {
                return true;
            }
        }
        return "true".equalsIgnoreCase(env.getOrDefault(CLUSTER_ENABLED, "").trim());
    }

    public static HazelcastClusterManager clusterManager(Map<String, String> env) {
        return new HazelcastClusterManager(hazelcastConfig(env));
    }

    public static Config hazelcastConfig(Map<String, String> env) {
        Config config = load(env.get("CLUSTER_CONFIG"));
        String members = env.get("CLUSTER_MEMBERS");
        if (members != null && !members.isBlank()) {
            withMembers(config, split(members));
        }
        String port = env.get("CLUSTER_PORT");
        if (port != null && !port.isBlank()) {
            config.getNetworkConfig().setPort(port("CLUSTER_PORT", port)).setPortAutoIncrement(false);
        }
        String publicAddress = env.get("CLUSTER_PUBLIC_ADDRESS");
        if (publicAddress != null && !publicAddress.isBlank()) {
            config.getNetworkConfig().setPublicAddress(publicAddress.trim());
        }
        return config;
    }

    /** Replaces the TCP/IP member list (and turns other join methods off). */
    public static Config withMembers(Config config, List<String> members) {
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(new ArrayList<>(members));
        return config;
    }

    /** Applies the {@code EVENTBUS_*} variables to the event-bus options of a clustered start. */
    public static void applyEventBus(EventBusOptions options, Map<String, String> env) {
        String host = env.get("EVENTBUS_HOST");
        if (host != null && !host.isBlank()) {
            options.setHost(host.trim());
        }
        String port = env.get("EVENTBUS_PORT");
        if (port != null && !port.isBlank()) {
            options.setPort(port("EVENTBUS_PORT", port));
        }
        String publicHost = env.get("EVENTBUS_PUBLIC_HOST");
        if (publicHost != null && !publicHost.isBlank()) {
            options.setClusterPublicHost(publicHost.trim());
        }
        String publicPort = env.get("EVENTBUS_PUBLIC_PORT");
        if (publicPort != null && !publicPort.isBlank()) {
            options.setClusterPublicPort(port("EVENTBUS_PUBLIC_PORT", publicPort));
        }
    }

    private static Config load(String explicitFile) {
        try {
            if (explicitFile != null && !explicitFile.isBlank()) {
                return fromStream(Files.newInputStream(Path.of(explicitFile.trim())));
            }
            Path local = Path.of("conf", "cluster.xml");
            if (Files.isReadable(local)) {
                return fromStream(Files.newInputStream(local));
            }
            InputStream bundled = ClusterSetup.class.getClassLoader().getResourceAsStream("conf/cluster.xml");
            if (bundled == null) {
                throw new ConfigException("CLUSTER_CONFIG", "no conf/cluster.xml found in the working directory or the jar");
            }
            return fromStream(bundled);
        } catch (IOException e) {
            throw new ConfigException("CLUSTER_CONFIG", "could not be read: " + e.getMessage());
        }
    }

    private static Config fromStream(InputStream in) throws IOException {
        try (in) {
            return new XmlConfigBuilder(in).build();
        }
    }

    private static List<String> split(String list) {
        List<String> items = new ArrayList<>();
        for (String item : list.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }

    private static int port(String name, String text) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException(name, "must be a port between 0 and 65535");
    }
}
