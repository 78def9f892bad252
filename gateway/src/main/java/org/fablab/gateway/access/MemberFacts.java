package org.fablab.gateway.access;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import org.fablab.protocol.Names;

/**
 * What the rules need to know about a member.
 *
 * @param membershipValidUntil the last day the membership covers, inclusive, in the lab's zone; {@code null} when
 *                             it does not end
 */
public record MemberFacts(String memberId, String displayName, boolean active, LocalDate membershipValidUntil) {
    public MemberFacts {
        Names.requireText("memberId", memberId);
        Names.requireText("displayName", displayName);
    }

    /** The exclusive instant the membership ends: the start of the day after its last day, in {@code zone}. */
    public Optional<Instant> membershipEndsAt(ZoneId zone) {
        return Optional.ofNullable(membershipValidUntil).map(day -> day.plusDays(1).atStartOfDay(zone).toInstant());
    }
}
