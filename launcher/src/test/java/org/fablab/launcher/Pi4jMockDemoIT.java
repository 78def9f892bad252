package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.fablab.node.adapter.pi4j.Pi4jPowerSwitch;
import org.fablab.protocol.MachineState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's nodes on the real Pi4J adapters by changing only a config file: a badge powers the relay
 * through Pi4J's mock platform, the same badge again cuts it.
 */
class Pi4jMockDemoIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    @Test
    void theDemoOnPi4jMockHardware_switchesTheRelayPinForAnAuthorizedBadge() {
        Path example = Path.of("..", "firmware-config", "examples", "demo-pi4j-mock.yaml");
        try (Demo demo = TestLabs.onMosquitto(dataDir, "pi4j", Optional.of(example))) {
            assertThat(demo.hardware("printer-1").relay()).isInstanceOf(Pi4jPowerSwitch.class);
            await().atMost(WAIT).until(() -> demo.node("printer-1").aclIssuedAt().isPresent());
            DemoLab.Member david = Demo.members().stream().filter(m -> m.id().equals("m-david")).findFirst().orElseThrow();

            demo.reader("printer-1").present(david.badgeType(), david.badgeUid());
            await().atMost(WAIT).until(() -> demo.node("printer-1").state() == MachineState.ACTIVE);
            assertThat(demo.hardware("printer-1").relay().isOn()).isTrue();

            demo.reader("printer-1").present(david.badgeType(), david.badgeUid());
            await().atMost(WAIT).until(() -> demo.node("printer-1").state() == MachineState.IDLE);
            assertThat(demo.hardware("printer-1").relay().isOn()).isFalse();
        }
    }
}
