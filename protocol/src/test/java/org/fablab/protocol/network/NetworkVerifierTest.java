package org.fablab.protocol.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.Json;
import org.fablab.protocol.Rejection;
import org.fablab.protocol.Signer;
import org.fablab.protocol.Verifier;
import org.junit.jupiter.api.Test;

class NetworkVerifierTest {
    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private static final KeyPair HOME = Ed25519Keys.generate();
    private static final KeyPair STRANGER = Ed25519Keys.generate();
    private static final String HASH = new CredentialHasher("network-pepper-0123456789".getBytes(StandardCharsets.UTF_8))
            .hash("mifare-uid", "04A1B2C3D4E5F6", false).hash();

    private final Map<String, PublicKey> partners = Map.of("lab-a", HOME.getPublic());
    private final NetworkVerifier verifier = new NetworkVerifier("lab-b",
            lab -> Optional.ofNullable(partners.get(lab)), Clock.fixed(NOW, ZoneOffset.UTC));

    private static VisitorPasses passes(String from, String to) {
        return new VisitorPasses(1, from, to, NOW.minusSeconds(5), 3, NOW.plusSeconds(86_400),
                List.of(new VisitorPasses.Pass(HASH, "m-1", "Zoé N.", List.of("laser-safety"))));
    }

    @Test
    void aSignedPassListFromAPartner_isAcceptedWithItsExactBody() {
        VisitorPasses sent = passes("lab-a", "lab-b");

        NetworkInbound inbound = verifier.verify(sent.topic().toString(), new Signer(HOME.getPrivate()).sign(sent));

        assertThat(inbound).isInstanceOfSatisfying(NetworkInbound.Accepted.class, accepted -> {
            assertThat(accepted.message()).isEqualTo(sent);
            assertThat(accepted.topic()).isEqualTo(NetworkTopic.of("lab-a", "lab-b", NetworkChannel.PASSES));
        });
    }

    @Test
    void aListSignedByAnotherKey_isRefusedAsForged() {
        VisitorPasses forged = passes("lab-a", "lab-b");

        assertRejected(verifier.verify(forged.topic().toString(), new Signer(STRANGER.getPrivate()).sign(forged)),
                Rejection.BAD_SIGNATURE);
    }

    @Test
    void aListFromALabThatIsNotAPartner_isRefused() {
        VisitorPasses unknown = passes("lab-z", "lab-b");

        NetworkInbound inbound = verifier.verify(unknown.topic().toString(),
                new Signer(STRANGER.getPrivate()).sign(unknown));

        assertRejected(inbound, Rejection.UNKNOWN_PARTNER);
        assertThat(((NetworkInbound.Rejected) inbound).from()).isEqualTo("lab-z");
    }

    @Test
    void aListAddressedToAnotherLab_isRefused() {
        VisitorPasses elsewhere = passes("lab-a", "lab-c");

        assertRejected(verifier.verify(elsewhere.topic().toString(), new Signer(HOME.getPrivate()).sign(elsewhere)),
                Rejection.UNKNOWN_PARTNER);
    }

    @Test
    void anUnsignedList_isRefused() throws Exception {
        VisitorPasses sent = passes("lab-a", "lab-b");
        ObjectNode envelope = Json.mapper().createObjectNode().put("body", Json.mapper().writeValueAsString(sent));

        assertRejected(verifier.verify(sent.topic().toString(), envelope.toString().getBytes(StandardCharsets.UTF_8)),
                Rejection.MISSING_SIGNATURE);
    }

    @Test
    void aBodyChangedAfterSigning_isRefused() throws Exception {
        VisitorPasses sent = passes("lab-a", "lab-b");
        byte[] signed = new Signer(HOME.getPrivate()).sign(sent);
        ObjectNode envelope = (ObjectNode) Json.mapper().readTree(signed);
        envelope.put("body", envelope.get("body").asText().replace("m-1", "m-2"));

        assertRejected(verifier.verify(sent.topic().toString(), envelope.toString().getBytes(StandardCharsets.UTF_8)),
                Rejection.BAD_SIGNATURE);
    }

    @Test
    void aListReplayedOnAnotherTopic_isRefused() {
        VisitorPasses sent = passes("lab-a", "lab-b");
        byte[] signed = new Signer(HOME.getPrivate()).sign(sent);

        assertRejected(verifier.verify("fablab/v1/network/lab-c/lab-b/passes", signed), Rejection.TOPIC_MISMATCH);
    }

    @Test
    void aPassWithAMalformedHash_isRefusedNamingTheField() {
        String body = "{\"v\":1,\"from\":\"lab-a\",\"to\":\"lab-b\",\"ts\":\"2026-12-04T11:59:00Z\",\"version\":1,"
                + "\"validUntil\":\"2026-12-05T12:00:00Z\",\"passes\":[{\"credentialHash\":\"04A1\","
                + "\"visitorId\":\"m-1\",\"displayName\":\"Zoé\",\"trainings\":[]}]}";
        String topic = "fablab/v1/network/lab-a/lab-b/passes";

        NetworkInbound inbound = verifier.verify(topic, new Signer(HOME.getPrivate()).envelope(topic, body));

        assertRejected(inbound, Rejection.INVALID_FIELD);
        assertThat(((NetworkInbound.Rejected) inbound).detail()).contains("hash");
    }

    @Test
    void aListFromTheFuture_isRefused() {
        VisitorPasses ahead = new VisitorPasses(1, "lab-a", "lab-b", NOW.plusSeconds(3600), 1, NOW.plusSeconds(7200),
                List.of());

        assertRejected(verifier.verify(ahead.topic().toString(), new Signer(HOME.getPrivate()).sign(ahead)),
                Rejection.CLOCK_SKEW);
    }

    @Test
    void garbageAndForeignTopics_areRefusedWithTheirReason() {
        assertRejected(verifier.verify("fablab/v1/network/lab-a/lab-b/passes", "not json".getBytes(
                StandardCharsets.UTF_8)), Rejection.MALFORMED);
        assertRejected(verifier.verify("fablab/v1/lab-b/nodes/n/events", new byte[0]), Rejection.BAD_TOPIC);
    }

    @Test
    void aChannelThisVersionDoesNotKnow_isRefusedBeforeItsSignatureIsLookedAt() {
        assertRejected(verifier.verify("fablab/v1/network/lab-a/lab-b/invoices",
                "{}".getBytes(StandardCharsets.UTF_8)), Rejection.BAD_TOPIC);
    }

    private static UsageReceipt receipt(long amountCents) {
        return new UsageReceipt(1, "lab-a", "lab-b", NOW.minusSeconds(60), "session:laser-1:s-9", "m-1",
                "laser-cutter", NOW.minusSeconds(3_600), NOW.minusSeconds(1_800), 1_800, 900, amountCents, "EUR",
                "2026-12");
    }

    @Test
    void aSignedReceiptFromAPartner_isAcceptedWithTheExactBodyItsHashIsTakenOver() {
        UsageReceipt sent = receipt(1_250);
        byte[] payload = new Signer(HOME.getPrivate()).sign(sent);

        NetworkInbound inbound = verifier.verify(sent.topic().toString(), payload);

        assertThat(inbound).isInstanceOfSatisfying(NetworkInbound.Accepted.class, accepted -> {
            assertThat(accepted.message()).isEqualTo(sent);
            assertThat(accepted.topic().toString()).isEqualTo("fablab/v1/network/lab-a/lab-b/receipts");
            assertThat(accepted.body()).isEqualTo(Json.mapper().valueToTree(sent).toString());
        });
    }

    @Test
    void aReceiptWithANegativeAmountOrABadMonth_orSignedByAnotherKey_isRefused() {
        String topic = "fablab/v1/network/lab-a/lab-b/receipts";
        ObjectNode negative = Json.mapper().valueToTree(receipt(100));
        negative.put("amountCents", -100);
        ObjectNode month = Json.mapper().valueToTree(receipt(100));
        month.put("month", "2026-13");
        Signer home = new Signer(HOME.getPrivate());

        assertRejected(verifier.verify(topic, home.envelope(topic, negative.toString())), Rejection.INVALID_FIELD);
        assertRejected(verifier.verify(topic, home.envelope(topic, month.toString())), Rejection.INVALID_FIELD);
        assertRejected(verifier.verify(topic, new Signer(STRANGER.getPrivate()).sign(receipt(100))),
                Rejection.BAD_SIGNATURE);
    }

    @Test
    void anAckNamingNoReceiptOrAnUnreadableHash_isRefused() {
        String topic = "fablab/v1/network/lab-a/lab-b/acks";
        String empty = "{\"v\":1,\"from\":\"lab-a\",\"to\":\"lab-b\",\"ts\":\"2026-12-04T11:59:00Z\",\"receipts\":[]}";
        String badHash = "{\"v\":1,\"from\":\"lab-a\",\"to\":\"lab-b\",\"ts\":\"2026-12-04T11:59:00Z\","
                + "\"receipts\":[{\"receiptId\":\"r-1\",\"hash\":\"ABC\"}]}";
        String good = "{\"v\":1,\"from\":\"lab-a\",\"to\":\"lab-b\",\"ts\":\"2026-12-04T11:59:00Z\","
                + "\"receipts\":[{\"receiptId\":\"r-1\",\"hash\":\"" + "ab".repeat(32) + "\"}]}";
        Signer home = new Signer(HOME.getPrivate());

        assertRejected(verifier.verify(topic, home.envelope(topic, empty)), Rejection.INVALID_FIELD);
        assertRejected(verifier.verify(topic, home.envelope(topic, badHash)), Rejection.INVALID_FIELD);
        assertThat(verifier.verify(topic, home.envelope(topic, good))).isInstanceOfSatisfying(
                NetworkInbound.Accepted.class, accepted -> assertThat(accepted.message()).isEqualTo(new ReceiptAck(1,
                        "lab-a", "lab-b", Instant.parse("2026-12-04T11:59:00Z"),
                        List.of(new ReceiptAck.Recorded("r-1", "ab".repeat(32))))));
    }

    @Test
    void aListOfMorePassesThanANodeAclHolds_isRefused() {
        StringBuilder passes = new StringBuilder();
        for (int i = 0; i <= VisitorPasses.MAX_PASSES; i++) {
            passes.append(i == 0 ? "" : ",").append("{\"credentialHash\":\"").append(String.format("%064x", i))
                    .append("\",\"visitorId\":\"m-").append(i).append("\",\"displayName\":\"V\",\"trainings\":[]}");
        }
        String body = "{\"v\":1,\"from\":\"lab-a\",\"to\":\"lab-b\",\"ts\":\"2026-12-04T11:59:00Z\",\"version\":1,"
                + "\"validUntil\":\"2026-12-05T12:00:00Z\",\"passes\":[" + passes + "]}";
        String topic = "fablab/v1/network/lab-a/lab-b/passes";

        NetworkInbound inbound = verifier.verify(topic, new Signer(HOME.getPrivate()).envelope(topic, body));

        assertRejected(inbound, Rejection.INVALID_FIELD);
        assertThat(((NetworkInbound.Rejected) inbound).detail()).contains("at most " + VisitorPasses.MAX_PASSES);
    }

    @Test
    void aNodeVerifier_refusesANetworkTopic() {
        VisitorPasses sent = passes("lab-a", "lab-b");
        Verifier nodes = new Verifier(topic -> Optional.of(HOME.getPublic()), Clock.fixed(NOW, ZoneOffset.UTC),
                Verifier.Limits.DEFAULT);

        assertThat(nodes.verify(sent.topic().toString(), new Signer(HOME.getPrivate()).sign(sent)))
                .isInstanceOfSatisfying(org.fablab.protocol.Inbound.Rejected.class,
                        rejected -> assertThat(rejected.reason()).isEqualTo(Rejection.BAD_TOPIC));
    }

    @Test
    void aPassListRepeatingABadge_cannotBeBuilt() {
        VisitorPasses.Pass pass = new VisitorPasses.Pass(HASH, "m-1", "Zoé", List.of());

        assertThatThrownBy(() -> new VisitorPasses(1, "lab-a", "lab-b", NOW, 1, NOW, List.of(pass, pass)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("credentialHash");
    }

    private static void assertRejected(NetworkInbound inbound, Rejection reason) {
        assertThat(inbound).isInstanceOfSatisfying(NetworkInbound.Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(reason));
    }
}
