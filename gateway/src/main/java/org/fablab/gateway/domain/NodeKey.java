package org.fablab.gateway.domain;

import java.time.Instant;
import org.fablab.protocol.Ed25519Keys;

/**
 * One key a node held: accepted from {@code validFrom} (null when accepted before key history was kept) until
 * {@code validUntil} (null while it is the node's current key).
 */
public record NodeKey(String publicKey, String fingerprint, Instant validFrom, Instant validUntil) {
    public static NodeKey of(String publicKey, Instant validFrom, Instant validUntil) {
        return new NodeKey(publicKey, Ed25519Keys.fingerprint(Ed25519Keys.publicKey(publicKey)), validFrom, validUntil);
    }
}
