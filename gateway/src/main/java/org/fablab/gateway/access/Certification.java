package org.fablab.gateway.access;

import java.time.Instant;
import org.fablab.protocol.Names;

/**
 * One grant of a training to a member. A renewal is a new certification; the old ones stay as history, and
 * {@link CertificationRules#best} picks the one that counts.
 *
 * @param grantedBy          the member id of the trainer or fabmanager who granted it
 * @param validUntilOverride an explicit exclusive expiry set at grant or renewal, after {@code grantedAt}, or
 *                           {@code null}; when set it replaces the training's validity rule entirely (no lapse
 *                           after disuse either)
 */
public record Certification(String id, String memberId, String trainingId, String grantedBy, Instant grantedAt,
                            Instant validUntilOverride, CertificationStatus status) {
    public Certification {
        Names.requireText("certification.id", id);
        Names.requireText("certification.memberId", memberId);
        Names.requireText("certification.trainingId", trainingId);
        Names.requireText("certification.grantedBy", grantedBy);
        Names.require("certification.grantedAt", grantedAt);
        Names.require("certification.status", status);
        if (validUntilOverride != null && !validUntilOverride.isAfter(grantedAt)) {
            throw new IllegalArgumentException("certification.validUntilOverride " + validUntilOverride
                    + " must be after grantedAt " + grantedAt);
        }
    }
}
