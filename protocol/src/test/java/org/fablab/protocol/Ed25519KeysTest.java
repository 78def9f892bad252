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
}
