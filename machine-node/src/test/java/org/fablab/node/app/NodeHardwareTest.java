package org.fablab.node.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.util.Map;
import org.fablab.node.adapter.pi4j.Pi4jPowerSwitch;
import org.fablab.node.port.Interlock;
import org.junit.jupiter.api.Test;

class NodeHardwareTest {

    @Test
    void laserExampleOnTheMockPlatform_buildsEveryPortWithTheRelayOff() {
        NodeConfig config = NodeConfigLoader.load(NodeConfigLoaderTest.machineExample("laser-cutter.yaml"),
                Map.of("FABLAB_NODE_HARDWARE", "pi4j-mock"));

        NodeHardware hardware = NodeHardware.forConfig(config);
        try {
            assertThat(hardware.relay()).isInstanceOf(Pi4jPowerSwitch.class);
            assertThat(hardware.relay().isOn()).isFalse();
            DigitalOutput relay = hardware.pi4j().orElseThrow().registry().get("relay", DigitalOutput.class);
            assertThat(relay.state()).isEqualTo(DigitalState.HIGH);
            assertThat(hardware.interlocks()).extracting(Interlock::name).containsExactly("extractor", "lid");
            assertThat(hardware.powerMeter()).isPresent();
            assertThat(hardware.relay().sensedOn()).contains(false);
            hardware.relay().setOn(true);
            assertThat(hardware.relay().sensedOn()).as("mock feedback follows the relay").contains(true);
            hardware.relay().setOn(false);
            assertThat(hardware.relay().sensedOn()).contains(false);
        } finally {
            hardware.close();
        }
        assertThat(hardware.pi4j().orElseThrow().isShutdown()).isTrue();
    }

    @Test
    void simulatedConfig_buildsSimulatedPorts() {
        NodeHardware hardware = NodeHardware.forConfig(NodeConfigLoader.load(
                NodeConfigLoaderTest.machineExample("3d-printer.yaml"),
                Map.of("FABLAB_NODE_HARDWARE", "simulated", "FABLAB_NODE_READER_KIND", "simulated",
                        "FABLAB_NODE_RELAY_PIN", "", "FABLAB_NODE_LEDS_GREEN", "", "FABLAB_NODE_LEDS_RED", "",
                        "FABLAB_NODE_CURRENT_KIND", "none")));

        assertThat(hardware.simulatedReader()).isNotNull();
        assertThat(hardware.simulatedRelay().isOn()).isFalse();
        assertThat(hardware.pi4j()).isEmpty();
        hardware.close();
    }
}
