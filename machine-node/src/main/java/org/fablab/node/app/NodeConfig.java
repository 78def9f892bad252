package org.fablab.node.app;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.fablab.protocol.BrokerTransport;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.Names;

/**
 * The whole configuration of one machine node, validated on construction; every error message starts with
 * the offending field's name. Load it from YAML with {@link NodeConfigLoader}. Secrets are left out of
 * {@link #toString()}.
 *
 * @param lab              lab id, {@code [a-z0-9][a-z0-9-]{0,62}}
 * @param node             node id, same pattern; also the MQTT client id
 * @param brokerUrl        {@code tcp://host:port} or {@code ssl://host:port}
 * @param brokerUsername   broker user, or null for an anonymous broker
 * @param brokerPassword   broker password, or null
 * @param nodePrivateKey   the node's Ed25519 private seed, base64 of 32 bytes
 * @param gatewayPublicKey the gateway's Ed25519 public key, base64 of 32 bytes
 * @param labPepper        the lab-wide badge hashing secret, hex of at least 16 bytes
 * @param dataDir          folder of the node's SQLite store
 * @param gracePeriod      warning time before power is cut at the end of a session (may be 0)
 * @param maxSessionLength sessions are ended (reason {@code timeout}) at this wall time
 * @param progressInterval period of {@code session.progress} events
 * @param idleAutoOff      a session whose machine draws no current for this long ends (reason {@code idle});
 *                         0 disables it; needs current sensing when not 0
 * @param toCheckAfterUse  after each session the machine enters {@code to-check} until the gateway sets it back
 * @param hardware         which hardware drives the node, and its pins
 * @param liveAuthTimeout  how long the node waits for the gateway's {@code auth/response} before its cached ACL
 *                         decides (&gt; 0)
 * @param alwaysAskLive    ask the gateway about every badge while connected, not only when the ACL is missing,
 *                         stale or does not know the badge
 * @param brokerCaFile     PEM file of the lab CA, the only issuer trusted for an {@code ssl://} broker; null trusts the
 *                         JVM's trust store (a broker with a public certificate)
 * @param brokerPlainOnNetwork allows a plain {@code tcp://} broker URL whose host is not loopback, for a lab that
 *                         knowingly runs plain MQTT on an isolated network (logged at start); see
 *                         {@link BrokerTransport}
 * @param networkPepper    the badge hashing secret the partner labs of a network share (docs/network.md), hex of at
 *                         least 16 bytes and not the lab pepper; null when the lab is in no network
 */
public record NodeConfig(String lab, String node, String brokerUrl, String brokerUsername, String brokerPassword,
                         String nodePrivateKey, String gatewayPublicKey, String labPepper, Path dataDir,
                         Duration gracePeriod, Duration maxSessionLength, Duration progressInterval,
                         Duration idleAutoOff, boolean toCheckAfterUse, HardwareConfig hardware,
                         Duration liveAuthTimeout, boolean alwaysAskLive, Path brokerCaFile,
                         boolean brokerPlainOnNetwork, String networkPepper) {
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(30);
    public static final Duration DEFAULT_LIVE_AUTH_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_MAX_SESSION_LENGTH = Duration.ofHours(8);
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(60);
    private static final Set<String> SCHEMES = Set.of("tcp", "ssl", "ws", "wss");

    public NodeConfig {
        field("lab", () -> Names.requireId("lab", lab));
        field("node", () -> Names.requireId("node", node));
        field("brokerUrl", () -> requireBrokerUrl(brokerUrl));
        if (BrokerTransport.isPlain(brokerUrl)) {
            if (brokerCaFile != null) {
                throw new IllegalArgumentException("brokerCaFile: is set but brokerUrl '" + brokerUrl
                        + "' is plain MQTT; use ssl://host:8883");
            }
            if (!brokerPlainOnNetwork && BrokerTransport.isPlainOffLoopback(brokerUrl)) {
                throw new IllegalArgumentException("brokerUrl: plain MQTT to '" + brokerUrl + "' is refused: "
                        + "tcp:// is for loopback only; use ssl://host:8883 with brokerCaFile (docs/tls.md), or set "
                        + "brokerPlainOnNetwork: true on an isolated network");
            }
        }
        if (brokerPassword != null && brokerUsername == null) {
            throw new IllegalArgumentException("brokerPassword: is set but brokerUsername is not");
        }
        field("nodePrivateKey", () -> Ed25519Keys.privateKey(nodePrivateKey));
        field("gatewayPublicKey", () -> Ed25519Keys.publicKey(gatewayPublicKey));
        field("labPepper", () -> requirePepper(labPepper));
        if (networkPepper != null) {
            field("networkPepper", () -> requirePepper(networkPepper));
            // the same secret for both would publish the lab's own badge hashes to every partner
            if (Arrays.equals(HexFormat.of().parseHex(networkPepper), HexFormat.of().parseHex(labPepper))) {
                throw new IllegalArgumentException("networkPepper: must differ from labPepper");
            }
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("dataDir: is missing");
        }
        requireDuration("gracePeriod", gracePeriod, true);
        requireDuration("maxSessionLength", maxSessionLength, false);
        requireDuration("progressInterval", progressInterval, false);
        requireDuration("idleAutoOff", idleAutoOff, true);
        if (hardware == null) {
            throw new IllegalArgumentException("hardware: is missing");
        }
        requireDuration("liveAuthTimeout", liveAuthTimeout, false);
        if (!idleAutoOff.isZero() && hardware.current() instanceof HardwareConfig.CurrentSensing.None) {
            throw new IllegalArgumentException("idleAutoOff: needs current sensing (current.kind: gpio or ads1115); "
                    + "set it to 0 to disable");
        }
    }

    /** A configuration with the default live-authorization settings: ask when needed, wait 2 s. */
    public NodeConfig(String lab, String node, String brokerUrl, String brokerUsername, String brokerPassword,
                      String nodePrivateKey, String gatewayPublicKey, String labPepper, Path dataDir,
                      Duration gracePeriod, Duration maxSessionLength, Duration progressInterval,
                      Duration idleAutoOff, boolean toCheckAfterUse, HardwareConfig hardware) {
        this(lab, node, brokerUrl, brokerUsername, brokerPassword, nodePrivateKey, gatewayPublicKey, labPepper,
                dataDir, gracePeriod, maxSessionLength, progressInterval, idleAutoOff, toCheckAfterUse, hardware,
                DEFAULT_LIVE_AUTH_TIMEOUT, false, null, false, null);
    }

    /**
     * A configuration with simulated hardware and default timings, as the launcher's demo builds in-process.
     */
    public static NodeConfig of(String lab, String node, String brokerUrl, String nodePrivateKey,
                                String gatewayPublicKey, String labPepper, Path dataDir) {
        return new NodeConfig(lab, node, brokerUrl, null, null, nodePrivateKey, gatewayPublicKey, labPepper, dataDir,
                DEFAULT_GRACE_PERIOD, DEFAULT_MAX_SESSION_LENGTH, DEFAULT_PROGRESS_INTERVAL, Duration.ZERO, false,
                HardwareConfig.simulated());
    }

    public NodeConfig withTimings(Duration gracePeriod, Duration maxSessionLength, Duration progressInterval) {
        return new NodeConfig(lab, node, brokerUrl, brokerUsername, brokerPassword, nodePrivateKey, gatewayPublicKey,
                labPepper, dataDir, gracePeriod, maxSessionLength, progressInterval, idleAutoOff, toCheckAfterUse,
                hardware, liveAuthTimeout, alwaysAskLive, brokerCaFile, brokerPlainOnNetwork, networkPepper);
    }

    /** This config with other hardware, e.g. the Pi4J adapters on the mock platform. */
    public NodeConfig withHardware(HardwareConfig hardware, Duration idleAutoOff) {
        return new NodeConfig(lab, node, brokerUrl, brokerUsername, brokerPassword, nodePrivateKey, gatewayPublicKey,
                labPepper, dataDir, gracePeriod, maxSessionLength, progressInterval, idleAutoOff, toCheckAfterUse,
                hardware, liveAuthTimeout, alwaysAskLive, brokerCaFile, brokerPlainOnNetwork, networkPepper);
    }

    public NodeConfig withBroker(String brokerUrl, String brokerUsername, String brokerPassword) {
        return new NodeConfig(lab, node, brokerUrl, brokerUsername, brokerPassword, nodePrivateKey, gatewayPublicKey,
                labPepper, dataDir, gracePeriod, maxSessionLength, progressInterval, idleAutoOff, toCheckAfterUse,
                hardware, liveAuthTimeout, alwaysAskLive, brokerCaFile, brokerPlainOnNetwork, networkPepper);
    }

    /** This config with a TLS broker URL whose certificate must be issued by the lab CA in {@code caFile}. */
    public NodeConfig withBrokerCa(String brokerUrl, Path caFile) {
        return new NodeConfig(lab, node, brokerUrl, brokerUsername, brokerPassword, nodePrivateKey, gatewayPublicKey,
                labPepper, dataDir, gracePeriod, maxSessionLength, progressInterval, idleAutoOff, toCheckAfterUse,
                hardware, liveAuthTimeout, alwaysAskLive, caFile, brokerPlainOnNetwork, networkPepper);
    }

    /** This config with other live-authorization settings. */
    public NodeConfig withLiveAuth(Duration liveAuthTimeout, boolean alwaysAskLive) {
        return new NodeConfig(lab, node, brokerUrl, brokerUsername, brokerPassword, nodePrivateKey, gatewayPublicKey,
                labPepper, dataDir, gracePeriod, maxSessionLength, progressInterval, idleAutoOff, toCheckAfterUse,
                hardware, liveAuthTimeout, alwaysAskLive, brokerCaFile, brokerPlainOnNetwork, networkPepper);
    }

    /** This config with the network pepper of the lab's network, or null for a lab in no network. */
    public NodeConfig withNetworkPepper(String networkPepper) {
        return new NodeConfig(lab, node, brokerUrl, brokerUsername, brokerPassword, nodePrivateKey, gatewayPublicKey,
                labPepper, dataDir, gracePeriod, maxSessionLength, progressInterval, idleAutoOff, toCheckAfterUse,
                hardware, liveAuthTimeout, alwaysAskLive, brokerCaFile, brokerPlainOnNetwork, networkPepper);
    }

    /** The pepper as bytes; a fresh copy each call. */
    public byte[] labPepperBytes() {
        return HexFormat.of().parseHex(labPepper);
    }

    /** The network pepper as bytes, a fresh copy each call; empty for a lab in no network. */
    public Optional<byte[]> networkPepperBytes() {
        return Optional.ofNullable(networkPepper).map(HexFormat.of()::parseHex);
    }

    @Override
    public String toString() {
        return "NodeConfig[lab=" + lab + ", node=" + node + ", brokerUrl=" + brokerUrl + ", brokerUsername="
                + brokerUsername + ", dataDir=" + dataDir + ", gracePeriod=" + gracePeriod + ", maxSessionLength="
                + maxSessionLength + ", progressInterval=" + progressInterval + ", idleAutoOff=" + idleAutoOff
                + ", toCheckAfterUse=" + toCheckAfterUse + ", hardware=" + hardware + ", liveAuthTimeout=" + liveAuthTimeout
                + ", alwaysAskLive=" + alwaysAskLive + ", brokerCaFile=" + brokerCaFile + ", brokerPlainOnNetwork="
                + brokerPlainOnNetwork + ", inNetwork=" + (networkPepper != null) + "]";
    }

    private static void field(String name, Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? "is invalid" : e.getMessage();
            throw new IllegalArgumentException(message.startsWith(name) ? name + ":" + message.substring(name.length())
                    : name + ": " + message, e);
        }
    }

    private static void requireBrokerUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("is missing");
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + url + "' is not a URL");
        }
        if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + url + "' must look like tcp://host:1883 or ssl://host:8883");
        }
    }

    private static void requirePepper(String hex) {
        if (hex == null) {
            throw new IllegalArgumentException("is missing");
        }
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be hex digits");
        }
        if (bytes.length < 16) {
            throw new IllegalArgumentException("must be at least 16 bytes (32 hex digits)");
        }
    }

    private static void requireDuration(String field, Duration value, boolean zeroAllowed) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": is missing");
        }
        if (value.isNegative() || (!zeroAllowed && value.isZero())) {
            throw new IllegalArgumentException(field + ": must be " + (zeroAllowed ? ">= 0" : "> 0") + ", was " + value);
        }
    }
}
