package org.fablab.gateway.adapter.crypto;

import java.security.PublicKey;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.SignatureCheck;

/**
 * Ed25519 verification with Bouncy Castle's RFC 8032 implementation, about seven times faster than
 * the JDK's on the same machine (figures in docs/performance.md). The gateway verifies every node
 * message, so this sets its ingestion rate; the same test vectors run against both implementations.
 * Thread-safe: the underlying functions are stateless.
 */
public final class BouncyCastleEd25519 implements SignatureCheck {
    @Override
    public boolean verify(PublicKey key, byte[] message, byte[] signature) {
        byte[] raw = Ed25519Keys.raw(key);
        return signature.length == Ed25519.SIGNATURE_SIZE
                && Ed25519.verify(signature, 0, raw, 0, message, 0, message.length);
    }
}
