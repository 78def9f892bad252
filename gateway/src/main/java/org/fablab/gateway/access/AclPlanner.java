package org.fablab.gateway.access;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.fablab.protocol.AclSnapshot;

/**
 * Computes a machine's offline ACL from the same rules as the live decision. An entry is a badge whose
 * {@link AccessRules#standing standing decision} is granted and whose member's balance allows a session (billing
 * asks for a rebuild when a balance crosses the prepaid minimum). Trainer present is a live check only, so a node
 * deciding offline from the ACL does not apply it. Pure functions; thread-safe.
 */
public final class AclPlanner {
    private AclPlanner() {
    }

    /**
     * The ACL for {@code machine} at {@code now}.
     *
     * @param trainings the lab's trainings (those gating the machine's kind are kept)
     * @param badges    every enrolled badge of every member
     * @param balance   billing's say; {@link BalanceCheck#NONE} where the lab has no prepaid accounts
     */
    public static AclPlan plan(MachineFacts machine, OpeningRules opening, ZoneId zone, List<Training> trainings,
                               List<AclCandidate> badges, Instant now, BalanceCheck balance) {
        List<AclSnapshot.Entry> entries = new ArrayList<>();
        Instant nextChange = opening.nextBoundary(now, zone).orElse(null);
        for (AclCandidate badge : badges) {
            AccessContext ctx = AccessContext.offline(badge, machine, trainings, opening, zone);
            if (AccessRules.standing(ctx, now) instanceof AccessDecision.Granted granted
                    && balance.shortfall(granted.memberId(), machine.machineId()).isEmpty()) {
                entries.add(new AclSnapshot.Entry(badge.credentialHash(), granted.memberId(), granted.memberName(),
                        badge.trainerForMachine()));
                if (granted.validUntil() != null && (nextChange == null || granted.validUntil().isBefore(nextChange))) {
                    nextChange = granted.validUntil();
                }
            }
        }
        entries.sort(Comparator.comparing(AclSnapshot.Entry::credentialHash));
        return new AclPlan(entries, Optional.ofNullable(nextChange));
    }
}
