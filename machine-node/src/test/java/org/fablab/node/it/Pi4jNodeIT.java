package org.fablab.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.fablab.node.adapter.pi4j.Polarity;
import org.fablab.node.app.HardwareConfig;
import org.fablab.node.app.HardwareKind;
import org.fablab.node.app.MachineNode;
import org.fablab.node.app.NodeConfig;
import org.fablab.node.app.NodeHardware;
import org.fablab.node.domain.InterlockEffect;
import org.fablab.protocol.Channel;
import org.fablab.protocol.EndReason;
import org.fablab.protocol.EventData;
import org.fablab.protocol.MachineState;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.TestVectors;
import org.fablab.protocol.Topic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node built from its config with {@code hardware: pi4j-mock}: the real Pi4J adapters, pins driven through
 * Pi4J's mock platform, against the real Mosquitto. The relay is active-low, the interlocks close to ground.
 */
class Pi4jNodeIT extends NodeOnBrokerTest {
    private static final HardwareConfig.Pin RELAY = new HardwareConfig.Pin(17, Polarity.ACTIVE_LOW);

    private NodeHardware hardware;

    @BeforeEach
    void publishAnAclOfAliceAndBob() throws Exception {
        client.publish(Topic.of(lab, node, Channel.ACL).toString(), TestNodes.sign(
                TestNodes.acl(lab, node, 1, TestNodes.ALICE, TestNodes.BOB), TestVectors.gatewayPrivateKey()), true);
    }

    @Test
    void grantedBadge_energisesTheActiveLowRelay_andTheExtractorStoppingCutsIt() {
        start(hardware(null, new HardwareConfig.CurrentSensing.None()), Duration.ZERO);

        hardware.simulatedReader().present(TestNodes.BADGE_TYPE, TestNodes.ALICE_UID);
        await().atMost(WAIT).until(() -> machineNode.state() == MachineState.ACTIVE);
        assertThat(relayLevel()).isEqualTo(DigitalState.LOW);

        input("interlock-extractor").mockState(DigitalState.HIGH);

        await().atMost(WAIT).until(() -> machineNode.state() == MachineState.IDLE);
        assertThat(relayLevel()).isEqualTo(DigitalState.HIGH);
        EventData.SessionEnded ended = await().atMost(WAIT).until(() -> data(EventData.SessionEnded.class), l -> !l.isEmpty()).get(0);
        assertThat(ended.reason()).isEqualTo(EndReason.INTERLOCK);
        await().atMost(WAIT).until(() -> data(EventData.InterlockChanged.class)
                .contains(new EventData.InterlockChanged("extractor", false)));
    }

    @Test
    void openLid_refusesTheStart_andTheRelayStaysOff() {
        start(hardware(null, new HardwareConfig.CurrentSensing.None()), Duration.ZERO);
        input("interlock-lid").mockState(DigitalState.HIGH);
        await().atMost(WAIT).until(() -> !data(EventData.InterlockChanged.class).isEmpty());

        hardware.simulatedReader().present(TestNodes.BADGE_TYPE, TestNodes.ALICE_UID);

        EventData.BadgeDenied denied = await().atMost(WAIT).until(() -> data(EventData.BadgeDenied.class),
                l -> !l.isEmpty()).get(0);
        assertThat(denied.reason()).isEqualTo("interlock-open");
        assertThat(relayLevel()).isEqualTo(DigitalState.HIGH);
        assertThat(machineNode.state()).isEqualTo(MachineState.IDLE);
    }

    @Test
    void relayFeedbackStayingOff_raisesFault_andCutsPower() {
        start(hardware(new HardwareConfig.Pin(27, Polarity.ACTIVE_HIGH), new HardwareConfig.CurrentSensing.None()),
                Duration.ZERO);

        hardware.simulatedReader().present(TestNodes.BADGE_TYPE, TestNodes.ALICE_UID);
        await().atMost(WAIT).until(() -> machineNode.state() == MachineState.ACTIVE);
        // On the mock platform the feedback follows the relay; the contactor now sticks open.
        input("relay-feedback").mockState(DigitalState.LOW);

        await().atMost(WAIT).until(() -> machineNode.state() == MachineState.FAULT);
        assertThat(relayLevel()).isEqualTo(DigitalState.HIGH);
        await().atMost(WAIT).until(() -> data(EventData.MachineStateChanged.class)
                .contains(new EventData.MachineStateChanged(MachineState.FAULT, "relay-stuck-off")));
    }

    @Test
    void noCurrentForIdleAutoOff_endsTheSessionAsIdle() {
        start(hardware(null, new HardwareConfig.CurrentSensing.Gpio(new HardwareConfig.Pin(24, Polarity.ACTIVE_LOW))),
                Duration.ofSeconds(1));
        input("current").mockState(DigitalState.HIGH);

        hardware.simulatedReader().present(TestNodes.BADGE_TYPE, TestNodes.ALICE_UID);

        EventData.SessionEnded ended = await().atMost(WAIT).until(() -> data(EventData.SessionEnded.class),
                l -> !l.isEmpty()).get(0);
        assertThat(ended.reason()).isEqualTo(EndReason.IDLE);
        assertThat(relayLevel()).isEqualTo(DigitalState.HIGH);
    }

    private HardwareConfig hardware(HardwareConfig.Pin feedback, HardwareConfig.CurrentSensing current) {
        return new HardwareConfig(HardwareKind.PI4J_MOCK, HardwareConfig.Reader.simulated(), RELAY, feedback,
                new HardwareConfig.Pin(5, Polarity.ACTIVE_HIGH), null, new HardwareConfig.Pin(13, Polarity.ACTIVE_HIGH),
                null, List.of(
                new HardwareConfig.Interlock("extractor", new HardwareConfig.Pin(22, Polarity.ACTIVE_LOW),
                        InterlockEffect.STOP_SESSION),
                new HardwareConfig.Interlock("lid", new HardwareConfig.Pin(23, Polarity.ACTIVE_LOW),
                        InterlockEffect.REFUSE_START)), current);
    }

    private void start(HardwareConfig hardwareConfig, Duration idleAutoOff) {
        NodeConfig config = TestNodes.config(lab, node, Broker.url(), dir.resolve("node"))
                .withHardware(hardwareConfig, idleAutoOff);
        hardware = NodeHardware.forConfig(config);
        input("interlock-extractor").mockState(DigitalState.LOW);
        input("interlock-lid").mockState(DigitalState.LOW);
        machineNode = MachineNode.start(config, hardware, Clock.systemUTC());
        await().atMost(WAIT).until(() -> machineNode.aclVersion().orElse(-1L) == 1L);
    }

    private Context pi4j() {
        return hardware.pi4j().orElseThrow();
    }

    private MockDigitalInput input(String id) {
        return pi4j().registry().get(id, MockDigitalInput.class);
    }

    private DigitalState relayLevel() {
        return pi4j().registry().get("relay", DigitalOutput.class).state();
    }

    private <T extends EventData> List<T> data(Class<T> type) {
        String events = Topic.of(lab, node, Channel.EVENTS).toString();
        return client.received().stream().filter(r -> r.topic().equals(events) && r.payload().length > 0)
                .map(r -> ((NodeEvent) r.verified()).data()).filter(type::isInstance).map(type::cast).toList();
    }
}
