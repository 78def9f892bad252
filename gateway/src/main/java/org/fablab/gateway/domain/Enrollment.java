package org.fablab.gateway.domain;

import java.time.Instant;
import org.fablab.protocol.Names;

/**
 * An enrollment of node {@code nodeId} on machine {@code machineId}: what the holder of its one-time token may claim
 * once before {@code expiresAt}. The token itself is never kept, only its hash ({@link EnrollmentTokens#hash}).
 *
 * @param closedAt     when it was redeemed or superseded; null while open
 * @param closedReason {@code used} or {@code superseded}; null while open
 * @param fingerprint  the key fingerprint of the node that redeemed it; null until then
 */
public record Enrollment(String nodeId, String machineId, String createdBy, Instant createdAt, Instant expiresAt,
                         Instant closedAt, String closedReason, String fingerprint) {
    public static final String USED = "used";
    public static final String SUPERSEDED = "superseded";

    public Enrollment {
        Names.requireId("nodeId", nodeId);
        Names.requireId("machineId", machineId);
        if (createdBy == null || createdAt == null || expiresAt == null || !expiresAt.isAfter(createdAt)) {
            throw new IllegalArgumentException("an enrollment needs its creator and an expiry after its creation");
        }
    }

    /** A new, open enrollment. */
    public static Enrollment open(String nodeId, String machineId, String createdBy, Instant createdAt,
                                  Instant expiresAt) {
        return new Enrollment(nodeId, machineId, createdBy, createdAt, expiresAt, null, null, null);
    }

    /** Whether its token may still be redeemed at {@code now}. */
    public boolean isOpenAt(Instant now) {
        return closedAt == null && now.isBefore(expiresAt);
    }
}
