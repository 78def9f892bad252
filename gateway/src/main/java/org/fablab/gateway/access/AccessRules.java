package org.fablab.gateway.access;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The authorization rules (docs/authorization.md). Checks run in a fixed order and the first that fails
 * is the reason: badge, member, membership, machine availability, trainings, opening hours, trainer present,
 * balance. Pure functions; thread-safe.
 */
public final class AccessRules {
    private AccessRules() {
    }

    /** The decision for {@code ctx} at {@code now}, every check included. */
    public static AccessDecision decide(AccessContext ctx, Instant now) {
        AccessDecision standing = standing(ctx, now);
        if (standing instanceof AccessDecision.Denied) {
            return standing;
        }
        MemberFacts member = ctx.badge().member();
        MachineFacts machine = ctx.machine();
        if (machine.trainerPresentWithin() != null && !ctx.trainerForMachine()
                && (ctx.lastTrainerBadge() == null
                || ctx.lastTrainerBadge().isBefore(now.minus(machine.trainerPresentWithin())))) {
            return denied(DenyReason.TRAINER_ABSENT, "no trainer badged on " + machine.machineId() + " within the last "
                    + machine.trainerPresentWithin().toSeconds() + " s");
        }
        Optional<String> shortfall = ctx.balance().shortfall(member.memberId(), machine.machineId());
        if (shortfall.isPresent()) {
            return denied(DenyReason.INSUFFICIENT_BALANCE, shortfall.get());
        }
        return standing;
    }

    /**
     * The decision without the two live checks, trainer present and balance: what holds by itself until
     * {@code validUntil}, and what the node's offline ACL is made of ({@link AclPlanner}).
     */
    public static AccessDecision standing(AccessContext ctx, Instant now) {
        ZoneId zone = ctx.zone();
        if (ctx.badge() == null) {
            return denied(DenyReason.UNKNOWN_BADGE, "badge not enrolled");
        }
        if (ctx.badge().status() == BadgeStatus.LOST) {
            return denied(DenyReason.BADGE_LOST, "badge reported lost");
        }
        if (ctx.badge().status() == BadgeStatus.REVOKED) {
            return denied(DenyReason.BADGE_REVOKED, "badge revoked");
        }
        MemberFacts member = ctx.badge().member();
        if (!member.active()) {
            return denied(DenyReason.MEMBER_INACTIVE, "member " + member.memberId() + " is inactive");
        }
        Optional<Instant> membershipEnd = member.membershipEndsAt(zone);
        if (membershipEnd.isPresent() && !now.isBefore(membershipEnd.get())) {
            return denied(DenyReason.MEMBERSHIP_EXPIRED, "membership ran until " + member.membershipValidUntil());
        }
        Optional<AccessDecision> machineDenial = machineDenial(ctx);
        if (machineDenial.isPresent()) {
            return machineDenial.get();
        }
        Instant validUntil = membershipEnd.orElse(null);
        List<Certification> own = ctx.certifications().stream()
                .filter(c -> c.memberId().equals(member.memberId())).toList();
        for (Training training : ctx.requiredTrainings()) {
            Optional<CertificationState> best =
                    CertificationRules.best(own, training, ctx.lastUseOf(training.id()), now, zone);
            if (best.isEmpty()) {
                return denied(DenyReason.TRAINING_MISSING, "training " + training.id() + " missing");
            }
            if (best.get() instanceof CertificationState.Revoked) {
                return denied(DenyReason.TRAINING_MISSING, "training " + training.id() + " revoked");
            }
            if (best.get() instanceof CertificationState.Expired expired) {
                return denied(DenyReason.TRAINING_EXPIRED, "training " + training.id() + " expired "
                        + expired.at().atZone(zone).toLocalDate());
            }
            validUntil = earliest(validUntil, ((CertificationState.Valid) best.get()).expiresAt());
        }
        if (!ctx.opening().isOpen(now, zone)) {
            return denied(DenyReason.OUTSIDE_OPENING_HOURS, ctx.opening().nextBoundary(now, zone)
                    .map(opens -> "outside opening hours, opens " + local(opens, zone))
                    .orElse("outside opening hours"));
        }
        validUntil = earliest(validUntil, ctx.opening().nextBoundary(now, zone).orElse(null));
        return new AccessDecision.Granted(member.memberId(), member.displayName(), validUntil);
    }

    private static Optional<AccessDecision> machineDenial(AccessContext ctx) {
        String machineId = ctx.machine().machineId();
        switch (ctx.machine().availability()) {
            case BLOCKED:
                return Optional.of(denied(DenyReason.MACHINE_BLOCKED, "machine " + machineId + " is blocked"));
            case OUT_OF_SERVICE:
                return Optional.of(denied(DenyReason.MACHINE_OUT_OF_SERVICE, "machine " + machineId + " is out of service"));
            case TO_CHECK:
                return ctx.trainerForMachine() ? Optional.empty() : Optional.of(denied(DenyReason.MACHINE_TO_CHECK,
                        "machine " + machineId + " must be checked by a trainer"));
            default:
                return Optional.empty();
        }
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }

    private static LocalDateTime local(Instant at, ZoneId zone) {
        return LocalDateTime.ofInstant(at, zone).truncatedTo(ChronoUnit.MINUTES);
    }

    private static AccessDecision denied(DenyReason reason, String detail) {
        return new AccessDecision.Denied(reason, detail);
    }
}
