package org.fablab.protocol;

import java.nio.ByteBuffer;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 signing and verification with Bouncy Castle's RFC 8032 implementation, several times faster than the
 * JDK's on the same machine (figures in docs/performance.md). The gateway verifies every node message, so this
 * sets its ingestion rate; the node signs every message and verifies every gateway message, and a live
 * authorization waits for both sides. The same test vectors run against both implementations.
 *
 * <p>Each public key is decoded to a curve point once and kept, so a verification does not repeat the
 * decoding (a square root in the field). The point is made with
 * {@link Ed25519#validatePublicKeyPartialExport}, which applies exactly the key checks of Bouncy
 * Castle's verification from raw bytes (canonical encoding, not of small order, on the curve), so the
 * verdicts do not change: a key refused there is refused here, and is not kept. The cache holds at
 * most {@code maxKeys} points (a lab has tens of nodes) and is emptied when a new key would exceed
 * that, so keys of retired nodes do not collect.
 *
 * <p>Thread-safe: the cache is a {@link ConcurrentHashMap}; the Bouncy Castle functions are stateless.
 */
public final class BouncyCastleEd25519 implements SignatureCheck, SignatureMaker {
    /** Points kept by the no-argument constructor: ample for one lab's nodes and the gateway's own key. */
    public static final int DEFAULT_MAX_KEYS = 1024;

    private final int maxKeys;
    private final Map<ByteBuffer, Ed25519.PublicPoint> points = new ConcurrentHashMap<>();

    public BouncyCastleEd25519() {
        this(DEFAULT_MAX_KEYS);
    }

    /** @param maxKeys how many decoded keys to keep, at least 1 */
    public BouncyCastleEd25519(int maxKeys) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1, was " + maxKeys);
        }
        this.maxKeys = maxKeys;
    }

    @Override
    public boolean verify(PublicKey key, byte[] message, byte[] signature) {
        if (signature.length != Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        Ed25519.PublicPoint point = point(Ed25519Keys.raw(key));
        return point != null && Ed25519.verify(signature, 0, point, message, 0, message.length);
    }

    /**
     * Signs with Bouncy Castle, several times faster than the JDK; the node's {@code auth/request} and the gateway's
     * {@code auth/response} are both on the live-decision path. Ed25519 is deterministic: the bytes equal the JDK's.
     */
    @Override
    public byte[] sign(PrivateKey key, byte[] message) {
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(Ed25519Keys.raw(key), 0, message, 0, message.length, signature, 0);
        return signature;
    }

    /** How many decoded keys are kept now. */
    int cachedKeys() {
        return points.size();
    }

    /** @return the decoded key, or null when Bouncy Castle's verification would refuse the key itself */
    private Ed25519.PublicPoint point(byte[] raw) {
        ByteBuffer id = ByteBuffer.wrap(raw);
        Ed25519.PublicPoint cached = points.get(id);
        if (cached != null) {
            return cached;
        }
        Ed25519.PublicPoint point = Ed25519.validatePublicKeyPartialExport(raw, 0);
        if (point != null) {
            if (points.size() >= maxKeys) {
                points.clear();
            }
            points.put(id, point);
        }
        return point;
    }
}
