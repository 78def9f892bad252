package org.fablab.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.util.List;
import org.fablab.node.app.MachineNode;
import org.fablab.node.app.NodeHardware;
import org.fablab.node.domain.Signal;
import org.fablab.protocol.AclSnapshot;
import org.fablab.protocol.Channel;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.EventData;
import org.fablab.protocol.MachineState;
import org.fablab.protocol.Message;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.NodeState;
import org.fablab.protocol.NodeStatus;
import org.fablab.protocol.TcpProxy;
import org.fablab.protocol.TestVectors;
import org.fablab.protocol.Topic;
import org.junit.jupiter.api.Test;

/** A node in this JVM against the real Mosquitto: signed events, Last Will, signed ACLs. */
class NodeMqttIT extends NodeOnBrokerTest {
    @Test
    void grantedBadge_publishesSignedSessionStartedThatVerifies() throws Exception {
        client.publish(topic(Channel.ACL), TestNodes.sign(TestNodes.acl(lab, node, 1, TestNodes.ALICE),
                TestVectors.gatewayPrivateKey()), true);
        NodeHardware hardware = NodeHardware.simulated();
        machineNode = start(hardware, Broker.url());
        await().atMost(WAIT).until(() -> machineNode.aclVersion().orElse(-1L) == 1L);

        hardware.simulatedReader().present(TestNodes.BADGE_TYPE, TestNodes.ALICE_UID);

        NodeEvent started = await().atMost(WAIT).until(() -> events(EventData.SessionStarted.class).stream()
                .findFirst().orElse(null), e -> e != null);
        EventData.SessionStarted data = (EventData.SessionStarted) started.data();
        assertThat(data.credential()).isEqualTo(TestNodes.ALICE);
        assertThat(data.memberId()).isEqualTo("m-" + TestNodes.ALICE.hash().substring(0, 6));
        assertThat(started.node()).isEqualTo(node);
        assertThat(hardware.simulatedRelay().isOn()).isTrue();
        assertThat(hardware.simulatedIndicator().last()).isEqualTo(Signal.IN_USE);
        assertThat(machineNode.state()).isEqualTo(MachineState.ACTIVE);
        assertThat(started.seq()).isGreaterThan(events(EventData.NodeBooted.class).get(0).seq());
    }

    @Test
    void onlineStatus_isSignedRetainedAndCarriesTheMachineState() {
        machineNode = start(NodeHardware.simulated(), Broker.url());

        NodeStatus online = await().atMost(WAIT).until(() -> statuses(NodeState.ONLINE).stream().findFirst()
                .orElse(null), s -> s != null);

        assertThat(online.machineState()).isEqualTo(MachineState.IDLE);
        assertThat(online.software()).isNotBlank();
        assertThat(client.received()).filteredOn(r -> r.topic().equals(topic(Channel.STATUS)))
                .allSatisfy(r -> assertThat(r.verified()).as("every status verifies").isNotNull());
    }

    @Test
    void lastWill_offlineStatusAppears_whenTheConnectionIsKilled() throws Exception {
        try (TcpProxy proxy = new TcpProxy(Broker.host(), Broker.port())) {
            machineNode = start(NodeHardware.simulated(), proxy.url());
            await().atMost(WAIT).until(() -> !statuses(NodeState.ONLINE).isEmpty());

            proxy.killConnections();

            NodeStatus will = await().atMost(WAIT).until(() -> statuses(NodeState.OFFLINE).stream().findFirst()
                    .orElse(null), s -> s != null);
            assertThat(will.node()).isEqualTo(node);
            assertThat(will.machineState()).isNull();
            await().atMost(WAIT).until(() -> statuses(NodeState.ONLINE).size() >= 2);
        }
    }

    @Test
    void signedAcl_isAccepted_forgedOneRejected_andTheOldOneKept() throws Exception {
        client.publish(topic(Channel.ACL), TestNodes.sign(TestNodes.acl(lab, node, 1, TestNodes.ALICE),
                TestVectors.gatewayPrivateKey()), true);
        NodeHardware hardware = NodeHardware.simulated();
        machineNode = start(hardware, Broker.url());
        await().atMost(WAIT).until(() -> machineNode.aclVersion().orElse(-1L) == 1L);
        AclSnapshot forged = TestNodes.acl(lab, node, 2, TestNodes.BOB);

        client.publish(topic(Channel.ACL), TestNodes.sign(forged, Ed25519Keys.generate().getPrivate()), true);

        await().atMost(WAIT).until(() -> machineNode.rejectedInboundMessages() == 1);
        assertThat(machineNode.aclVersion()).contains(1L);
        hardware.simulatedReader().present(TestNodes.BADGE_TYPE, TestNodes.BOB_UID);
        EventData.BadgeDenied denied = await().atMost(WAIT).until(() -> events(EventData.BadgeDenied.class).stream()
                .map(e -> (EventData.BadgeDenied) e.data()).findFirst().orElse(null), d -> d != null);
        assertThat(denied.reason()).isEqualTo("unknown-badge");
        assertThat(hardware.simulatedRelay().history()).doesNotContain(true);
    }

    @Test
    void acceptedAcl_isPersisted_andUsedAfterRestartBeforeTheBrokerIsReached() throws Exception {
        client.publish(topic(Channel.ACL), TestNodes.sign(TestNodes.acl(lab, node, 3, TestNodes.ALICE),
                TestVectors.gatewayPrivateKey()), true);
        machineNode = start(NodeHardware.simulated(), Broker.url());
        await().atMost(WAIT).until(() -> machineNode.aclVersion().orElse(-1L) == 3L);
        machineNode.close();

        machineNode = start(NodeHardware.simulated(), "tcp://127.0.0.1:1");

        assertThat(machineNode.aclVersion()).contains(3L);
        assertThat(machineNode.isConnected()).isFalse();
    }

    private MachineNode start(NodeHardware hardware, String brokerUrl) {
        return MachineNode.start(TestNodes.config(lab, node, brokerUrl, dir.resolve("node")), hardware,
                Clock.systemUTC());
    }

    private String topic(Channel channel) {
        return Topic.of(lab, node, channel).toString();
    }

    private List<NodeEvent> events(Class<? extends EventData> type) {
        return verified(Channel.EVENTS).stream().map(NodeEvent.class::cast)
                .filter(e -> type.isInstance(e.data())).toList();
    }

    private List<NodeStatus> statuses(NodeState state) {
        return verified(Channel.STATUS).stream().map(NodeStatus.class::cast)
                .filter(s -> s.state() == state).toList();
    }

    private List<Message> verified(Channel channel) {
        return client.received().stream()
                .filter(r -> r.topic().equals(topic(channel)) && r.payload().length > 0)
                .map(r -> {
                    Message m = r.verified();
                    assertThat(m).as("message on " + r.topic() + " verifies: " + r.text()).isNotNull();
                    return m;
                }).toList();
    }
}
