package org.fablab.node.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.fablab.node.port.NodeMemory;
import org.fablab.node.port.Outbox;
import org.fablab.protocol.AclSnapshot;
import org.fablab.protocol.AuthRequest;
import org.fablab.protocol.AuthResponse;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.CredentialRef;
import org.fablab.protocol.Decision;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.EventData;
import org.fablab.protocol.Inbound;
import org.fablab.protocol.Message;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.OfflinePolicy;
import org.fablab.protocol.Signer;
import org.fablab.protocol.TestVectors;
import org.fablab.protocol.Verifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node without a reachable broker (it works offline): liveness as the systemd watchdog sees it; and the node's
 * wiring on an in-memory store and uplink, from a badge to the event its uplink publishes, in a lab in a network of
 * labs too.
 */
class MachineNodeTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String VISITOR_UID = "04A1B2C3D4E5F6";
    private static final CredentialRef VISITOR_LAB =
            new CredentialHasher(TestVectors.pepper()).hash("mifare-uid", VISITOR_UID, false);
    private static final CredentialRef VISITOR_NETWORK =
            new CredentialHasher(TestVectors.networkPepper()).hash("mifare-uid", VISITOR_UID, false);

    @TempDir
    Path dir;

    @Test
    void responsive_whileRunning_notOnceClosed() {
        NodeHardware hardware = NodeHardware.simulated();
        MachineNode node = MachineNode.start(config(), hardware, Clock.systemUTC());

        assertThat(node.responsive(Duration.ofSeconds(5))).isTrue();
        assertThat(hardware.simulatedRelay().isOn()).isFalse();

        node.close();
        assertThat(node.responsive(Duration.ofSeconds(1))).isFalse();
    }

    @Test
    void inMemoryCollaborators_badgeGrantedLive_relayOnAndSessionStartedPublished() {
        NodeHardware hardware = NodeHardware.simulated();
        InMemoryNodeStore store = new InMemoryNodeStore();
        InMemoryUplink uplink = new InMemoryUplink(store);
        Clock clock = Clock.systemUTC();

        try (MachineNode node = MachineNode.start(config(), hardware, clock, store, uplink)) {
            assertThat(types(uplink.published())).containsExactly("node.booted");

            hardware.simulatedReader().present("mifare-uid", "04A1B2C3D4E5F6");
            await().atMost(WAIT).until(() -> !uplink.requests().isEmpty());
            AuthRequest request = uplink.requests().get(0);
            assertThat(hardware.simulatedRelay().isOn()).isFalse();

            uplink.answer(new AuthResponse(Message.VERSION, "demo-lab", "laser-1", clock.instant(), request.reqId(),
                    Decision.GRANTED, null, new AuthResponse.Member("m-ada", "Ada"), 30));

            await().atMost(WAIT).until(() -> hardware.simulatedRelay().isOn());
            await().atMost(WAIT).until(() -> types(uplink.published()).contains("session.started"));
            NodeEvent started = uplink.published().stream().map(MachineNodeTest::event)
                    .filter(e -> e.data() instanceof EventData.SessionStarted).findFirst().orElseThrow();
            EventData.SessionStarted session = (EventData.SessionStarted) started.data();
            assertThat(session.memberId()).isEqualTo("m-ada");
            assertThat(session.credential()).isEqualTo(request.credential());
            assertThat(session.offline()).isFalse();
            assertThat(started.seq()).isGreaterThan(request.seq());
            assertThat(store.pending(10)).isEmpty();
        }
    }

    @Test
    void visitorListedUnderItsNetworkHash_isGrantedFromTheCachedAclUnderThatHash() {
        NodeHardware hardware = NodeHardware.simulated();
        InMemoryNodeStore store = new InMemoryNodeStore();
        InMemoryUplink uplink = new InMemoryUplink(store);
        Clock clock = Clock.systemUTC();
        store.saveAcl(signedAcl(clock, VISITOR_NETWORK.hash()));

        try (MachineNode node = MachineNode.start(inNetwork(), hardware, clock, store, uplink)) {
            hardware.simulatedReader().present("mifare-uid", VISITOR_UID);

            await().atMost(WAIT).until(() -> hardware.simulatedRelay().isOn());
            await().atMost(WAIT).until(() -> types(uplink.published()).contains("session.started"));
            EventData.SessionStarted session = (EventData.SessionStarted) data(uplink, EventData.SessionStarted.class);
            assertThat(session.credential()).isEqualTo(VISITOR_NETWORK);
            assertThat(session.memberId()).isEqualTo("v-zoe");
            assertThat(session.offline()).isTrue();
            assertThat(uplink.requests()).isEmpty();
        }
    }

    @Test
    void nodeInANetwork_asksAboutAnUnknownBadgeWithItsNetworkHash_andRecordsTheRefusalWithIt() {
        NodeHardware hardware = NodeHardware.simulated();
        InMemoryNodeStore store = new InMemoryNodeStore();
        InMemoryUplink uplink = new InMemoryUplink(store);
        Clock clock = Clock.systemUTC();
        store.saveAcl(signedAcl(clock, new CredentialHasher(TestVectors.pepper())
                .hash("mifare-uid", "04B0B0B0B0B0B0", false).hash()));

        try (MachineNode node = MachineNode.start(inNetwork(), hardware, clock, store, uplink)) {
            hardware.simulatedReader().present("mifare-uid", VISITOR_UID);
            await().atMost(WAIT).until(() -> !uplink.requests().isEmpty());
            AuthRequest request = uplink.requests().get(0);
            assertThat(request.credential()).isEqualTo(VISITOR_LAB);
            assertThat(request.networkHash()).isEqualTo(VISITOR_NETWORK.hash());

            uplink.answer(new AuthResponse(Message.VERSION, "demo-lab", "laser-1", clock.instant(), request.reqId(),
                    Decision.DENIED, "no-pass", null, 0));

            await().atMost(WAIT).until(() -> types(uplink.published()).contains("badge.denied"));
            EventData.BadgeDenied denied = (EventData.BadgeDenied) data(uplink, EventData.BadgeDenied.class);
            assertThat(denied.credential()).isEqualTo(VISITOR_LAB);
            assertThat(denied.networkHash()).isEqualTo(VISITOR_NETWORK.hash());
            assertThat(denied.reason()).isEqualTo("no-pass");
            assertThat(hardware.simulatedRelay().isOn()).isFalse();
        }
    }

    @Test
    void nodeInNoNetwork_sendsNoNetworkHash() {
        NodeHardware hardware = NodeHardware.simulated();
        InMemoryNodeStore store = new InMemoryNodeStore();
        InMemoryUplink uplink = new InMemoryUplink(store);
        Clock clock = Clock.systemUTC();

        try (MachineNode node = MachineNode.start(config(), hardware, clock, store, uplink)) {
            hardware.simulatedReader().present("mifare-uid", VISITOR_UID);
            await().atMost(WAIT).until(() -> !uplink.requests().isEmpty());
            AuthRequest request = uplink.requests().get(0);
            uplink.answer(new AuthResponse(Message.VERSION, "demo-lab", "laser-1", clock.instant(), request.reqId(),
                    Decision.DENIED, "unknown-badge", null, 0));

            await().atMost(WAIT).until(() -> types(uplink.published()).contains("badge.denied"));
            assertThat(request.networkHash()).isNull();
            assertThat(((EventData.BadgeDenied) data(uplink, EventData.BadgeDenied.class)).networkHash()).isNull();
        }
    }

    /** A node of a lab in a network: the vectors' network pepper beside the lab pepper. */
    private NodeConfig inNetwork() {
        return config().withNetworkPepper(HexFormat.of().formatHex(TestVectors.networkPepper()));
    }

    /** The gateway's signed ACL for laser-1, issued a minute ago, listing one credential hash. */
    private static NodeMemory.StoredAcl signedAcl(Clock clock, String credentialHash) {
        AclSnapshot acl = new AclSnapshot(Message.VERSION, "demo-lab", "laser-1", clock.instant().minusSeconds(60), 1,
                OfflinePolicy.CACHED, Duration.ofHours(24),
                List.of(new AclSnapshot.Entry(credentialHash, "v-zoe", "Zoé (lab-a)", false)));
        return new NodeMemory.StoredAcl(acl.topic().toString(), new Signer(TestVectors.gatewayPrivateKey()).sign(acl));
    }

    private static EventData data(InMemoryUplink uplink, Class<? extends EventData> kind) {
        return uplink.published().stream().map(entry -> event(entry).data()).filter(kind::isInstance).findFirst()
                .orElseThrow();
    }

    private NodeConfig config() {
        return NodeConfig.of("demo-lab", "laser-1", "tcp://127.0.0.1:1",
                Ed25519Keys.encode(TestVectors.nodePrivateKey("laser-1")),
                Ed25519Keys.encode(TestVectors.gatewayPublicKey()), HexFormat.of().formatHex(TestVectors.pepper()),
                dir);
    }

    private static List<String> types(List<Outbox.Entry> published) {
        return published.stream().map(entry -> event(entry).data().type()).toList();
    }

    /** The published event as the gateway reads it: the node's signature checked. */
    private static NodeEvent event(Outbox.Entry entry) {
        Verifier gateway = new Verifier(topic -> Optional.of(TestVectors.nodePublicKey("laser-1")), Clock.systemUTC(),
                Verifier.Limits.DEFAULT);
        Inbound inbound = gateway.verify(entry.topic(), entry.payload());
        assertThat(inbound).isInstanceOf(Inbound.Accepted.class);
        return (NodeEvent) ((Inbound.Accepted) inbound).message();
    }
}
