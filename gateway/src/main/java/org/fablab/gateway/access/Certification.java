package org.fablab.gateway.access;

import java.time.Instant;

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
        Wire.requireText("certification.id", id);
        Wire.requireText("certification.memberId", memberId);
        Wire.requireText("certification.trainingId", trainingId);
        Wire.requireText("certification.grantedBy", grantedBy);
        Wire.require("certification.grantedAt", grantedAt);
        Wire.require("certification.status", status);
        if (validUntilOverride != null && !validUntilOverride.isAfter(grantedAt)) {
            throw new IllegalArgumentException("certification.validUntilOverride " + validUntilOverride
                    + " must be after grantedAt " + grantedAt);
        }
    }
}
