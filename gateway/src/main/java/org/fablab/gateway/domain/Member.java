package org.fablab.gateway.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * A member of the lab as fabmanagers manage them.
 *
 * @param number     the member number shown on cards and in exports, sequential from 1
 * @param group      e.g. {@code student}; null when none
 * @param validUntil last day of the membership (inclusive); null when it does not end
 * @param active     false once deactivated: kept for history, never allowed on a machine
 * @param planId     the billing plan the treasurer put the member on; null when none
 * @param territory  the commune or postcode the lab recorded, for the impact report; null (absent in JSON) when
 *                   none
 * @param networkVisits whether the member consented to be sent to partner labs as a visitor, with their name and
 *                   trainings (docs/network.md); false until they do
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Member(String id, long number, String name, String email, String group, LocalDate validUntil,
                     boolean active, Instant createdAt, String planId,
                     @JsonInclude(JsonInclude.Include.NON_NULL) String territory, boolean networkVisits) {
    public Member {
        if (id == null || id.isBlank() || name == null || name.isBlank()) {
            throw new IllegalArgumentException("a member needs an id and a name");
        }
    }

    public Optional<LocalDate> membershipEnd() {
        return Optional.ofNullable(validUntil);
    }
}
