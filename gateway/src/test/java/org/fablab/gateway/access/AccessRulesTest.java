package org.fablab.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AccessRulesTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    /** A Monday afternoon, inside the weekday opening hours. */
    private static final Instant NOW = paris("2026-11-23T15:00");
    private static final Training LASER_SAFETY = new Training("laser-safety", "Laser safety", TrainingCategory.SAFETY,
            Set.of("laser-cutter"), new TrainingValidity.FixedDuration(Duration.ofDays(365)));
    private static final Training LASER_USE = new Training("laser-use", "Laser cutting", TrainingCategory.COMPETENCY,
            Set.of("laser-cutter"), new TrainingValidity.LapsesAfterDisuse(Duration.ofDays(180)));
    private static final Training LASER_ENGRAVING = new Training("laser-engraving", "Engraving tips",
            TrainingCategory.OPTIONAL, Set.of("laser-cutter"), new TrainingValidity.Forever());
    private static final Training PRINTER_SAFETY = new Training("printer-safety", "Printer safety",
            TrainingCategory.SAFETY, Set.of("3d-printer"), new TrainingValidity.Forever());
    private static final OpeningRules WEEKDAYS_14_TO_22 = new OpeningRules(Arrays.stream(DayOfWeek.values())
            .filter(d -> d.compareTo(DayOfWeek.FRIDAY) <= 0)
            .map(d -> new OpeningRules.Window(d, LocalTime.of(14, 0), LocalTime.of(22, 0)))
            .collect(Collectors.toList()));

    private static Instant paris(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(PARIS).toInstant();
    }

    /** A member fully entitled to the laser cutter on a weekday afternoon; each case changes one or two things. */
    static final class Scenario {
        BadgeStatus badgeStatus = BadgeStatus.ACTIVE;
        boolean enrolled = true;
        boolean active = true;
        LocalDate membershipValidUntil = LocalDate.parse("2026-12-31");
        MachineAvailability availability = MachineAvailability.AVAILABLE;
        Duration trainerPresentWithin;
        final List<Certification> certifications = new ArrayList<>(List.of(
                cert("c-safety", "m-1", "laser-safety", Instant.parse("2026-06-01T10:00:00Z"), CertificationStatus.ACTIVE),
                cert("c-use", "m-1", "laser-use", Instant.parse("2026-01-10T10:00:00Z"), CertificationStatus.ACTIVE)));
        final Map<String, Instant> lastUse = new HashMap<>(Map.of("laser-use", Instant.parse("2026-11-01T10:00:00Z")));
        OpeningRules opening = WEEKDAYS_14_TO_22;
        boolean trainerForMachine;
        Instant lastTrainerBadge;
        BalanceCheck balance = BalanceCheck.NONE;

        static Scenario of(UnaryOperator<Scenario> change) {
            return change.apply(new Scenario());
        }

        Scenario without(String trainingId) {
            certifications.removeIf(c -> c.trainingId().equals(trainingId));
            return this;
        }

        Scenario with(Certification certification) {
            certifications.add(certification);
            return this;
        }

        AccessContext context() {
            MemberFacts member = new MemberFacts("m-1", "Alice", active, membershipValidUntil);
            return new AccessContext(enrolled ? new AccessContext.Badge(badgeStatus, member) : null,
                    new MachineFacts("laser-1", "laser-cutter", availability, trainerPresentWithin),
                    List.of(PRINTER_SAFETY, LASER_ENGRAVING, LASER_USE, LASER_SAFETY), certifications, lastUse, opening,
                    PARIS, trainerForMachine, lastTrainerBadge, balance);
        }
    }

    static Certification cert(String id, String memberId, String trainingId, Instant grantedAt,
                              CertificationStatus status) {
        return new Certification(id, memberId, trainingId, "t-1", grantedAt, null, status);
    }

    static Stream<Arguments> denials() {
        return Stream.of(
                denial("unknownBadge", s -> { s.enrolled = false; return s; }, DenyReason.UNKNOWN_BADGE, "badge not enrolled"),
                denial("lostBadge", s -> { s.badgeStatus = BadgeStatus.LOST; return s; }, DenyReason.BADGE_LOST, "lost"),
                denial("revokedBadgeOfAnInactiveMember", s -> { s.badgeStatus = BadgeStatus.REVOKED; s.active = false; return s; },
                        DenyReason.BADGE_REVOKED, "badge revoked"),
                denial("inactiveMemberWithAnEndedMembership", s -> { s.active = false; s.membershipValidUntil = LocalDate.parse("2026-01-01"); return s; },
                        DenyReason.MEMBER_INACTIVE, "member m-1 is inactive"),
                denial("membershipEndedYesterday", s -> { s.membershipValidUntil = LocalDate.parse("2026-11-22"); return s; },
                        DenyReason.MEMBERSHIP_EXPIRED, "membership ran until 2026-11-22"),
                denial("endedMembershipOnABlockedMachine", s -> { s.membershipValidUntil = LocalDate.parse("2026-11-22"); s.availability = MachineAvailability.BLOCKED; return s; },
                        DenyReason.MEMBERSHIP_EXPIRED, "2026-11-22"),
                denial("blockedMachineForAnUntrainedMember", s -> { s.availability = MachineAvailability.BLOCKED; return s.without("laser-safety"); },
                        DenyReason.MACHINE_BLOCKED, "machine laser-1 is blocked"),
                denial("blockedMachineForATrainer", s -> { s.availability = MachineAvailability.BLOCKED; s.trainerForMachine = true; return s; },
                        DenyReason.MACHINE_BLOCKED, "blocked"),
                denial("machineOutOfService", s -> { s.availability = MachineAvailability.OUT_OF_SERVICE; return s; },
                        DenyReason.MACHINE_OUT_OF_SERVICE, "out of service"),
                denial("machineToCheckForANonTrainer", s -> { s.availability = MachineAvailability.TO_CHECK; return s; },
                        DenyReason.MACHINE_TO_CHECK, "checked by a trainer"),
                denial("noSafetyCertification", s -> s.without("laser-safety"),
                        DenyReason.TRAINING_MISSING, "training laser-safety missing"),
                denial("onlyARevokedSafetyCertification", s -> s.without("laser-safety").with(
                                cert("c-old", "m-1", "laser-safety", Instant.parse("2026-10-01T10:00:00Z"), CertificationStatus.REVOKED)),
                        DenyReason.TRAINING_MISSING, "training laser-safety revoked"),
                denial("safetyCertificationOfAnotherMember", s -> s.without("laser-safety").with(
                                cert("c-bob", "m-2", "laser-safety", Instant.parse("2026-10-01T10:00:00Z"), CertificationStatus.ACTIVE)),
                        DenyReason.TRAINING_MISSING, "training laser-safety missing"),
                denial("expiredSafetyTraining", s -> s.without("laser-safety").with(
                                cert("c-old", "m-1", "laser-safety", Instant.parse("2025-10-01T10:00:00Z"), CertificationStatus.ACTIVE)),
                        DenyReason.TRAINING_EXPIRED, "training laser-safety expired 2026-10-01"),
                denial("competencyLapsedAfterDisuse", s -> { s.lastUse.put("laser-use", Instant.parse("2026-05-01T10:00:00Z")); return s; },
                        DenyReason.TRAINING_EXPIRED, "training laser-use expired 2026-10-28"),
                denial("expiredSafetyAndMissingCompetency", s -> s.without("laser-use").without("laser-safety").with(
                                cert("c-old", "m-1", "laser-safety", Instant.parse("2025-10-01T10:00:00Z"), CertificationStatus.ACTIVE)),
                        DenyReason.TRAINING_EXPIRED, "laser-safety"),
                denial("missingCompetencyOutsideOpeningHours", s -> { s.opening = new OpeningRules(List.of(new OpeningRules.Window(
                                DayOfWeek.SATURDAY, LocalTime.of(10, 0), LocalTime.of(18, 0)))); return s.without("laser-use"); },
                        DenyReason.TRAINING_MISSING, "laser-use"),
                denial("saturdayOpeningOnly", s -> { s.opening = new OpeningRules(List.of(new OpeningRules.Window(
                                DayOfWeek.SATURDAY, LocalTime.of(10, 0), LocalTime.of(18, 0)))); return s; },
                        DenyReason.OUTSIDE_OPENING_HOURS, "outside opening hours, opens 2026-11-28T10:00"),
                denial("closedAndNoTrainerPresent", s -> { s.opening = new OpeningRules(List.of(new OpeningRules.Window(
                                DayOfWeek.SATURDAY, LocalTime.of(10, 0), LocalTime.of(18, 0)))); s.trainerPresentWithin = Duration.ofMinutes(2); return s; },
                        DenyReason.OUTSIDE_OPENING_HOURS, "outside opening hours"),
                denial("noTrainerEverBadged", s -> { s.trainerPresentWithin = Duration.ofMinutes(2); return s; },
                        DenyReason.TRAINER_ABSENT, "no trainer badged on laser-1 within the last 120 s"),
                denial("trainerBadgedTooLongAgo", s -> { s.trainerPresentWithin = Duration.ofMinutes(2); s.lastTrainerBadge = NOW.minusSeconds(121); return s; },
                        DenyReason.TRAINER_ABSENT, "120 s"),
                denial("trainerAbsentAndBalanceShort", s -> { s.trainerPresentWithin = Duration.ofMinutes(2); s.balance = (m, k) -> Optional.of("short"); return s; },
                        DenyReason.TRAINER_ABSENT, "no trainer"),
                denial("balanceShort", s -> { s.balance = (m, k) -> Optional.of("balance -12.40 EUR below credit limit"); return s; },
                        DenyReason.INSUFFICIENT_BALANCE, "balance -12.40 EUR below credit limit"));
    }

    private static Arguments denial(String name, UnaryOperator<Scenario> change, DenyReason reason, String detail) {
        return Arguments.of(name, change, reason, detail);
    }

    @ParameterizedTest(name = "{0} is denied as {2}")
    @MethodSource("denials")
    void everyFailingCheck_isDeniedWithTheFirstReasonInOrder(String name, UnaryOperator<Scenario> change,
                                                             DenyReason reason, String detail) {
        AccessDecision decision = AccessRules.decide(Scenario.of(change).context(), NOW);

        assertThat(decision).isInstanceOfSatisfying(AccessDecision.Denied.class, denied -> {
            assertThat(denied.reason()).isEqualTo(reason);
            assertThat(denied.detail()).contains(detail);
        });
    }

    @Test
    void theTable_coversEveryDenyReason() {
        Set<DenyReason> covered = denials().map(a -> (DenyReason) a.get()[2])
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(DenyReason.class)));

        assertThat(covered).containsExactlyInAnyOrder(DenyReason.values());
    }

    @Test
    void expiredSafetyTraining_isDeniedAsTrainingExpired() {
        AccessContext ctx = Scenario.of(s -> s.without("laser-safety")
                .with(cert("c-old", "m-1", "laser-safety", Instant.parse("2025-10-01T10:00:00Z"), CertificationStatus.ACTIVE)))
                .context();

        assertThat(AccessRules.decide(ctx, NOW))
                .isEqualTo(new AccessDecision.Denied(DenyReason.TRAINING_EXPIRED, "training laser-safety expired 2026-10-01"));
    }

    static Stream<Arguments> grants() {
        Instant endOfMembership = paris("2027-01-01T00:00");
        return Stream.of(
                grant("entitledMemberInOpeningHours", s -> s, paris("2026-11-23T22:00")),
                grant("alwaysOpenLab_untilTheMembershipEnds", s -> { s.opening = OpeningRules.alwaysOpen(); return s; },
                        endOfMembership),
                grant("membershipEndingToday_untilMidnight", s -> { s.opening = OpeningRules.alwaysOpen(); s.membershipValidUntil = LocalDate.parse("2026-11-23"); return s; },
                        paris("2026-11-24T00:00")),
                grant("openEndedMembership_untilTheCompetencyLapses", s -> { s.opening = OpeningRules.alwaysOpen(); s.membershipValidUntil = null; return s; },
                        Instant.parse("2027-04-30T10:00:00Z")),
                grant("overriddenSafetyCertification_untilTheOverride", s -> { s.opening = OpeningRules.alwaysOpen(); s.without("laser-safety");
                            return s.with(new Certification("c-x", "m-1", "laser-safety", "t-1", Instant.parse("2026-06-01T10:00:00Z"),
                                    paris("2026-12-01T00:00"), CertificationStatus.ACTIVE)); },
                        paris("2026-12-01T00:00")),
                grant("expiredSafetyWithAValidRenewal_untilTheCompetencyLapses", s -> { s.opening = OpeningRules.alwaysOpen(); s.membershipValidUntil = null;
                            s.lastUse.put("laser-use", Instant.parse("2026-11-20T10:00:00Z"));
                            return s.without("laser-safety")
                                    .with(cert("c-old", "m-1", "laser-safety", Instant.parse("2025-10-01T10:00:00Z"), CertificationStatus.ACTIVE))
                                    .with(cert("c-renewed", "m-1", "laser-safety", Instant.parse("2026-11-01T10:00:00Z"), CertificationStatus.ACTIVE)); },
                        Instant.parse("2027-05-19T10:00:00Z")),
                grant("missingOptionalAndOtherKindsTrainings", s -> s.without("laser-engraving").without("printer-safety"),
                        paris("2026-11-23T22:00")),
                grant("trainerOnAMachineToCheck", s -> { s.availability = MachineAvailability.TO_CHECK; s.trainerForMachine = true; return s; },
                        paris("2026-11-23T22:00")),
                grant("trainerBadgedExactlyAtTheLimit", s -> { s.trainerPresentWithin = Duration.ofMinutes(2); s.lastTrainerBadge = NOW.minusSeconds(120); return s; },
                        paris("2026-11-23T22:00")),
                grant("trainerNeedsNoOtherTrainer", s -> { s.trainerPresentWithin = Duration.ofMinutes(2); s.trainerForMachine = true; return s; },
                        paris("2026-11-23T22:00")));
    }

    private static Arguments grant(String name, UnaryOperator<Scenario> change, Instant validUntil) {
        return Arguments.of(name, change, validUntil);
    }

    @ParameterizedTest(name = "{0} is granted until {2}")
    @MethodSource("grants")
    void entitledMember_isGrantedUntilTheEarliestEnd(String name, UnaryOperator<Scenario> change, Instant validUntil) {
        assertThat(AccessRules.decide(Scenario.of(change).context(), NOW))
                .isEqualTo(new AccessDecision.Granted("m-1", "Alice", validUntil));
    }

    @Test
    void foreverTrainingsOpenEndedMembershipAndAlwaysOpen_areGrantedWithoutLimit() {
        Training forever = new Training("laser-safety", "Laser safety", TrainingCategory.SAFETY, Set.of("laser-cutter"),
                new TrainingValidity.Forever());
        AccessContext ctx = new AccessContext(
                new AccessContext.Badge(BadgeStatus.ACTIVE, new MemberFacts("m-1", "Alice", true, null)),
                new MachineFacts("laser-1", "laser-cutter", MachineAvailability.AVAILABLE, null), List.of(forever),
                List.of(cert("c-1", "m-1", "laser-safety", Instant.parse("2020-01-01T00:00:00Z"), CertificationStatus.ACTIVE)),
                Map.of(), OpeningRules.alwaysOpen(), PARIS, false, null, BalanceCheck.NONE);

        assertThat(AccessRules.decide(ctx, NOW)).isEqualTo(new AccessDecision.Granted("m-1", "Alice", null));
    }

    @Test
    void balance_isAskedOnlyWhenEveryOtherCheckPassed_withTheMemberAndMachine() {
        List<String> asked = new ArrayList<>();
        BalanceCheck recording = (memberId, machineId) -> {
            asked.add(memberId + "@" + machineId);
            return Optional.empty();
        };

        AccessRules.decide(Scenario.of(s -> { s.balance = recording; return s.without("laser-safety"); }).context(), NOW);
        AccessRules.decide(Scenario.of(s -> { s.balance = recording; return s; }).context(), NOW);

        assertThat(asked).containsExactly("m-1@laser-1");
    }

    @Test
    void standing_ignoresTheLiveChecks() {
        AccessContext ctx = Scenario.of(s -> { s.trainerPresentWithin = Duration.ofMinutes(2);
            s.balance = (m, k) -> Optional.of("short"); return s; }).context();

        assertThat(AccessRules.standing(ctx, NOW)).isInstanceOf(AccessDecision.Granted.class);
        assertThat(AccessRules.decide(ctx, NOW)).isInstanceOf(AccessDecision.Denied.class);
    }

    @Test
    void denyReasons_travelAsDashedLowerCaseWireNames() {
        assertThat(DenyReason.TRAINING_EXPIRED.wire()).isEqualTo("training-expired");
        assertThat(DenyReason.fromWire("outside-opening-hours")).isEqualTo(DenyReason.OUTSIDE_OPENING_HOURS);
        assertThat(MachineAvailability.TO_CHECK.wire()).isEqualTo("to-check");
    }
}
