package org.fablab.gateway.domain;

import java.time.Duration;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.Names;
import org.fablab.protocol.OfflinePolicy;

/**
 * A provisioned machine node: the machine it switches, its Ed25519 public key (raw, base64) and the
 * offline policy written into its ACL.
 */
public record NodeRecord(String id, String machineId, String publicKey, OfflinePolicy offlinePolicy,
                         Duration maxStaleness) {
    public NodeRecord {
        Names.requireId("node id", id);
        Names.requireId("machine id", machineId);
        Ed25519Keys.publicKey(publicKey);
        if (offlinePolicy == null || maxStaleness == null || maxStaleness.isNegative()) {
            throw new IllegalArgumentException("node " + id + " needs an offline policy and a non-negative maxStaleness");
        }
    }
}
