package org.fablab.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class Ed25519KeysTest {
    @Test
    void fingerprintIsTheFirstHalfOfSha256OverTheRawKeyInGroupsOfFour() {
        // computed independently: sha256(base64decode("iojj3XQJ8ZX9UtstPLpdcspnCb8dlBIb83SIAbQPb1w="))[:16]
        assertEquals("3475-0f98-bd59-fcfc-946d-a45a-aabe-933b", Ed25519Keys.fingerprint(TestVectors.gatewayPublicKey()));
    }

    @Test
    void differentKeysHaveDifferentFingerprints() {
        assertNotEquals(Ed25519Keys.fingerprint(Ed25519Keys.generate().getPublic()),
                Ed25519Keys.fingerprint(Ed25519Keys.generate().getPublic()));
    }

    @Test
    void thePublicKeyOfAPrivateKey_isTheOneGeneratedWithIt() {
        java.security.KeyPair pair = Ed25519Keys.generate();
        assertEquals(Ed25519Keys.encode(pair.getPublic()), Ed25519Keys.encode(Ed25519Keys.publicKeyOf(pair.getPrivate())));
    }

    @Test
    void aRotationIsSignedOverLabNodeKeyAndTime_andVerifiesOnlyForThose() {
        java.security.KeyPair pair = Ed25519Keys.generate();
        java.time.Instant ts = java.time.Instant.parse("2026-12-03T10:00:00.123Z");
        String signature = KeyRotation.sign(pair.getPrivate(), "lab-a", "laser-1", "KEY", ts);
        assertEquals("fablab-key-rotation/v1\nlab-a\nlaser-1\nKEY\n1796292000123",
                new String(KeyRotation.signedText("lab-a", "laser-1", "KEY", ts), java.nio.charset.StandardCharsets.UTF_8));
        org.junit.jupiter.api.Assertions.assertTrue(KeyRotation.verify(pair.getPublic(), "lab-a", "laser-1", "KEY", ts, signature));
        org.junit.jupiter.api.Assertions.assertFalse(KeyRotation.verify(pair.getPublic(), "lab-a", "laser-2", "KEY", ts, signature));
        org.junit.jupiter.api.Assertions.assertFalse(KeyRotation.verify(pair.getPublic(), "lab-a", "laser-1", "KEY",
                ts.plusMillis(1), signature));
        org.junit.jupiter.api.Assertions.assertFalse(KeyRotation.verify(pair.getPublic(), "lab-a", "laser-1", "KEY", ts, "%%"));
    }
}
