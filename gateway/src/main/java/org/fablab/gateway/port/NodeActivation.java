package org.fablab.gateway.port;

import java.util.Optional;

/**
 * What enrollment and key rotation change in the node registry. Each call is audited with {@code actor} and takes
 * effect at once: ingestion accepts the new key and refuses the one it replaces from the next message on.
 */
public interface NodeActivation {
    /** Declares node {@code nodeId} on {@code machineId} as pending: known, but no key is accepted yet. */
    void expect(String nodeId, String machineId, String actor);

    /** Makes the pending or active node active with this Ed25519 public key (raw, base64); the previous key is refused. */
    void activate(String nodeId, String publicKey, String actor);

    /** The key ingestion accepts from this node now, empty when it is pending, retired or unknown. */
    Optional<String> activeKey(String nodeId);
}
