package org.fablab.gateway.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A certification as people read it: names resolved, and where it stands now.
 *
 * @param status      {@code valid}, {@code expired} or {@code revoked}
 * @param validUntil  exclusive end of validity; null when it does not end
 * @param expiresSoon valid now and ending within the reminder window (30 days)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CertificationView(String id, String memberId, String memberName, String trainingId, String trainingName,
                                String grantedBy, String grantedByName, Instant grantedAt, Instant validUntil,
                                String status, boolean expiresSoon) {
}
