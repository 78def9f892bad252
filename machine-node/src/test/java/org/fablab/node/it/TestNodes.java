package org.fablab.node.it;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.fablab.node.app.NodeConfig;
import org.fablab.protocol.AclSnapshot;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.CredentialRef;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.Message;
import org.fablab.protocol.OfflinePolicy;
import org.fablab.protocol.Signer;
import org.fablab.protocol.TestVectors;

/** Node configs and signed ACLs built from the protocol test vectors. */
final class TestNodes {
    static final String BADGE_TYPE = "mifare-uid";
    static final String ALICE_UID = "04A1B2C3D4E5F6";
    static final String BOB_UID = "04B0B0B0B0B0B0";
    static final CredentialHasher HASHER = new CredentialHasher(TestVectors.pepper());
    static final CredentialRef ALICE = HASHER.hash(BADGE_TYPE, ALICE_UID, false);
    static final CredentialRef BOB = HASHER.hash(BADGE_TYPE, BOB_UID, false);

    private TestNodes() {
    }

    /** Every test node signs with the test-vector key of {@code laser-1}, whatever its id. */
    static NodeConfig config(String lab, String node, String brokerUrl, Path dataDir) {
        return NodeConfig.of(lab, node, brokerUrl, Ed25519Keys.encode(TestVectors.nodePrivateKey("laser-1")),
                        Ed25519Keys.encode(TestVectors.gatewayPublicKey()), HexFormat.of().formatHex(TestVectors.pepper()),
                        dataDir)
                .withTimings(Duration.ofMillis(300), Duration.ofHours(1), Duration.ofSeconds(60));
    }

    /** The YAML form of {@link #config}, for a node in a child process. */
    static String yaml(String lab, String node, String brokerUrl, Path dataDir) {
        NodeConfig c = config(lab, node, brokerUrl, dataDir);
        return String.join("\n",
                "lab: " + c.lab(),
                "node: " + c.node(),
                "brokerUrl: " + c.brokerUrl(),
                "nodePrivateKey: " + c.nodePrivateKey(),
                "gatewayPublicKey: " + c.gatewayPublicKey(),
                "labPepper: " + c.labPepper(),
                "dataDir: " + dataDir.toAbsolutePath(),
                "gracePeriod: 300ms",
                "maxSessionLength: 1h",
                "progressInterval: 60s",
                "") ;
    }

    static AclSnapshot acl(String lab, String node, long version, CredentialRef... allowed) {
        return new AclSnapshot(Message.VERSION, lab, node, Instant.now(), version, OfflinePolicy.FAIL_CLOSED,
                Duration.ofHours(1), Arrays.stream(allowed)
                .map(c -> new AclSnapshot.Entry(c.hash(), "m-" + c.hash().substring(0, 6), "Member", false))
                .toList());
    }

    static byte[] sign(Message message, PrivateKey key) {
        return new Signer(key).sign(message);
    }
}
