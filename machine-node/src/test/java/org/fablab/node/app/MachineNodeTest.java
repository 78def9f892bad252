package org.fablab.node.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.TestVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node without a reachable broker (it works offline): liveness as the systemd watchdog sees it. */
class MachineNodeTest {
    @TempDir
    Path dir;

    @Test
    void responsive_whileRunning_notOnceClosed() {
        NodeConfig config = NodeConfig.of("demo-lab", "laser-1", "tcp://127.0.0.1:1",
                Ed25519Keys.encode(TestVectors.nodePrivateKey("laser-1")),
                Ed25519Keys.encode(TestVectors.gatewayPublicKey()), HexFormat.of().formatHex(TestVectors.pepper()),
                dir);
        NodeHardware hardware = NodeHardware.simulated();
        MachineNode node = MachineNode.start(config, hardware, Clock.systemUTC());

        assertThat(node.responsive(Duration.ofSeconds(5))).isTrue();
        assertThat(hardware.simulatedRelay().isOn()).isFalse();

        node.close();
        assertThat(node.responsive(Duration.ofSeconds(1))).isFalse();
    }
}
