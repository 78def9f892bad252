package org.fablab.node.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.fablab.node.port.Outbox;
import org.fablab.protocol.AuthRequest;
import org.fablab.protocol.AuthResponse;
import org.fablab.protocol.Decision;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.EventData;
import org.fablab.protocol.Inbound;
import org.fablab.protocol.Message;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.TestVectors;
import org.fablab.protocol.Verifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node without a reachable broker (it works offline): liveness as the systemd watchdog sees it; and the node's
 * wiring on an in-memory store and uplink, from a badge to the event its uplink publishes.
 */
class MachineNodeTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

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
