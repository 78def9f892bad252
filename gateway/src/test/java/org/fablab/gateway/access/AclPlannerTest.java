package org.fablab.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.fablab.protocol.AclSnapshot;
import org.junit.jupiter.api.Test;

class AclPlannerTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Instant MONDAY_AFTERNOON = paris("2026-11-23T15:00");
    private static final Training LASER_SAFETY = new Training("laser-safety", "Laser safety", TrainingCategory.SAFETY,
            Set.of("laser-cutter"), new TrainingValidity.FixedDuration(Duration.ofDays(365)));
    private static final Training LASER_ENGRAVING = new Training("laser-engraving", "Engraving tips",
            TrainingCategory.OPTIONAL, Set.of("laser-cutter"), new TrainingValidity.Forever());
    private static final List<Training> TRAININGS = List.of(LASER_SAFETY, LASER_ENGRAVING);
    private static final OpeningRules WEEKDAYS_14_TO_22 = new OpeningRules(Arrays.stream(DayOfWeek.values())
            .filter(d -> d.compareTo(DayOfWeek.FRIDAY) <= 0)
            .map(d -> new OpeningRules.Window(d, LocalTime.of(14, 0), LocalTime.of(22, 0)))
            .collect(Collectors.toList()));
    /** The trainer-present rule is a live check: it must not empty the ACL. */
    private static final MachineFacts LASER = new MachineFacts("laser-1", "laser-cutter", MachineAvailability.AVAILABLE,
            Duration.ofMinutes(2));

    private static Instant paris(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(PARIS).toInstant();
    }

    private static String hash(char c) {
        return String.valueOf(c).repeat(64);
    }

    private static Certification safety(String memberId, Instant grantedAt, Instant override) {
        return new Certification("c-" + memberId, memberId, "laser-safety", "t-1", grantedAt, override,
                CertificationStatus.ACTIVE);
    }

    private static AclCandidate badge(char hash, BadgeStatus status, String memberId, LocalDate membershipValidUntil,
                                      List<Certification> certifications, boolean trainer) {
        return new AclCandidate(hash(hash), status, new MemberFacts(memberId, "Member " + memberId, true,
                membershipValidUntil), certifications, Map.of(), trainer);
    }

    private static final Instant JUNE = Instant.parse("2026-06-01T10:00:00Z");
    private static final AclCandidate ALICE = badge('a', BadgeStatus.ACTIVE, "alice", null,
            List.of(safety("alice", JUNE, null)), false);
    private static final AclCandidate BOB_LOST = badge('b', BadgeStatus.LOST, "bob", null,
            List.of(safety("bob", JUNE, null)), false);
    private static final AclCandidate CAROL_REVOKED = badge('c', BadgeStatus.REVOKED, "carol", null,
            List.of(safety("carol", JUNE, null)), false);
    private static final AclCandidate DAN_EXPIRED = badge('d', BadgeStatus.ACTIVE, "dan", null,
            List.of(safety("dan", Instant.parse("2025-06-01T10:00:00Z"), null)), false);
    private static final AclCandidate ERIN_TRAINER = badge('e', BadgeStatus.ACTIVE, "erin", null,
            List.of(safety("erin", JUNE, null)), true);

    @Test
    void revokedAndLostBadgesAndExpiredTrainings_areLeftOut() {
        AclPlan plan = AclPlanner.plan(LASER, WEEKDAYS_14_TO_22, PARIS, TRAININGS,
                List.of(ERIN_TRAINER, DAN_EXPIRED, CAROL_REVOKED, BOB_LOST, ALICE), MONDAY_AFTERNOON, BalanceCheck.NONE);

        assertThat(plan.entries()).containsExactly(
                new AclSnapshot.Entry(hash('a'), "alice", "Member alice", false),
                new AclSnapshot.Entry(hash('e'), "erin", "Member erin", true));
    }

    @Test
    void aMemberBelowThePrepaidMinimum_isLeftOutOfTheAcl_whileOthersStay() {
        BalanceCheck aliceInDebt = (member, machine) -> member.equals("alice")
                ? Optional.of("balance -9.00 EUR below the minimum 0.00 EUR") : Optional.empty();

        AclPlan plan = AclPlanner.plan(LASER, OpeningRules.alwaysOpen(), PARIS, TRAININGS, List.of(ALICE, ERIN_TRAINER),
                MONDAY_AFTERNOON, aliceInDebt);

        assertThat(plan.entries()).extracting(AclSnapshot.Entry::memberId).containsExactly("erin");
    }

    @Test
    void optionalTrainings_doNotGate() {
        AclPlan plan = AclPlanner.plan(LASER, OpeningRules.alwaysOpen(), PARIS, TRAININGS, List.of(ALICE),
                MONDAY_AFTERNOON, BalanceCheck.NONE);

        assertThat(ALICE.certifications()).noneMatch(c -> c.trainingId().equals("laser-engraving"));
        assertThat(plan.entries()).extracting(AclSnapshot.Entry::memberId).containsExactly("alice");
    }

    @Test
    void nextChange_isTheClosingWhenItComesBeforeAnyExpiry() {
        AclPlan plan = AclPlanner.plan(LASER, WEEKDAYS_14_TO_22, PARIS, TRAININGS, List.of(ALICE, ERIN_TRAINER),
                MONDAY_AFTERNOON, BalanceCheck.NONE);

        assertThat(plan.nextChange()).contains(paris("2026-11-23T22:00"));
    }

    @Test
    void nextChange_isTheEarliestExpiryOrMembershipEndAmongGrantedBadges() {
        AclCandidate overridden = badge('1', BadgeStatus.ACTIVE, "frank", null,
                List.of(safety("frank", JUNE, paris("2026-12-05T00:00"))), false);
        AclCandidate membershipEnding = badge('2', BadgeStatus.ACTIVE, "gina", LocalDate.parse("2026-12-10"),
                List.of(safety("gina", JUNE, null)), false);
        AclCandidate expiredSooner = badge('3', BadgeStatus.ACTIVE, "hugo", null,
                List.of(safety("hugo", JUNE, paris("2026-11-20T00:00"))), false);

        AclPlan plan = AclPlanner.plan(LASER, OpeningRules.alwaysOpen(), PARIS, TRAININGS,
                List.of(membershipEnding, ALICE, overridden, expiredSooner), MONDAY_AFTERNOON, BalanceCheck.NONE);

        assertThat(plan.entries()).extracting(AclSnapshot.Entry::memberId).containsExactly("frank", "gina", "alice");
        assertThat(plan.nextChange()).contains(paris("2026-12-05T00:00"));
    }

    @Test
    void closedLab_hasNoEntries_andChangesAtTheNextOpening() {
        Instant saturday = paris("2026-11-28T11:00");

        AclPlan plan = AclPlanner.plan(LASER, WEEKDAYS_14_TO_22, PARIS, TRAININGS, List.of(ALICE, ERIN_TRAINER), saturday, BalanceCheck.NONE);

        assertThat(plan.entries()).isEmpty();
        assertThat(plan.nextChange()).contains(paris("2026-11-30T14:00"));
    }

    @Test
    void machineToCheck_listsOnlyItsTrainers_andABlockedOneNobody() {
        MachineFacts toCheck = new MachineFacts("laser-1", "laser-cutter", MachineAvailability.TO_CHECK, null);
        MachineFacts blocked = new MachineFacts("laser-1", "laser-cutter", MachineAvailability.BLOCKED, null);

        assertThat(AclPlanner.plan(toCheck, WEEKDAYS_14_TO_22, PARIS, TRAININGS, List.of(ALICE, ERIN_TRAINER),
                MONDAY_AFTERNOON, BalanceCheck.NONE).entries()).extracting(AclSnapshot.Entry::memberId).containsExactly("erin");
        assertThat(AclPlanner.plan(blocked, WEEKDAYS_14_TO_22, PARIS, TRAININGS, List.of(ALICE, ERIN_TRAINER),
                MONDAY_AFTERNOON, BalanceCheck.NONE).entries()).isEmpty();
    }

    @Test
    void nothingThatEnds_hasNoNextChange() {
        Training forever = new Training("laser-safety", "Laser safety", TrainingCategory.SAFETY, Set.of("laser-cutter"),
                new TrainingValidity.Forever());

        AclPlan plan = AclPlanner.plan(LASER, OpeningRules.alwaysOpen(), PARIS, List.of(forever), List.of(ALICE),
                MONDAY_AFTERNOON, BalanceCheck.NONE);

        assertThat(plan.entries()).hasSize(1);
        assertThat(plan.nextChange()).isEmpty();
    }

    @Test
    void badgeWithAMalformedHash_isRejectedEvenWhenItWouldBeDenied() {
        assertThatThrownBy(() -> new AclCandidate("ABC", BadgeStatus.LOST, new MemberFacts("zoe", "Zoe", true, null),
                List.of(), Map.of(), false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hash");
    }
}
