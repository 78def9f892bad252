package org.fablab.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Properties of {@link AccessRules} and {@link AclPlanner} over generated contexts, checked against conditions
 * restated here from the rules (docs/authorization.md) rather than taken from the implementation. Each seed gives a
 * reproducible run; the generator is tuned so that grants and every deny reason occur in each run, and boundaries
 * (an expiry, a day's start, the trainer window) are hit exactly; the test asserts that grants and reasons occur.
 */
class AccessRulesPropertiesTest {
    private static final int CASES_PER_SEED = 3_000;
    private static final int ACL_CASES_PER_SEED = 1_000;
    private static final List<ZoneId> ZONES = List.of(ZoneId.of("Europe/Paris"), ZoneId.of("UTC"),
            ZoneId.of("America/New_York"), ZoneId.of("Australia/Lord_Howe"));
    private static final List<String> KINDS = List.of("laser-cutter", "3d-printer", "cnc");
    private static final String MEMBER = "m-1";

    /** The checks in the order the rules apply them; trainings are one stage with two reasons. */
    private enum Stage { BADGE, MEMBER, MEMBERSHIP, MACHINE, TRAININGS, OPENING, TRAINER, BALANCE }

    private record Case(AccessContext ctx, Instant now) {
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 7L, 42L, 2026L, 9_001L})
    void decisions_grantOnlyWhenEveryCondition_holds_andDenyWithTheFirstFailingOne(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<DenyReason, Integer> denials = new EnumMap<>(DenyReason.class);
        int granted = 0;
        for (int i = 0; i < CASES_PER_SEED; i++) {
            Case c = generate(random);
            AccessDecision decision = AccessRules.decide(c.ctx(), c.now());
            String where = "seed " + seed + " case " + i + ": " + c;
            if (decision instanceof AccessDecision.Granted grant) {
                granted++;
                assertThat(failing(c.ctx(), c.now())).as(where).isEmpty();
                assertThat(grant.memberId()).as(where).isEqualTo(MEMBER);
                checkValidUntil(c, grant, where);
            } else {
                DenyReason reason = ((AccessDecision.Denied) decision).reason();
                denials.merge(reason, 1, Integer::sum);
                List<DenyReason> failing = failing(c.ctx(), c.now());
                assertThat(failing).as(where).contains(reason);
                Stage stage = stageOf(reason);
                assertThat(failing).as(where + ": a reason of an earlier stage also fails")
                        .allMatch(r -> stageOf(r).compareTo(stage) >= 0);
            }
        }
        assertThat(granted).as("grants in seed " + seed).isGreaterThan(CASES_PER_SEED / 4);
        assertThat(denials.keySet()).as("deny reasons seen in seed " + seed)
                .containsExactlyInAnyOrder(DenyReason.values());
        assertThat(denials.values()).as("denials per reason in seed " + seed).allMatch(n -> n >= 20);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3L, 11L, 2027L})
    void aclPlan_listsTheBadgesWhoseStandingIsGranted_andStaysTheSameUntilItsNextChange(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int listed = 0;
        for (int i = 0; i < ACL_CASES_PER_SEED; i++) {
            Case c = generate(random);
            if (c.ctx().badge() == null) {
                continue;
            }
            String where = "seed " + seed + " case " + i + ": " + c;
            AclPlan plan = plan(c, c.now());
            boolean granted = AccessRules.standing(c.ctx(), c.now()) instanceof AccessDecision.Granted;
            assertThat(plan.entries()).as(where).hasSize(granted ? 1 : 0);
            listed += plan.entries().size();
            plan.nextChange().ifPresent(next -> assertThat(next).as(where).isAfter(c.now()));
            Instant horizon = plan.nextChange().orElse(c.now().plus(Duration.ofDays(10)));
            long span = Duration.between(c.now(), horizon).toNanos();
            for (Instant at : List.of(horizon.minusNanos(1), c.now().plusNanos(random.nextLong(span)),
                    c.now().plusNanos(random.nextLong(span)))) {
                assertThat(plan(c, at).entries()).as(where + " at " + at).isEqualTo(plan.entries());
            }
        }
        assertThat(listed).as("badges listed in seed " + seed).isGreaterThan(ACL_CASES_PER_SEED / 4);
    }

    private static AclPlan plan(Case c, Instant at) {
        AccessContext ctx = c.ctx();
        AclCandidate candidate = new AclCandidate("ab".repeat(32), ctx.badge().status(), ctx.badge().member(),
                ctx.certifications(), ctx.lastUse(), ctx.trainerForMachine());
        return AclPlanner.plan(ctx.machine(), ctx.opening(), ctx.zone(), ctx.trainings(), List.of(candidate), at, BalanceCheck.NONE);
    }

    /** Just before {@code validUntil} the standing decision still holds; at it, it no longer does. */
    private static void checkValidUntil(Case c, AccessDecision.Granted grant, String where) {
        if (grant.validUntil() == null) {
            return;
        }
        assertThat(grant.validUntil()).as(where).isAfter(c.now());
        assertThat(AccessRules.standing(c.ctx(), grant.validUntil().minusNanos(1))).as(where)
                .isInstanceOf(AccessDecision.Granted.class);
        assertThat(AccessRules.standing(c.ctx(), grant.validUntil())).as(where)
                .isInstanceOf(AccessDecision.Denied.class);
    }

    private static Stage stageOf(DenyReason reason) {
        switch (reason) {
            case UNKNOWN_BADGE: case BADGE_LOST: case BADGE_REVOKED: return Stage.BADGE;
            case MEMBER_INACTIVE: return Stage.MEMBER;
            case MEMBERSHIP_EXPIRED: return Stage.MEMBERSHIP;
            case MACHINE_BLOCKED: case MACHINE_OUT_OF_SERVICE: case MACHINE_TO_CHECK: return Stage.MACHINE;
            case TRAINING_MISSING: case TRAINING_EXPIRED: return Stage.TRAININGS;
            case OUTSIDE_OPENING_HOURS: return Stage.OPENING;
            case TRAINER_ABSENT: return Stage.TRAINER;
            default: return Stage.BALANCE;
        }
    }

    /** Every reason whose condition fails for {@code ctx} at {@code now}, restated from the rules. */
    private static List<DenyReason> failing(AccessContext ctx, Instant now) {
        List<DenyReason> failing = new ArrayList<>();
        if (ctx.badge() == null) {
            failing.add(DenyReason.UNKNOWN_BADGE);
            return failing;
        }
        ZonedDateTime local = now.atZone(ctx.zone());
        if (ctx.badge().status() == BadgeStatus.LOST) {
            failing.add(DenyReason.BADGE_LOST);
        }
        if (ctx.badge().status() == BadgeStatus.REVOKED) {
            failing.add(DenyReason.BADGE_REVOKED);
        }
        MemberFacts member = ctx.badge().member();
        if (!member.active()) {
            failing.add(DenyReason.MEMBER_INACTIVE);
        }
        if (member.membershipValidUntil() != null && local.toLocalDate().isAfter(member.membershipValidUntil())) {
            failing.add(DenyReason.MEMBERSHIP_EXPIRED);
        }
        switch (ctx.machine().availability()) {
            case BLOCKED: failing.add(DenyReason.MACHINE_BLOCKED); break;
            case OUT_OF_SERVICE: failing.add(DenyReason.MACHINE_OUT_OF_SERVICE); break;
            case TO_CHECK: if (!ctx.trainerForMachine()) { failing.add(DenyReason.MACHINE_TO_CHECK); } break;
            default: break;
        }
        for (Training t : ctx.trainings()) {
            if (t.category() == TrainingCategory.OPTIONAL || !t.machineKinds().contains(ctx.machine().kind())) {
                continue;
            }
            List<Certification> active = ctx.certifications().stream()
                    .filter(c -> c.memberId().equals(member.memberId()) && c.trainingId().equals(t.id())
                            && c.status() == CertificationStatus.ACTIVE)
                    .toList();
            if (active.isEmpty()) {
                failing.add(DenyReason.TRAINING_MISSING);
            } else if (active.stream().noneMatch(c -> holds(c, t, ctx.lastUse().get(t.id()), now, local.toLocalDate()))) {
                failing.add(DenyReason.TRAINING_EXPIRED);
            }
        }
        List<OpeningRules.Window> windows = ctx.opening().windows();
        if (!windows.isEmpty() && windows.stream().noneMatch(w -> w.day() == local.getDayOfWeek()
                && !local.toLocalTime().isBefore(w.from())
                && (w.to().equals(LocalTime.MIDNIGHT) || local.toLocalTime().isBefore(w.to())))) {
            failing.add(DenyReason.OUTSIDE_OPENING_HOURS);
        }
        Duration within = ctx.machine().trainerPresentWithin();
        if (within != null && !ctx.trainerForMachine() && (ctx.lastTrainerBadge() == null
                || Duration.between(ctx.lastTrainerBadge(), now).compareTo(within) > 0)) {
            failing.add(DenyReason.TRAINER_ABSENT);
        }
        if (ctx.balance().shortfall(member.memberId(), ctx.machine().machineId()).isPresent()) {
            failing.add(DenyReason.INSUFFICIENT_BALANCE);
        }
        return failing;
    }

    private static boolean holds(Certification c, Training t, Instant lastUse, Instant now, LocalDate today) {
        if (c.validUntilOverride() != null) {
            return now.isBefore(c.validUntilOverride());
        }
        TrainingValidity v = t.validity();
        if (v instanceof TrainingValidity.Forever) {
            return true;
        }
        if (v instanceof TrainingValidity.UntilDate until) {
            return !today.isAfter(until.lastDay());
        }
        if (v instanceof TrainingValidity.FixedDuration fixed) {
            return now.isBefore(c.grantedAt().plus(fixed.length()));
        }
        Instant since = lastUse != null && lastUse.isAfter(c.grantedAt()) ? lastUse : c.grantedAt();
        return now.isBefore(since.plus(((TrainingValidity.LapsesAfterDisuse) v).unused()));
    }

    private static Case generate(SplittableRandom r) {
        ZoneId zone = ZONES.get(r.nextInt(ZONES.size()));
        Instant now = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(r.nextLong(2L * 365 * 86_400));
        if (chance(r, 0.15)) {
            now = atBoundary(r, now.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant());
        }
        LocalDate today = now.atZone(zone).toLocalDate();

        MachineFacts machine = new MachineFacts("machine-1", pick(r, KINDS),
                chance(r, 0.85) ? MachineAvailability.AVAILABLE
                        : MachineAvailability.values()[1 + r.nextInt(MachineAvailability.values().length - 1)],
                chance(r, 0.8) ? null : Duration.ofSeconds(30 + r.nextInt(300)));
        AccessContext.Badge badge = null;
        if (chance(r, 0.97)) {
            BadgeStatus status = chance(r, 0.94) ? BadgeStatus.ACTIVE : chance(r, 0.5) ? BadgeStatus.LOST : BadgeStatus.REVOKED;
            LocalDate membershipEnd = chance(r, 0.4) ? null : today.plusDays(r.nextInt(-20, 400));
            badge = new AccessContext.Badge(status, new MemberFacts(MEMBER, "Alice", chance(r, 0.96), membershipEnd));
        }

        List<Training> trainings = new ArrayList<>();
        List<Certification> certifications = new ArrayList<>();
        Map<String, Instant> lastUse = new HashMap<>();
        int count = r.nextInt(4);
        for (int i = 0; i < count; i++) {
            Set<String> kinds = new HashSet<>();
            kinds.add(chance(r, 0.7) ? machine.kind() : pick(r, KINDS));
            if (chance(r, 0.3)) {
                kinds.add(pick(r, KINDS));
            }
            Training t = new Training("t-" + i, "Training " + i, TrainingCategory.values()[r.nextInt(3)], kinds,
                    validity(r, today));
            trainings.add(t);
            if (chance(r, 0.6)) {
                lastUse.put(t.id(), now.minusSeconds(r.nextLong(200L * 86_400)));
            }
            if (chance(r, 0.93)) {
                int certs = 1 + r.nextInt(2);
                for (int k = 0; k < certs; k++) {
                    Instant grantedAt = t.validity() instanceof TrainingValidity.FixedDuration fixed && chance(r, 0.1)
                            ? atBoundary(r, now.minus(fixed.length()).plusNanos(1))
                            : now.minusSeconds(1 + r.nextLong(400L * 86_400));
                    Instant override = chance(r, 0.1) ? grantedAt.plusSeconds(1 + r.nextLong(400L * 86_400))
                            : chance(r, 0.03) ? atBoundary(r, now.plusNanos(1)) : null;
                    certifications.add(new Certification("c-" + i + "-" + k, chance(r, 0.03) ? "m-2" : MEMBER, t.id(),
                            "trainer", grantedAt, override,
                            chance(r, 0.95) ? CertificationStatus.ACTIVE : CertificationStatus.REVOKED));
                }
            }
        }

        OpeningRules opening = opening(r, now.atZone(zone));
        Instant lastTrainerBadge = chance(r, 0.4) ? null : now.minusSeconds(r.nextLong(400));
        if (machine.trainerPresentWithin() != null && chance(r, 0.2)) {
            lastTrainerBadge = atBoundary(r, now.minus(machine.trainerPresentWithin()));
        }
        String shortfall = chance(r, 0.05) ? "balance below credit limit" : null;
        BalanceCheck balance = shortfall == null ? BalanceCheck.NONE : (m, k) -> Optional.of(shortfall);
        return new Case(new AccessContext(badge, machine, trainings, certifications, lastUse, opening, zone,
                chance(r, 0.15), lastTrainerBadge, balance), now);
    }

    private static TrainingValidity validity(SplittableRandom r, LocalDate today) {
        switch (r.nextInt(4)) {
            case 0: return new TrainingValidity.Forever();
            case 1: return new TrainingValidity.FixedDuration(Duration.ofDays(30 + r.nextInt(700)));
            case 2: return new TrainingValidity.UntilDate(today.plusDays(r.nextInt(-30, 400)));
            default: return new TrainingValidity.LapsesAfterDisuse(Duration.ofDays(30 + r.nextInt(400)));
        }
    }

    /** No windows a third of the time; otherwise random windows, most often with one around {@code local}. */
    private static OpeningRules opening(SplittableRandom r, ZonedDateTime local) {
        if (chance(r, 0.33)) {
            return OpeningRules.alwaysOpen();
        }
        List<OpeningRules.Window> windows = new ArrayList<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            if (chance(r, 0.5)) {
                int from = r.nextInt(23);
                windows.add(new OpeningRules.Window(day, LocalTime.of(from, 0),
                        chance(r, 0.2) ? LocalTime.MIDNIGHT : LocalTime.of(from + 1 + r.nextInt(23 - from), 0)));
            }
        }
        if (chance(r, 0.7)) {
            int hour = local.getHour();
            windows.add(new OpeningRules.Window(local.getDayOfWeek(), LocalTime.of(Math.max(0, hour - r.nextInt(3)), 0),
                    hour >= 22 ? LocalTime.MIDNIGHT : LocalTime.of(hour + 1 + r.nextInt(23 - hour - 1), 0)));
        }
        return new OpeningRules(windows);
    }

    /** Exactly {@code instant}, or a nanosecond before it: the two sides of a boundary. */
    private static Instant atBoundary(SplittableRandom r, Instant instant) {
        return chance(r, 0.5) ? instant : instant.minusNanos(1);
    }

    private static boolean chance(SplittableRandom r, double p) {
        return r.nextDouble() < p;
    }

    private static <T> T pick(SplittableRandom r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }
}
