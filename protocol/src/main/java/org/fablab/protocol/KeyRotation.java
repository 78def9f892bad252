package org.fablab.protocol;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;

/**
 * The signed text of a node key rotation ({@code POST /api/v1/nodes/{id}/key}, docs/enrollment.md §4): the node
 * signs, with the key the gateway knows now, the UTF-8 bytes of
 * <pre>fablab-key-rotation/v1\n{lab}\n{node}\n{newPublicKey}\n{ts in epoch milliseconds}</pre>
 * so a signature made for one lab, node, key or moment is worth nothing for another. The time is signed as a number,
 * so that how the request writes its {@code ts} does not matter.
 */
public final class KeyRotation {
    static final String PREFIX = "fablab-key-rotation/v1";

    private KeyRotation() {
    }

    public static byte[] signedText(String lab, String node, String newPublicKey, Instant ts) {
        return (PREFIX + "\n" + lab + "\n" + node + "\n" + newPublicKey + "\n" + ts.toEpochMilli())
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The signature, base64, that the node sends as {@code signature}. */
    public static String sign(PrivateKey currentKey, String lab, String node, String newPublicKey, Instant ts) {
        return Base64.getEncoder().encodeToString(new BouncyCastleEd25519().sign(currentKey,
                signedText(lab, node, newPublicKey, ts)));
    }

    /** Whether {@code signature} (base64) is the current key's signature of that rotation; malformed is false. */
    public static boolean verify(PublicKey currentKey, String lab, String node, String newPublicKey, Instant ts,
                                 String signature) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return new BouncyCastleEd25519(1).verify(currentKey, signedText(lab, node, newPublicKey, ts), raw);
    }
}
