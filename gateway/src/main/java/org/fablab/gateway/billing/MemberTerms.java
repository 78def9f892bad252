package org.fablab.gateway.billing;

import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import org.fablab.protocol.Names;

/**
 * What pricing needs to know about a member besides the session: their group and plan, and what they already used
 * before this session. The store sums the {@link Charge#usage()} of earlier charges to build the two maps.
 *
 * @param group          {@code null} for no discount
 * @param plan           {@code null} for no plan
 * @param planUsed       included plan time already consumed, per month
 * @param cappedCharged  machine-time cents already charged for this session's machine kind, per local day
 */
public record MemberTerms(MemberGroup group, Plan plan, Map<YearMonth, Duration> planUsed,
                          Map<LocalDate, Long> cappedCharged) {
    /** A member with no group, no plan and nothing used. */
    public static final MemberTerms NONE = new MemberTerms(null, null, Map.of(), Map.of());

    public MemberTerms {
        planUsed = Map.copyOf(Names.require("planUsed", planUsed));
        cappedCharged = Map.copyOf(Names.require("cappedCharged", cappedCharged));
    }

    int discountBasisPoints() {
        return group == null ? 0 : group.discountBasisPoints();
    }
}
