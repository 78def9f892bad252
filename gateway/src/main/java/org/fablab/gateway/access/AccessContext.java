package org.fablab.gateway.access;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fablab.protocol.Names;

/**
 * Everything {@link AccessRules} needs to decide on one badge at one machine. Immutable; the caller loads it.
 *
 * @param badge             the enrolled badge with its member, {@code null} when no badge has the presented hash
 * @param trainings         the lab's trainings; the rules keep those that gate {@code machine.kind()} themselves, so
 *                          passing all of them or only the machine's is the same
 * @param certifications    the member's certifications, history included; any of another member are ignored
 * @param lastUse           training id to the start of the member's last session on a machine that training unlocks
 * @param zone              the lab's time zone, for dates and opening hours
 * @param trainerForMachine true when the member is a trainer for one of the trainings the machine requires: they may
 *                          clear {@code to-check} and need no other trainer present
 * @param lastTrainerBadge  when a trainer for this machine last badged on it, {@code null} if never (or unknown)
 * @param balance           billing's say, {@link BalanceCheck#NONE} where the lab has no prepaid accounts
 */
public record AccessContext(Badge badge, MachineFacts machine, List<Training> trainings,
                            List<Certification> certifications, Map<String, Instant> lastUse, OpeningRules opening,
                            ZoneId zone, boolean trainerForMachine, Instant lastTrainerBadge, BalanceCheck balance) {
    /** Safety trainings first, then competency ones, each by id: the order their failures are reported in. */
    private static final Comparator<Training> REPORT_ORDER =
            Comparator.comparing(Training::category).thenComparing(Training::id);

    public AccessContext {
        Names.require("machine", machine);
        trainings = List.copyOf(Names.require("trainings", trainings));
        certifications = List.copyOf(Names.require("certifications", certifications));
        lastUse = Map.copyOf(Names.require("lastUse", lastUse));
        Names.require("opening", opening);
        Names.require("zone", zone);
        Names.require("balance", balance);
    }

    /**
     * An enrolled badge and the member it belongs to.
     *
     * @param status whether the badge itself may be used
     */
    public record Badge(BadgeStatus status, MemberFacts member) {
        public Badge {
            Names.require("badge.status", status);
            Names.require("badge.member", member);
        }
    }

    /**
     * The context of a standing decision ({@link AccessRules#standing}) for an enrolled badge: no trainer badge seen,
     * no balance check, the two things only a live decision knows.
     */
    public static AccessContext offline(AclCandidate badge, MachineFacts machine, List<Training> trainings,
                                        OpeningRules opening, ZoneId zone) {
        return new AccessContext(new Badge(badge.status(), badge.member()), machine, trainings,
                badge.certifications(), badge.lastUse(), opening, zone, badge.trainerForMachine(), null,
                BalanceCheck.NONE);
    }

    /** The trainings a member needs for this machine: non-optional ones naming its kind, safety first. */
    public List<Training> requiredTrainings() {
        return trainings.stream().filter(t -> t.gates(machine.kind())).sorted(REPORT_ORDER).toList();
    }

    /** The member's last use of a machine {@code trainingId} unlocks. */
    public Optional<Instant> lastUseOf(String trainingId) {
        return Optional.ofNullable(lastUse.get(trainingId));
    }
}
