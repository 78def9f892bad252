package org.fablab.gateway.adapter.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.fablab.protocol.Inbound;
import org.fablab.protocol.SignatureCheck;
import org.fablab.protocol.TestVectors;
import org.fablab.protocol.Verifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The gateway's Ed25519 must give the JDK's verdict on every contract test vector. */
class BouncyCastleEd25519Test {
    private final Verifier bouncyCastle = new Verifier(TestVectors.keys(), TestVectors.clock(), TestVectors.limits(),
            new BouncyCastleEd25519());
    private final Verifier jdk = new Verifier(TestVectors.keys(), TestVectors.clock(), TestVectors.limits(),
            SignatureCheck.JDK);

    static Stream<Arguments> vectors() {
        return StreamSupport.stream(TestVectors.root().get("cases").spliterator(), false)
                .map(c -> Arguments.of(c.get("name").asText(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void verdict_matchesTheVectorAndTheJdk(String name, JsonNode vector) {
        String topic = vector.get("topic").asText();
        byte[] payload = vector.get("payload").asText().getBytes(StandardCharsets.UTF_8);

        Inbound fast = bouncyCastle.verify(topic, payload);
        Inbound reference = jdk.verify(topic, payload);

        String expected = vector.get("expect").asText();
        if (expected.equals("accept")) {
            assertThat(fast).isInstanceOf(Inbound.Accepted.class);
        } else {
            assertThat(fast).isInstanceOfSatisfying(Inbound.Rejected.class,
                    r -> assertThat(r.reason().wire()).isEqualTo(expected));
        }
        assertThat(fast.getClass()).isEqualTo(reference.getClass());
    }
}
