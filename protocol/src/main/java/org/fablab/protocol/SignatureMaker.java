package org.fablab.protocol;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;

/**
 * Makes one Ed25519 signature. The contract needs nothing but the JDK ({@link #JDK}); a sender on a latency path
 * may plug a faster implementation of the same RFC 8032 algorithm ({@link BouncyCastleEd25519}: the gateway and the
 * node do, see docs/performance.md). Ed25519 is deterministic, so every implementation gives the same bytes.
 * Thread-safe.
 */
@FunctionalInterface
public interface SignatureMaker {
    /** The JDK's own Ed25519 (SunEC). */
    SignatureMaker JDK = (key, message) -> {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(key);
            ed25519.update(message);
            return ed25519.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    };

    /** @return the 64-byte signature of {@code message} under {@code key} */
    byte[] sign(PrivateKey key, byte[] message);
}
