package org.fablab.gateway.domain;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.Names;
import org.fablab.protocol.OfflinePolicy;

/**
 * A node as the registry keeps it. Only an active node has a key; the offline policy and {@code maxStaleness} are
 * the node's because they go into its signed ACL, and a node switches exactly one machine.
 *
 * @param publicKey the Ed25519 public key ingestion accepts now (raw, base64); null unless active
 * @param createdAt when the node was declared; null for one declared before the registry kept it
 * @param retiredAt when it was retired; null unless retired
 */
public record RegisteredNode(String id, String machineId, NodeLifecycle state, String publicKey,
                             OfflinePolicy offlinePolicy, Duration maxStaleness, Instant createdAt, Instant retiredAt) {
    public RegisteredNode {
        Names.requireId("node id", id);
        Names.requireId("machine id", machineId);
        if (state == null || offlinePolicy == null || maxStaleness == null || maxStaleness.isNegative()) {
            throw new IllegalArgumentException("node " + id + " needs a state, an offline policy and a non-negative"
                    + " maxStaleness");
        }
        if ((state == NodeLifecycle.ACTIVE) != (publicKey != null)) {
            throw new IllegalArgumentException("node " + id + ": an active node has a key, a " + state.wire()
                    + " one has none");
        }
        if (publicKey != null) {
            Ed25519Keys.publicKey(publicKey);
        }
    }

    /** The key's fingerprint as the node shows it at enrollment ({@link Ed25519Keys#fingerprint}); null without key. */
    @JsonProperty("fingerprint")
    public String fingerprint() {
        return publicKey == null ? null : Ed25519Keys.fingerprint(Ed25519Keys.publicKey(publicKey));
    }

    /** What ingestion and ACL publishing see of an active node; empty otherwise. */
    public Optional<NodeRecord> asActive() {
        return state == NodeLifecycle.ACTIVE
                ? Optional.of(new NodeRecord(id, machineId, publicKey, offlinePolicy, maxStaleness)) : Optional.empty();
    }

    public boolean retired() {
        return state == NodeLifecycle.RETIRED;
    }
}
