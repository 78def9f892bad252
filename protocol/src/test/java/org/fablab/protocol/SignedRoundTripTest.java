package org.fablab.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SignedRoundTripTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final String LAB = TestVectors.LAB;
    private static final CredentialRef BADGE =
            new CredentialHasher(TestVectors.pepper()).hash("mifare-uid", "04A1B2C3D4E5F6", false);
    /** The same badge under the network pepper of the vectors, as a node of a lab in a network of labs sends it. */
    private static final String NETWORK_HASH =
            new CredentialHasher(TestVectors.networkPepper()).hash("mifare-uid", "04A1B2C3D4E5F6", false).hash();

    private final Verifier verifier =
            new Verifier(TestVectors.keys(), Clock.fixed(NOW, ZoneOffset.UTC), Verifier.Limits.DEFAULT);

    static Stream<Message> messages() {
        Instant t = NOW.minusSeconds(60);
        return Stream.of(
                NodeStatus.online(LAB, "laser-1", t, MachineState.ACTIVE, t.minusSeconds(600), "0.1.0"),
                NodeStatus.offline(LAB, "laser-1", t),
                event(new EventData.SessionStarted("s-1", t, BADGE, "m-1", true)),
                event(new EventData.SessionProgress("s-1", 60, 30, 1.25)),
                event(new EventData.SessionEnded("s-1", t, t.plusSeconds(90), 90, 45, 2.5, EndReason.IDLE, false)),
                event(new EventData.BadgeDenied(BADGE, "unknown-badge")),
                event(new EventData.BadgeDenied(BADGE, "unknown-badge", NETWORK_HASH)),
                event(new EventData.MachineStateChanged(MachineState.FAULT, "relay stuck on")),
                event(new EventData.InterlockChanged("lid", false)),
                event(new EventData.ConsumableRecorded("s-1", "pla", 42, "g")),
                event(new EventData.NodeBooted("0.1.0", 1)),
                new AuthRequest(1, LAB, "laser-1", t, 9, "id-9", "r-1", BADGE),
                new AuthRequest(1, LAB, "laser-1", t, 9, "id-9", "r-1", BADGE, NETWORK_HASH),
                new AuthResponse(1, LAB, "laser-1", t, "r-1", Decision.GRANTED, null,
                        new AuthResponse.Member("m-1", "Zoé « Zed » Ñúñez"), 30),
                new AclSnapshot(1, LAB, "laser-1", t, 3, OfflinePolicy.CACHED, Duration.ofHours(24),
                        List.of(new AclSnapshot.Entry(BADGE.hash(), "m-1", "Zoé", false))),
                new Command(1, LAB, "laser-1", t, "c-1", CommandAction.SET_STATE, Map.of("state", "blocked")));
    }

    private static NodeEvent event(EventData data) {
        return NodeEvent.of(LAB, "laser-1", NOW.minusSeconds(60), 7, "id-7", data);
    }

    @ParameterizedTest
    @MethodSource("messages")
    void signThenVerify_returnsAnEqualMessage(Message message) {
        byte[] payload = signerFor(message).sign(message);

        Inbound result = verifier.verify(message.topic().toString(), payload);

        assertThat(result).isInstanceOfSatisfying(Inbound.Accepted.class,
                accepted -> assertThat(accepted.message()).isEqualTo(message));
    }

    @Test
    void event_typeTravelsAtTheTopLevel() throws Exception {
        NodeEvent started = event(new EventData.SessionStarted("s-1", NOW, BADGE, "m-1", true));
        byte[] payload = signerFor(started).sign(started);

        String body = Json.mapper().readTree(payload).get("body").asText();

        assertThat(body).contains("\"type\":\"session.started\"").contains("\"data\":{");
    }

    @Test
    void networkHash_travelsWhenSet_andIsLeftOutWhenAbsent() throws Exception {
        Instant t = NOW.minusSeconds(60);
        AuthRequest visitor = new AuthRequest(1, LAB, "laser-1", t, 9, "id-9", "r-1", BADGE, NETWORK_HASH);
        AuthRequest member = new AuthRequest(1, LAB, "laser-1", t, 9, "id-9", "r-1", BADGE);
        NodeEvent denied = event(new EventData.BadgeDenied(BADGE, "unknown-badge"));

        assertThat(body(visitor)).contains("\"networkHash\":\"" + NETWORK_HASH + "\"");
        assertThat(body(member)).doesNotContain("networkHash");
        assertThat(body(denied)).doesNotContain("networkHash");
    }

    private static String body(Message message) throws Exception {
        return Json.mapper().readTree(signerFor(message).sign(message)).get("body").asText();
    }

    @Test
    void verify_oversizePayload_isRejectedBeforeParsing() {
        byte[] huge = new byte[Verifier.Limits.DEFAULT.maxPayloadBytes() + 1];

        Inbound result = verifier.verify("fablab/v1/demo-lab/nodes/laser-1/events", huge);

        assertThat(result).isInstanceOfSatisfying(Inbound.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(Rejection.OVERSIZE);
            assertThat(r.nodeIfKnown()).contains("laser-1");
        });
    }

    @Test
    void records_rejectInvalidFieldsWithTheFieldName() {
        Instant t = NOW;
        assertThatThrownBy(() -> new EventData.SessionEnded("s", t, t.minusSeconds(1), 0, 0, 0, EndReason.IDLE, false))
                .hasMessageContaining("endedAt");
        assertThatThrownBy(() -> new EventData.SessionProgress("s", 10, 20, Double.NaN))
                .hasMessageContaining("energyWh");
        assertThatThrownBy(() -> new EventData.ConsumableRecorded(null, "pla", 0, "g"))
                .hasMessageContaining("quantity");
        assertThatThrownBy(() -> NodeEvent.of(LAB, "laser-1", t, 0, "id", new EventData.NodeBooted("x", 0)))
                .hasMessageContaining("seq");
        assertThatThrownBy(() -> new CredentialRef("mifare-uid", "04A1B2C3", false))
                .hasMessageContaining("hash");
        assertThatThrownBy(() -> new AuthRequest(1, LAB, "laser-1", t, 9, "id-9", "r-1", BADGE,
                NETWORK_HASH.toUpperCase(Locale.ROOT)))
                .hasMessageStartingWith("networkHash");
        assertThatThrownBy(() -> new EventData.BadgeDenied(BADGE, "unknown-badge", "04A1B2C3"))
                .hasMessageStartingWith("networkHash");
    }

    private static Signer signerFor(Message message) {
        return new Signer(message.channel().direction() == Channel.Direction.GATEWAY_TO_NODE
                ? TestVectors.gatewayPrivateKey() : TestVectors.nodePrivateKey(message.node()));
    }
}
