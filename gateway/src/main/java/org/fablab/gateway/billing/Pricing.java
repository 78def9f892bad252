package org.fablab.gateway.billing;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns sessions, consumable records and plan months into charges. Pure and stateless: everything it depends on,
 * the lab zone included, is an argument, and the same arguments always give the same charge. The rules, in the
 * order they apply, are in docs/billing.md; times are counted in whole milliseconds. Amounts are multiplied and added
 * with exact arithmetic: a charge beyond a {@code long} throws {@link ArithmeticException} instead of wrapping.
 */
public final class Pricing {
    private Pricing() {
    }

    /**
     * The charge for a session's machine time.
     *
     * @throws IllegalArgumentException when the price list is for another machine kind
     */
    public static Charge session(BilledSession session, PriceList prices, FreeWindows free, MemberTerms terms,
                                 ZoneId zone) {
        if (!prices.machineKind().equals(session.machineKind())) {
            throw new IllegalArgumentException("price list for " + prices.machineKind() + " given for a "
                    + session.machineKind() + " session");
        }
        String key = ChargeKey.session(session.sessionId());
        if (session.wall().compareTo(prices.minimumBillable()) < 0) {
            return new Charge(key, session.memberId(), List.of(), List.of());
        }
        List<DayPart> parts = dayParts(session, free, zone);
        boolean fee = prices.sessionFeeCents() > 0 && parts.stream().anyMatch(p -> p.paidWall() > 0);
        boolean planApplies = terms.plan() != null && terms.plan().covers(session.machineKind());
        Map<YearMonth, Long> planTaken = new HashMap<>();
        List<ChargeLine> lines = new ArrayList<>();
        List<Charge.DayUsage> usage = new ArrayList<>();
        for (DayPart part : parts) {
            long wall = part.paidWall();
            long busy = part.paidBusy();
            long covered = 0;
            if (planApplies && wall > 0) {
                YearMonth month = YearMonth.from(part.day());
                long left = Math.multiplyExact(terms.plan().includedMinutes(), 60_000L)
                        - terms.planUsed().getOrDefault(month, Duration.ZERO).toMillis()
                        - planTaken.getOrDefault(month, 0L);
                covered = Math.max(0, Math.min(left, wall));
                planTaken.merge(month, covered, Long::sum);
                busy = Money.floorScale(busy, wall - covered, wall);
                wall -= covered;
            }
            long room = prices.dailyCapCents() == 0 ? Long.MAX_VALUE
                    : Math.max(0, prices.dailyCapCents() - terms.cappedCharged().getOrDefault(part.day(), 0L));
            long capped = 0;
            List<ChargeLine> day = new ArrayList<>();
            if (fee && part.paidWall() > 0) {
                fee = false;
                capped = Math.addExact(capped, line(day, session.machineKind() + " session fee", 1, "session",
                        prices.sessionFeeCents(), prices.vatBasisPoints(), terms.discountBasisPoints(), room - capped));
            }
            if (prices.wall() != null) {
                capped = Math.addExact(capped, line(day, session.machineKind() + " wall time " + part.day(),
                        Money.startedBlocks(wall, prices.wall().blockMillis()), prices.wall().unit(),
                        prices.wall().centsPerBlock(), prices.vatBasisPoints(), terms.discountBasisPoints(),
                        room - capped));
            }
            if (prices.busy() != null) {
                capped = Math.addExact(capped, line(day, session.machineKind() + " busy time " + part.day(),
                        Money.startedBlocks(busy, prices.busy().blockMillis()), prices.busy().unit(),
                        prices.busy().centsPerBlock(), prices.vatBasisPoints(), terms.discountBasisPoints(),
                        room - capped));
            }
            lines.addAll(day);
            usage.add(new Charge.DayUsage(part.day(), Duration.ofMillis(covered), capped));
        }
        return new Charge(key, session.memberId(), lines, usage);
    }

    /**
     * The charge for a consumable record: quantity × unit price less the group discount. Free windows, plans and
     * caps do not apply.
     *
     * @param group {@code null} for no discount
     * @throws IllegalArgumentException when the item is not the one the record names
     */
    public static Charge consumable(ConsumableUse use, CatalogueItem item, MemberGroup group) {
        if (!item.itemId().equals(use.itemId())) {
            throw new IllegalArgumentException("item " + item.itemId() + " given for a record of " + use.itemId());
        }
        List<ChargeLine> lines = new ArrayList<>();
        line(lines, item.label(), use.quantity(), item.unit().symbol(), item.unitPriceCents(), item.vatBasisPoints(),
                group == null ? 0 : group.discountBasisPoints(), Long.MAX_VALUE);
        return new Charge(ChargeKey.consumable(use.recordId()), use.memberId(), lines, List.of());
    }

    /**
     * The charge to our member for a visit at a partner lab: the partner's receipt amount, passed on as it is (no
     * discount, no VAT of ours: the host invoiced the visit); nothing for a free visit.
     *
     * @param what the line's text, e.g. {@code visit at Fablab B: laser-cutter 2026-12-04}
     */
    public static Charge visit(String partnerId, String receiptId, String memberId, String what, long amountCents) {
        List<ChargeLine> lines = new ArrayList<>();
        line(lines, what, 1, "visit", amountCents, 0, 0, Long.MAX_VALUE);
        return new Charge(ChargeKey.visit(partnerId, receiptId), memberId, lines, List.of());
    }

    /** The charge for a plan's monthly fee; no discount applies. */
    public static Charge planFee(String memberId, Plan plan, YearMonth month) {
        List<ChargeLine> lines = new ArrayList<>();
        line(lines, "plan " + plan.name() + " " + month, 1, "month", plan.monthlyFeeCents(), plan.vatBasisPoints(),
                0, Long.MAX_VALUE);
        return new Charge(ChargeKey.planFee(memberId, month), memberId, lines, List.of());
    }

    /** Adds the line if its amount after discount and cap room is positive; returns that amount. */
    private static long line(List<ChargeLine> lines, String what, long quantity, String unit, long unitPrice,
                             int vat, int discount, long room) {
        if (quantity == 0) {
            return 0;
        }
        long gross = Math.multiplyExact(quantity, unitPrice);
        long discountCents = Money.shareHalfUp(gross, discount);
        long amount = Math.min(gross - discountCents, room);
        if (amount > 0) {
            lines.add(new ChargeLine(what, quantity, unit, unitPrice, vat, discountCents, amount));
            return amount;
        }
        return 0;
    }

    /** The session cut at local midnights, each part with its wall and busy time outside free windows. */
    private static List<DayPart> dayParts(BilledSession s, FreeWindows free, ZoneId zone) {
        long wall = s.wall().toMillis();
        long busy = s.busy().toMillis();
        LocalDate first = s.start().atZone(zone).toLocalDate();
        LocalDate last = s.end().minusNanos(1).atZone(zone).toLocalDate();
        List<DayPart> parts = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            Instant from = latest(s.start(), day.atStartOfDay(zone).toInstant());
            Instant to = earliest(s.end(), day.plusDays(1).atStartOfDay(zone).toInstant());
            if (!to.isAfter(from)) {
                continue;
            }
            long paidWall = millis(from, to);
            long paidBusy = busyBetween(s, busy, wall, from, to);
            for (FreeWindows.Span window : free.on(day, zone)) {
                Instant a = latest(from, window.from());
                Instant b = earliest(to, window.to());
                if (b.isAfter(a)) {
                    paidWall -= millis(a, b);
                    paidBusy -= busyBetween(s, busy, wall, a, b);
                }
            }
            parts.add(new DayPart(day, paidWall, paidBusy));
        }
        return parts;
    }

    /** Busy time in {@code [a, b)}, spreading the session's busy time evenly: cumulative floors, so parts add up. */
    private static long busyBetween(BilledSession s, long busy, long wall, Instant a, Instant b) {
        return Money.floorScale(busy, millis(s.start(), b), wall) - Money.floorScale(busy, millis(s.start(), a), wall);
    }

    private static long millis(Instant from, Instant to) {
        return Duration.between(from, to).toMillis();
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private record DayPart(LocalDate day, long paidWall, long paidBusy) {
    }
}
