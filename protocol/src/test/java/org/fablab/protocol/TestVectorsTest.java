package org.fablab.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TestVectorsTest {
    private final Verifier verifier = new Verifier(TestVectors.keys(), TestVectors.clock(), TestVectors.limits());

    static Stream<Arguments> cases() {
        return StreamSupport.stream(TestVectors.root().get("cases").spliterator(), false)
                .map(c -> Arguments.of(c.get("name").asText(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void verifier_givesTheVectorsExpectedVerdict(String name, JsonNode vector) {
        Inbound result = verifier.verify(vector.get("topic").asText(),
                vector.get("payload").asText().getBytes(StandardCharsets.UTF_8));

        String expected = vector.get("expect").asText();
        if (expected.equals("accept")) {
            assertThat(result).isInstanceOf(Inbound.Accepted.class);
            Message message = ((Inbound.Accepted) result).message();
            assertThat(message.topic().toString()).isEqualTo(vector.get("topic").asText());
            if (message instanceof NodeEvent event) {
                assertThat(event.data().type()).isEqualTo(vector.get("type").asText());
            } else {
                assertThat(message.channel().suffix()).isEqualTo(vector.get("type").asText());
            }
        } else {
            assertThat(result).isInstanceOfSatisfying(Inbound.Rejected.class,
                    rejected -> assertThat(rejected.reason().wire()).isEqualTo(expected));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void javaSigner_producesTheSameSignatureAsTheReferenceImplementation(String name, JsonNode vector) throws Exception {
        if (!vector.get("expect").asText().equals("accept")) {
            return;
        }
        JsonNode envelope = Json.mapper().readTree(vector.get("payload").asText());
        Topic topic = Topic.of(vector.get("topic").asText());
        Signer signer = new Signer(topic.channel().direction() == Channel.Direction.GATEWAY_TO_NODE
                ? TestVectors.gatewayPrivateKey() : TestVectors.nodePrivateKey(topic.node()));

        byte[] signature = signer.signature(topic.toString(), envelope.get("body").asText());

        assertThat(Base64.getEncoder().encodeToString(signature)).isEqualTo(envelope.get("sig").asText());
    }

    @Test
    void credentialHashes_matchTheReferenceImplementation() {
        CredentialHasher hasher = new CredentialHasher(TestVectors.pepper());
        for (JsonNode c : TestVectors.root().get("credentials")) {
            assertThat(hasher.hash(c.get("type").asText(), c.get("id").asText(), false).hash())
                    .as(c.get("type").asText())
                    .isEqualTo(c.get("hash").asText());
        }
        CredentialHasher network = new CredentialHasher(TestVectors.networkPepper());
        for (JsonNode c : TestVectors.root().get("networkCredentials")) {
            assertThat(network.hash(c.get("type").asText(), c.get("id").asText(), false).hash())
                    .as("network " + c.get("type").asText())
                    .isEqualTo(c.get("hash").asText());
        }
    }

    @Test
    void acceptedVectors_coverEveryEventTypeCommandActionAndNodeState() {
        Verifier verifier = new Verifier(TestVectors.keys(), TestVectors.clock(), TestVectors.limits());
        var accepted = StreamSupport.stream(TestVectors.root().get("cases").spliterator(), false)
                .filter(c -> c.get("expect").asText().equals("accept"))
                .map(c -> verifier.verify(c.get("topic").asText(),
                        c.get("payload").asText().getBytes(StandardCharsets.UTF_8)))
                .map(result -> ((Inbound.Accepted) result).message())
                .toList();

        assertThat(accepted).filteredOn(NodeEvent.class::isInstance)
                .extracting(m -> ((NodeEvent) m).data().type())
                .containsAll(Arrays.stream(EventData.class.getAnnotation(JsonSubTypes.class).value())
                        .map(JsonSubTypes.Type::name).toList());
        assertThat(accepted).filteredOn(Command.class::isInstance)
                .extracting(m -> ((Command) m).action())
                .contains(CommandAction.values());
        assertThat(accepted).filteredOn(NodeStatus.class::isInstance)
                .extracting(m -> ((NodeStatus) m).state())
                .contains(NodeState.values());
        assertThat(accepted).filteredOn(AuthRequest.class::isInstance)
                .extracting(m -> ((AuthRequest) m).networkHash() != null)
                .contains(true, false);
        assertThat(accepted).filteredOn(NodeEvent.class::isInstance)
                .extracting(m -> ((NodeEvent) m).data())
                .filteredOn(EventData.BadgeDenied.class::isInstance)
                .extracting(data -> ((EventData.BadgeDenied) data).networkHash() != null)
                .contains(true, false);
        assertThat(accepted).filteredOn(AclSnapshot.class::isInstance)
                .extracting(m -> ((AclSnapshot) m).entries().isEmpty())
                .contains(true, false);
    }

    /** Replays need two messages; a partner is refused only between labs (network/NetworkVerifierTest). */
    @Test
    void everyRejectionOfANodeMessageButReplay_hasAVector() {
        var covered = StreamSupport.stream(TestVectors.root().get("cases").spliterator(), false)
                .map(c -> c.get("expect").asText()).toList();
        for (Rejection reason : Rejection.values()) {
            if (reason != Rejection.REPLAYED_SEQ && reason != Rejection.UNKNOWN_PARTNER) {
                assertThat(covered).as("vector for " + reason).contains(reason.wire());
            }
        }
    }
}
