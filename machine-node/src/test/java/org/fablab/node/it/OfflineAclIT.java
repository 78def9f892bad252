package org.fablab.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.fablab.node.app.MachineNode;
import org.fablab.node.app.NodeHardware;
import org.fablab.protocol.AclSnapshot;
import org.fablab.protocol.Channel;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.EventData;
import org.fablab.protocol.Message;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.OfflinePolicy;
import org.fablab.protocol.TestVectors;
import org.fablab.protocol.Topic;
import org.junit.jupiter.api.Test;

/** Offline decisions from the cached ACL: revocation, fail-closed staleness, replayed old snapshots. */
class OfflineAclIT extends NodeOnBrokerTest {
    private final NodeHardware hardware = NodeHardware.simulated();

    @Test
    void revokedBadge_isDeniedOnceTheNextAclArrives() throws Exception {
        publishAcl(TestNodes.acl(lab, node, 1, TestNodes.ALICE, TestNodes.BOB));
        start();
        await().atMost(WAIT).until(() -> machineNode.aclVersion().orElse(-1L) == 1L);

        publishAcl(TestNodes.acl(lab, node, 2, TestNodes.BOB));
        await().atMost(WAIT).until(() -> machineNode.aclVersion().orElse(-1L) == 2L);
        hardware.simulatedReader().present(TestNodes.BADGE_TYPE, TestNodes.ALICE_UID);

        assertThat(firstDenial()).isEqualTo("unknown-badge");
        assertThat(hardware.simulatedRelay().history()).doesNotContain(true);
    }

    @Test
    void failClosedAcl_deniesOnceMaxStalenessHasPassed() throws Exception {
        AclSnapshot acl = new AclSnapshot(Message.VERSION, lab, node, Instant.now(), 1, OfflinePolicy.FAIL_CLOSED,
                Duration.ofSeconds(2), TestNodes.acl(lab, node, 1, TestNodes.ALICE).entries());
        publishAcl(acl);
        start();
        await().atMost(WAIT).until(() -> machineNode.aclVersion().orElse(-1L) == 1L);
        await().atMost(WAIT).until(() -> Instant.now().isAfter(acl.ts().plus(acl.maxStaleness()).plusMillis(100)));

        hardware.simulatedReader().present(TestNodes.BADGE_TYPE, TestNodes.ALICE_UID);

        assertThat(firstDenial()).isEqualTo("acl-stale");
        assertThat(hardware.simulatedRelay().history()).doesNotContain(true);
    }

    @Test
    void replayedOlderSignedAcl_isIgnored_andTheNewerOneKept() throws Exception {
        byte[] old = TestNodes.sign(TestNodes.acl(lab, node, 1, TestNodes.ALICE), TestVectors.gatewayPrivateKey());
        publishAcl(TestNodes.acl(lab, node, 2, TestNodes.BOB));
        start();
        await().atMost(WAIT).until(() -> machineNode.aclVersion().orElse(-1L) == 2L);

        long rejectedBefore = machineNode.rejectedInboundMessages();
        client.publish(Topic.of(lab, node, Channel.ACL).toString(), old, true);
        // a marker behind it on the same topic: an ACL signed by another key, which the node counts as rejected.
        // Once it is counted the node has taken the replayed one off the wire, and once its thread answers it has
        // also applied (or ignored) it: only then does the assertion below test anything.
        client.publish(Topic.of(lab, node, Channel.ACL).toString(), TestNodes.sign(TestNodes.acl(lab, node, 3,
                TestNodes.ALICE), Ed25519Keys.generate().getPrivate()), false);
        await().atMost(WAIT).until(() -> machineNode.rejectedInboundMessages() > rejectedBefore);
        assertThat(machineNode.responsive(WAIT)).isTrue();
        assertThat(machineNode.aclVersion()).contains(2L);
        hardware.simulatedReader().present(TestNodes.BADGE_TYPE, TestNodes.ALICE_UID);

        assertThat(firstDenial()).isEqualTo("unknown-badge");
        assertThat(machineNode.aclVersion()).contains(2L);
    }

    private void publishAcl(AclSnapshot acl) throws Exception {
        client.publish(Topic.of(lab, node, Channel.ACL).toString(), TestNodes.sign(acl,
                TestVectors.gatewayPrivateKey()), true);
    }

    private void start() {
        machineNode = MachineNode.start(TestNodes.config(lab, node, Broker.url(), dir.resolve("node")), hardware,
                Clock.systemUTC());
    }

    private String firstDenial() {
        String events = Topic.of(lab, node, Channel.EVENTS).toString();
        List<EventData.BadgeDenied> denied = await().atMost(WAIT).until(() -> client.received().stream()
                .filter(r -> r.topic().equals(events) && r.payload().length > 0)
                .map(r -> ((NodeEvent) r.verified()).data())
                .filter(EventData.BadgeDenied.class::isInstance).map(EventData.BadgeDenied.class::cast).toList(),
                l -> !l.isEmpty());
        return denied.get(0).reason();
    }
}
