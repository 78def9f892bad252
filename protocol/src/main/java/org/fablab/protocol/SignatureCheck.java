package org.fablab.protocol;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;

/**
 * Checks one Ed25519 signature. The contract needs nothing but the JDK ({@link #JDK}); a receiver
 * that must verify thousands of messages a second, or answer within a round trip, may plug a faster
 * implementation of the same RFC 8032 algorithm ({@link BouncyCastleEd25519}: the gateway and the node
 * do, see docs/performance.md). Implementations are thread-safe.
 */
@FunctionalInterface
public interface SignatureCheck {
    /** The JDK's own Ed25519 (SunEC): no dependency, about 1,500 verifications a second per core on a small server. */
    SignatureCheck JDK = (key, message, signature) -> {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(key);
            ed25519.update(message);
            return ed25519.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    };

    /**
     * @param signature 64 bytes
     * @return true only when {@code signature} is a valid Ed25519 signature of {@code message} under {@code key}
     */
    boolean verify(PublicKey key, byte[] message, byte[] signature);
}
