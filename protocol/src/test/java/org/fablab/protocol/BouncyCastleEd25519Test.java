package org.fablab.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Bouncy Castle Ed25519 of the gateway and the node must give the JDK's verdict and signature bytes on every
 * contract test vector, and its cache of decoded keys must neither change a verdict nor grow past its bound.
 */
class BouncyCastleEd25519Test {
    /** The group order L of RFC 8032. */
    private static final BigInteger ORDER = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
    private static final byte[] MESSAGE = "fablab/v1/lab/nodes/laser-1/events\n{}".getBytes(StandardCharsets.UTF_8);

    private final Verifier bouncyCastle = new Verifier(TestVectors.keys(), TestVectors.clock(), TestVectors.limits(),
            new BouncyCastleEd25519());
    private final Verifier jdk = new Verifier(TestVectors.keys(), TestVectors.clock(), TestVectors.limits(),
            SignatureCheck.JDK);

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.fablab.protocol.TestVectorsTest#cases")
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

    /**
     * Every accepted vector, signed by the gateway or by a node: Bouncy Castle signs its body to the vector's signature
     * and to the JDK's, byte for byte.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.fablab.protocol.TestVectorsTest#cases")
    void signing_givesTheVectorsAndTheJdksSignatureByteForByte(String name, JsonNode vector) throws Exception {
        if (!vector.get("expect").asText().equals("accept")) {
            return;
        }
        Topic topic = Topic.of(vector.get("topic").asText());
        PrivateKey key = topic.channel().direction() == Channel.Direction.GATEWAY_TO_NODE ? TestVectors.gatewayPrivateKey() : TestVectors.nodePrivateKey(topic.node());
        JsonNode envelope = Json.mapper().readTree(vector.get("payload").asText());
        byte[] signed = Signer.signedBytes(topic.toString(), envelope.get("body").asText());

        byte[] signature = new BouncyCastleEd25519().sign(key, signed);

        assertThat(Base64.getEncoder().encodeToString(signature)).isEqualTo(envelope.get("sig").asText());
        assertThat(signature).isEqualTo(SignatureMaker.JDK.sign(key, signed));
    }

    @Test
    void sameKeyTwice_decodedOnceAndBothVerify() {
        BouncyCastleEd25519 check = new BouncyCastleEd25519();
        KeyPair keys = Ed25519Keys.generate();

        assertThat(check.verify(keys.getPublic(), MESSAGE, sign(keys.getPrivate(), MESSAGE))).isTrue();
        assertThat(check.verify(keys.getPublic(), MESSAGE, sign(keys.getPrivate(), MESSAGE))).isTrue();
        assertThat(check.cachedKeys()).isEqualTo(1);
    }

    @Test
    void differentKeys_eachKeptAndNeverTakenForTheOther() {
        BouncyCastleEd25519 check = new BouncyCastleEd25519();
        KeyPair a = Ed25519Keys.generate();
        KeyPair b = Ed25519Keys.generate();
        byte[] signedByA = sign(a.getPrivate(), MESSAGE);

        assertThat(check.verify(a.getPublic(), MESSAGE, signedByA)).isTrue();
        assertThat(check.verify(b.getPublic(), MESSAGE, signedByA)).isFalse();
        assertThat(check.verify(b.getPublic(), MESSAGE, sign(b.getPrivate(), MESSAGE))).isTrue();
        assertThat(check.cachedKeys()).isEqualTo(2);
    }

    @Test
    void moreKeysThanTheBound_cacheStaysBoundedAndVerdictsHold() {
        BouncyCastleEd25519 check = new BouncyCastleEd25519(2);
        List<KeyPair> keys = IntStream.range(0, 5).mapToObj(i -> Ed25519Keys.generate()).toList();

        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < keys.size(); i++) {
                KeyPair own = keys.get(i);
                KeyPair other = keys.get((i + 1) % keys.size());
                assertThat(check.verify(own.getPublic(), MESSAGE, sign(own.getPrivate(), MESSAGE))).isTrue();
                assertThat(check.verify(own.getPublic(), MESSAGE, sign(other.getPrivate(), MESSAGE))).isFalse();
                assertThat(check.cachedKeys()).isBetween(1, 2);
            }
        }
    }

    @Test
    void smallOrderKey_refusedLikeUncachedBouncyCastleAndNotKept() {
        BouncyCastleEd25519 check = new BouncyCastleEd25519();
        byte[] identity = new byte[32];
        identity[0] = 1;
        PublicKey smallOrder = Ed25519Keys.publicKey(Base64.getEncoder().encodeToString(identity));
        // R = identity, S = 0 satisfies [S]B = R + [k]A for A = identity whatever the message
        byte[] forged = new byte[64];
        forged[0] = 1;

        assertThat(Ed25519.verify(forged, 0, identity, 0, MESSAGE, 0, MESSAGE.length)).isFalse();
        assertThat(check.verify(smallOrder, MESSAGE, forged)).isFalse();
        assertThat(check.cachedKeys()).isZero();
    }

    @Test
    void nonCanonicalS_refusedLikeUncachedBouncyCastleAndTheJdk() {
        BouncyCastleEd25519 check = new BouncyCastleEd25519();
        KeyPair keys = Ed25519Keys.generate();
        byte[] signature = sign(keys.getPrivate(), MESSAGE);
        byte[] malleated = withSPlusOrder(signature);

        assertThat(check.verify(keys.getPublic(), MESSAGE, signature)).isTrue();
        assertThat(check.verify(keys.getPublic(), MESSAGE, malleated)).isFalse();
        assertThat(Ed25519.verify(malleated, 0, Ed25519Keys.raw(keys.getPublic()), 0, MESSAGE, 0, MESSAGE.length))
                .isFalse();
        assertThat(SignatureCheck.JDK.verify(keys.getPublic(), MESSAGE, malleated)).isFalse();
    }

    @Test
    void signatureOfWrongLength_refused() {
        BouncyCastleEd25519 check = new BouncyCastleEd25519();
        KeyPair keys = Ed25519Keys.generate();
        byte[] signature = sign(keys.getPrivate(), MESSAGE);

        assertThat(check.verify(keys.getPublic(), MESSAGE, Arrays.copyOf(signature, 63))).isFalse();
        assertThat(check.verify(keys.getPublic(), MESSAGE, Arrays.copyOf(signature, 65))).isFalse();
    }

    @Test
    void maxKeysBelowOne_refused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new BouncyCastleEd25519(0));
    }

    private static byte[] sign(PrivateKey key, byte[] message) {
        return SignatureMaker.JDK.sign(key, message);
    }

    /** The same signature with S replaced by S + L: the same value modulo L, in a form RFC 8032 forbids. */
    private static byte[] withSPlusOrder(byte[] signature) {
        byte[] littleEndianS = Arrays.copyOfRange(signature, 32, 64);
        byte[] bigEndian = reversed(littleEndianS);
        byte[] sum = new BigInteger(1, bigEndian).add(ORDER).toByteArray();
        byte[] padded = new byte[32];
        System.arraycopy(sum, Math.max(0, sum.length - 32), padded, 32 - Math.min(32, sum.length), Math.min(32, sum.length));
        byte[] out = Arrays.copyOf(signature, 64);
        System.arraycopy(reversed(padded), 0, out, 32, 32);
        return out;
    }

    private static byte[] reversed(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }
}
