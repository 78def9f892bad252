package org.fablab.launcher;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fablab.gateway.adapter.crypto.Argon2idPasswords;
import org.fablab.gateway.app.ConfigLoader;
import org.fablab.gateway.app.Gateway;
import org.fablab.gateway.app.GatewayConfig;
import org.fablab.gateway.app.Secrets;
import org.fablab.node.adapter.sim.SimulatedBadgeReader;
import org.fablab.node.app.MachineNode;
import org.fablab.node.app.NodeConfig;
import org.fablab.node.app.NodeConfigLoader;
import org.fablab.node.app.NodeHardware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo lab running: a gateway (embedded broker and SQLite under {@code dataDir} unless the
 * environment says otherwise) seeded with {@link DemoLab}, and one simulated node per machine in the
 * same JVM. Tests use it with their own environment; {@code ./fablab demo} adds {@link DemoScript}.
 */
public final class Demo implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Demo.class);

    private final GatewayConfig config;
    private final Clock clock;
    private final DemoKeys keys;
    private final Map<String, Duration> maxStaleness;
    private final Map<String, MachineNode> nodes;
    private final Map<String, NodeHardware> hardware;
    private volatile Gateway gateway;

    private Demo(GatewayConfig config, Clock clock, DemoKeys keys, Map<String, Duration> maxStaleness, Gateway gateway,
                 Map<String, MachineNode> nodes, Map<String, NodeHardware> hardware) {
        this.config = config;
        this.clock = clock;
        this.keys = keys;
        this.maxStaleness = maxStaleness;
        this.gateway = gateway;
        this.nodes = nodes;
        this.hardware = hardware;
    }

    /**
     * @param env settings as environment variables ({@code FABLAB_*}); they win over the demo's own
     * @param nodeTimings grace period, max session length and progress interval of the simulated nodes
     */
    public static Demo start(Path dataDir, Map<String, String> env, NodeTimings nodeTimings, Clock clock) {
        return start(dataDir, env, nodeTimings, clock, Optional.empty());
    }

    /**
     * @param nodeHardwareFile a node config file whose hardware section (and {@code idleAutoOff}) every demo node
     *                   uses instead of simulated hardware, e.g. {@code pi4j-mock}; identity, keys and broker
     *                   stay the demo's. Its reader must be {@code simulated} for the demo to badge on its own.
     */
    public static Demo start(Path data, Map<String, String> env, NodeTimings nodeTimings, Clock clock,
                             Optional<Path> nodeHardwareFile) {
        return start(data, env, nodeTimings, clock, nodeHardwareFile, Map.of());
    }

    /**
     * @param maxStaleness machine id to the {@code maxStaleness} its node is seeded with instead of the demo's
     *                     (laser-1: PT15M, printers: PT24H); the soak test shortens the laser's so that the gateway's
     *                     ACL renewals come every few seconds instead of every few minutes
     */
    public static Demo start(Path data, Map<String, String> env, NodeTimings nodeTimings, Clock clock,
                             Optional<Path> nodeHardwareFile, Map<String, Duration> maxStaleness) {
        return start(data, env, nodeTimings, clock, nodeHardwareFile, maxStaleness, History.NONE);
    }

    /** Whether a fresh demo starts with a past. */
    public enum History {
        /** The lab starts today, empty but for its members, trainings and prices. */
        NONE,
        /**
         * A fresh demo first gets the year ending yesterday ({@link DemoHistory}), written once: a demo that already
         * ran keeps what it has.
         */
        LAST_YEAR
    }

    /** @param history whether a fresh data folder first gets a year of past use */
    public static Demo start(Path data, Map<String, String> env, NodeTimings nodeTimings, Clock clock,
                             Optional<Path> nodeHardwareFile, Map<String, Duration> maxStaleness, History history) {
        Optional<NodeConfig> hardwareFrom = nodeHardwareFile.map(file -> NodeConfigLoader.load(file, Map.of()));
        Path dataDir = data.toAbsolutePath();
        DemoKeys keys = keys(dataDir);
        GatewayConfig config = config(dataDir, keys, env);

        Map<String, Duration> staleness = Map.copyOf(maxStaleness);
        Map<String, String> brokerPasswords = brokerPasswords();
        if (history == History.LAST_YEAR) {
            DemoHistoryWriter.writeIfFresh(config, keys, dataDir, staleness, clock);
        }
        Gateway gateway = Gateway.start(config, clock, directory -> DemoLab.seed(directory, keys, staleness));
        Map<String, MachineNode> nodes = new LinkedHashMap<>();
        Map<String, NodeHardware> hardware = new LinkedHashMap<>();
        // a lab in a network: its nodes hash every read with the network pepper too, so that visitors are recognised
        String networkPepper = Secrets.networkPepper(config.network()).map(HexFormat.of()::formatHex).orElse(null);
        try {
            // only once started: a second demo refused on this folder must not rewrite the running one's config
            DemoConfigFile.write(dataDir, config, keys);
            brokerPasswords.forEach((node, password) -> gateway.brokerAccounts().grantNode(node, password.toCharArray()));
            populate(gateway, clock);
            for (String id : DemoLab.nodeIds()) {
                NodeConfig nodeConfig = NodeConfig.of(config.lab(), id, config.mqtt().effectiveUrl(),
                        keys.nodes().get(id).privateKey(), keys.gatewayPublicKey(), keys.labPepper(),
                        dataDir.resolve("nodes").resolve(id))
                        .withNetworkPepper(networkPepper)
                        .withTimings(nodeTimings.gracePeriod(), nodeTimings.maxSessionLength(),
                                nodeTimings.progressInterval());
                if (hardwareFrom.isPresent()) {
                    nodeConfig = nodeConfig.withHardware(hardwareFrom.get().hardware(), hardwareFrom.get().idleAutoOff());
                }
                nodeConfig = nodeConfig.withBroker(nodeConfig.brokerUrl(), id, brokerPasswords.get(id));
                NodeHardware devices = hardwareFrom.isPresent() ? NodeHardware.forConfig(nodeConfig)
                        : NodeHardware.simulated();
                hardware.put(id, devices);
                nodes.put(id, MachineNode.start(nodeConfig, devices, clock));
            }
        } catch (RuntimeException e) {
            nodes.values().forEach(MachineNode::close);
            gateway.close();
            throw e;
        }
        return new Demo(config, clock, keys, staleness, gateway, nodes, hardware);
    }

    /** The demo's keys in {@code dataDir}, made on the first run. */
    static DemoKeys keys(Path dataDir) {
        return DemoKeys.loadOrCreate(dataDir.resolve("demo-keys.json"), DemoLab.nodeIds());
    }

    /** The gateway settings of the demo in {@code dataDir}: the demo's own, {@code env} over them. */
    static GatewayConfig config(Path dataDir, DemoKeys keys, Map<String, String> env) {
        Map<String, String> settings = new HashMap<>();
        settings.put("FABLAB_LAB", DemoLab.LAB);
        settings.put("FABLAB_BILLING_ISSUER", DemoLab.ISSUER);
        settings.put("FABLAB_STORE_URL", "jdbc:sqlite:" + dataDir.resolve("fablab.db"));
        settings.put("FABLAB_MQTT_DATA_DIR", dataDir.resolve("broker").toString());
        settings.put("FABLAB_KEYS_GATEWAY_PRIVATE_KEY", keys.gatewayPrivateKey());
        settings.put("FABLAB_KEYS_LAB_PEPPER", keys.labPepper());
        settings.putAll(env);
        return ConfigLoader.load(Optional.empty(), settings);
    }

    /**
     * A random broker password per demo node, for this run: granted once the gateway is up (the broker keeps its users
     * across a {@link #restartGateway}) and given to each node in its config.
     */
    private static Map<String, String> brokerPasswords() {
        SecureRandom random = new SecureRandom();
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String id : DemoLab.nodeIds()) {
            byte[] secret = new byte[24];
            random.nextBytes(secret);
            passwords.put(id, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        }
        return Map.copyOf(passwords);
    }

    /** Accounts, trainings and prices, each only where missing, then the nodes' ACLs. */
    private static void populate(Gateway gateway, Clock clock) {
        DemoLab.accounts(gateway.accounts(), new Argon2idPasswords(), clock);
        DemoLab.trainings(gateway.access());
        DemoLab.billing(gateway.billing());
        gateway.access().rebuildNow();
    }

    /**
     * Stops the gateway (and its embedded broker, if any) and starts it again with the same settings, database and
     * broker journal, as an upgrade or a power cut of the gateway's host would; the nodes keep running and reconnect
     * on their own.
     */
    public synchronized void restartGateway() {
        gateway.close();
        Gateway restarted = Gateway.start(config, clock, directory -> DemoLab.seed(directory, keys, maxStaleness));
        try {
            populate(restarted, clock);
        } catch (RuntimeException e) {
            restarted.close();
            throw e;
        }
        gateway = restarted;
    }

    /** Timings of the simulated nodes. */
    public record NodeTimings(Duration gracePeriod, Duration maxSessionLength, Duration progressInterval) {
        public static final NodeTimings DEMO = new NodeTimings(Duration.ofSeconds(5), Duration.ofHours(2),
                Duration.ofSeconds(10));
    }

    public Gateway gateway() {
        return gateway;
    }

    /** The public key of the gateway's signing key, base64: the one a partner lab registers. */
    public String gatewayPublicKey() {
        return keys.gatewayPublicKey();
    }

    /** The gateway's settings, the demo's own and the environment's. */
    public GatewayConfig config() {
        return config;
    }

    public MachineNode node(String id) {
        return nodes.get(id);
    }

    /** The devices of a node: simulated, or Pi4J adapters when the demo was given a node config. */
    public NodeHardware hardware(String nodeId) {
        return hardware.get(nodeId);
    }

    public SimulatedBadgeReader reader(String nodeId) {
        return hardware.get(nodeId).simulatedReader();
    }

    public List<String> nodeIds() {
        return new ArrayList<>(nodes.keySet());
    }

    /** Members of the demo lab with their raw badge, for scripts and tests. */
    public static List<DemoLab.Member> members() {
        return DemoLab.MEMBERS;
    }

    public static DemoLab.Member stranger() {
        return DemoLab.STRANGER;
    }

    /** Nodes first (relays off, sessions reported), then the gateway. */
    @Override
    public void close() {
        for (MachineNode node : nodes.values()) {
            try {
                node.close();
            } catch (RuntimeException e) {
                LOG.warn("stopping a demo node failed: {}", e.getMessage());
            }
        }
        gateway.close();
    }
}
