package org.fablab.gateway.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Properties of pricing, the ledger and statements over generated inputs, checked against conditions restated from
 * docs/billing.md. Each seed gives a reproducible run; the generator favours boundaries (block edges, local midnight,
 * free-window edges, month ends, DST days, 50 % discounts) and the test asserts that those cases occur.
 */
class BillingPropertiesTest {
    private static final int SESSIONS_PER_SEED = 3_000;
    private static final int LEDGERS_PER_SEED = 60;
    private static final List<ZoneId> ZONES = List.of(ZoneId.of("Europe/Paris"), ZoneId.of("UTC"),
            ZoneId.of("America/New_York"), ZoneId.of("Australia/Lord_Howe"));
    private static final String KIND = "laser-cutter";
    private static final List<LocalDate> DAYS = List.of(LocalDate.of(2026, 11, 23), LocalDate.of(2026, 11, 30),
            LocalDate.of(2026, 10, 25), LocalDate.of(2026, 3, 29), LocalDate.of(2026, 12, 31),
            LocalDate.of(2026, 11, 25));
    private static final int[] VAT = {0, 550, 1000, 2000};

    private record Case(BilledSession session, PriceList prices, FreeWindows free, MemberTerms terms, ZoneId zone) {
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 7L, 42L, 2026L, 9_001L})
    void sessionCharges_areNeverNegative_repeatable_keyedBySession_andWithinCapsAndPlans(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int crossingMidnight = 0;
        int charged = 0;
        int capped = 0;
        for (int i = 0; i < SESSIONS_PER_SEED; i++) {
            Case c = generate(random, i);
            String where = "seed " + seed + " case " + i + ": " + c;
            Charge charge = price(c);

            assertThat(charge.key()).as(where).isEqualTo(ChargeKey.session(c.session().sessionId()));
            assertThat(price(c)).as(where).isEqualTo(charge);
            assertThat(price(new Case(c.session(), c.prices(), c.free(), MemberTerms.NONE, c.zone())).key())
                    .as(where).isEqualTo(charge.key());
            assertThat(charge.totalCents()).as(where).isNotNegative();
            assertThat(charge.lines()).as(where).allMatch(l -> l.amountCents() > 0
                    && l.amountCents() <= l.quantity() * l.unitPriceCents());
            assertThat(charge.usage().stream().mapToLong(Charge.DayUsage::cappedCents).sum()).as(where)
                    .isEqualTo(charge.totalCents());

            MemberTerms undiscounted = new MemberTerms(null, c.terms().plan(), c.terms().planUsed(),
                    c.terms().cappedCharged());
            assertThat(charge.totalCents()).as(where + ": a discount never raises the charge")
                    .isLessThanOrEqualTo(price(new Case(c.session(), c.prices(), c.free(), undiscounted, c.zone()))
                            .totalCents());
            assertThat(charge.totalCents()).as(where + ": free windows never raise the charge")
                    .isLessThanOrEqualTo(price(new Case(c.session(), c.prices(), FreeWindows.NONE, c.terms(),
                            c.zone())).totalCents());
            checkCapAndPlan(c, charge, where);
            checkAgainstTheDirectFormula(c, charge, where);

            if (!c.session().start().atZone(c.zone()).toLocalDate()
                    .equals(c.session().end().minusNanos(1).atZone(c.zone()).toLocalDate())) {
                crossingMidnight++;
            }
            charged += charge.lines().isEmpty() ? 0 : 1;
            capped += c.prices().dailyCapCents() > 0 && charge.lines().stream()
                    .anyMatch(l -> l.amountCents() < l.quantity() * l.unitPriceCents()
                            && c.terms().group() == null) ? 1 : 0;
        }
        assertThat(crossingMidnight).as("sessions crossing midnight").isGreaterThan(SESSIONS_PER_SEED / 10);
        assertThat(charged).as("sessions with a charge").isGreaterThan(SESSIONS_PER_SEED / 2);
        assertThat(capped).as("sessions reduced by a cap").isGreaterThan(SESSIONS_PER_SEED / 50);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3L, 11L, 2027L})
    void ledgers_haveNoNegativeChargeButReversals_verify_andEachStatementSumsTheMembersMonth(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int reversals = 0;
        for (int n = 0; n < LEDGERS_PER_SEED; n++) {
            List<LedgerEntry> ledger = randomLedger(random, 20 + random.nextInt(120));
            String where = "seed " + seed + " ledger " + n;
            Map<Long, LedgerEntry> bySequence = new HashMap<>();
            for (LedgerEntry e : ledger) {
                bySequence.put(e.sequence(), e);
                if (e.amountCents() < 0) {
                    assertThat(e.kind()).as(where + " #" + e.sequence()).isNotEqualTo(LedgerKind.CHARGE);
                }
                if (e.kind() == LedgerKind.CORRECTION) {
                    reversals++;
                    LedgerEntry reversed = bySequence.get(Long.parseLong(e.cause().substring("reversal:".length())));
                    assertThat(e.amountCents()).as(where + " #" + e.sequence()).isEqualTo(-reversed.amountCents());
                }
            }
            assertThat(LedgerChain.verify(ledger)).as(where).isInstanceOf(ChainCheck.Verified.class);
            for (String member : List.of("m-1", "m-2", "m-3")) {
                for (int month = 10; month <= 12; month++) {
                    YearMonth ym = YearMonth.of(2026, month);
                    long expected = ledger.stream().filter(e -> e.memberId().equals(member)
                            && YearMonth.from(e.date()).equals(ym)).mapToLong(LedgerEntry::amountCents).sum();
                    Statement s = Statements.build("2026-000001", member, ym, ledger.iterator());
                    assertThat(s.totalCents()).as(where + " " + member + " " + ym).isEqualTo(expected);
                    assertThat(s.entries().stream().mapToLong(LedgerEntry::amountCents).sum()).isEqualTo(expected);
                    assertThat(s.vatTotals().stream().mapToLong(Statement.VatTotal::grossCents).sum()
                            + s.paymentsCents()).as(where).isEqualTo(expected);
                }
            }
        }
        assertThat(reversals).as("reversals in seed " + seed).isGreaterThan(LEDGERS_PER_SEED);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {5L, 13L, 2028L})
    void tamperingWithAnyStoredEntry_isDetectedAtTheFirstEntryItBreaks(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int n = 0; n < 300; n++) {
            List<LedgerEntry> ledger = randomLedger(random, 3 + random.nextInt(40));
            List<LedgerEntry> tampered = new ArrayList<>(ledger);
            int i = random.nextInt(ledger.size() - 1);
            LedgerEntry e = ledger.get(i);
            long expected;
            int how = random.nextInt(5);
            switch (how) {
                case 0 -> {
                    tampered.set(i, LedgerChainTest.with(e, e.amountCents() * 2, e.date()));
                    expected = e.sequence();
                }
                case 1 -> {
                    tampered.set(i, LedgerChainTest.with(e, e.amountCents(), e.date().plusDays(1)));
                    expected = e.sequence();
                }
                case 2 -> {
                    tampered.set(i, ledger.get(i + 1));
                    tampered.set(i + 1, e);
                    expected = e.sequence() + 1;
                }
                case 3 -> {
                    tampered.remove(i);
                    expected = e.sequence() + 1;
                }
                default -> {
                    tampered.set(i, new LedgerEntry(e.sequence(), e.date(), e.memberId(), e.kind(), e.amountCents(),
                            e.currency(), e.cause(), e.label() + " ", e.vatBasisPoints(), e.previousHash(), e.hash()));
                    expected = e.sequence();
                }
            }
            String where = "seed " + seed + " ledger " + n + " tamper " + how + " at " + i;
            assertThat(LedgerChain.verify(tampered)).as(where).isInstanceOfSatisfying(ChainCheck.Broken.class,
                    broken -> assertThat(broken.sequence()).as(where).isEqualTo(expected));
        }
    }

    private static Charge price(Case c) {
        return Pricing.session(c.session(), c.prices(), c.free(), c.terms(), c.zone());
    }

    /** Each day stays within its cap; each month's plan time within its allowance. */
    private static void checkCapAndPlan(Case c, Charge charge, String where) {
        Map<YearMonth, Duration> plan = new HashMap<>(c.terms().planUsed());
        for (Charge.DayUsage day : charge.usage()) {
            if (c.prices().dailyCapCents() > 0) {
                assertThat(c.terms().cappedCharged().getOrDefault(day.day(), 0L) + day.cappedCents()).as(where)
                        .isLessThanOrEqualTo(Math.max(c.prices().dailyCapCents(),
                                c.terms().cappedCharged().getOrDefault(day.day(), 0L)));
            }
            plan.merge(YearMonth.from(day.day()), day.planTime(), Duration::plus);
        }
        if (c.terms().plan() != null) {
            Duration included = Duration.ofMinutes(c.terms().plan().includedMinutes());
            plan.forEach((month, used) -> {
                Duration before = c.terms().planUsed().getOrDefault(month, Duration.ZERO);
                assertThat(used).as(where + " " + month).isLessThanOrEqualTo(before.compareTo(included) > 0
                        ? before : included);
            });
        } else {
            assertThat(charge.usage()).as(where).allMatch(d -> d.planTime().isZero());
        }
    }

    /** With nothing but a price list and a session within one local day, the charge is the plain formula. */
    private static void checkAgainstTheDirectFormula(Case c, Charge charge, String where) {
        BilledSession s = c.session();
        PriceList p = c.prices();
        boolean oneDay = s.start().atZone(c.zone()).toLocalDate()
                .equals(s.end().minusNanos(1).atZone(c.zone()).toLocalDate());
        if (!oneDay || c.free() != FreeWindows.NONE || c.terms() != MemberTerms.NONE || p.dailyCapCents() > 0) {
            return;
        }
        long expected = 0;
        if (s.wall().compareTo(p.minimumBillable()) >= 0) {
            expected = p.sessionFeeCents() + blocks(s.wall(), p.wall()) + blocks(s.busy(), p.busy());
        }
        assertThat(charge.totalCents()).as(where).isEqualTo(expected);
    }

    private static long blocks(Duration time, BlockRate rate) {
        if (rate == null) {
            return 0;
        }
        long block = Duration.ofMinutes(rate.blockMinutes()).toMillis();
        long n = time.toMillis() / block + (time.toMillis() % block == 0 ? 0 : 1);
        return n * rate.centsPerBlock();
    }

    private static Case generate(SplittableRandom r, int i) {
        ZoneId zone = ZONES.get(r.nextInt(ZONES.size()));
        LocalDate day = DAYS.get(r.nextInt(DAYS.size()));
        LocalTime time = switch (r.nextInt(4)) {
            case 0 -> LocalTime.of(23, r.nextInt(60));
            case 1 -> LocalTime.of(13 + r.nextInt(2), 45 + r.nextInt(15), r.nextInt(60));
            case 2 -> LocalTime.of(17, 45 + r.nextInt(15));
            default -> LocalTime.ofSecondOfDay(r.nextInt(86_400));
        };
        Instant start = LocalDateTime.of(day, time).atZone(zone).toInstant();
        int block = new int[] {1, 5, 15, 60}[r.nextInt(4)];
        Duration wall = switch (r.nextInt(4)) {
            case 0 -> Duration.ofMinutes(block * (1L + r.nextInt(8)));
            case 1 -> Duration.ofMinutes(block * (1L + r.nextInt(8))).plusSeconds(1);
            case 2 -> Duration.ofMinutes(1 + r.nextInt(4));
            default -> Duration.ofSeconds(1 + r.nextInt(30 * 3600));
        };
        Duration busy = Duration.ofMillis(r.nextLong(wall.toMillis() + 1));
        BilledSession session = new BilledSession("s-" + i, "m-1", KIND, start, start.plus(wall), busy);
        BlockRate wallRate = r.nextInt(4) == 0 ? null : new BlockRate(block, r.nextInt(500));
        BlockRate busyRate = r.nextInt(3) == 0 ? null : new BlockRate(1 + r.nextInt(15), r.nextInt(300));
        PriceList prices = PriceList.forKind(KIND).wall(wallRate).busy(busyRate)
                .sessionFeeCents(r.nextBoolean() ? 0 : r.nextInt(300)).minimumBillable(Duration.ofMinutes(r.nextInt(4)))
                .dailyCapCents(r.nextInt(3) == 0 ? 300 + r.nextInt(3000) : 0).vatBasisPoints(VAT[r.nextInt(VAT.length)])
                .build();
        FreeWindows free = FreeWindows.NONE;
        if (r.nextInt(3) == 0) {
            free = new FreeWindows(List.of(
                    new FreeWindows.Window(DayOfWeek.of(1 + r.nextInt(7)), LocalTime.of(14, 0), LocalTime.of(18, 0)),
                    new FreeWindows.Window(DayOfWeek.of(1 + r.nextInt(7)), LocalTime.of(r.nextInt(23), 0),
                            LocalTime.MIDNIGHT)));
        }
        MemberTerms terms = MemberTerms.NONE;
        if (r.nextBoolean()) {
            MemberGroup group = r.nextBoolean() ? null
                    : new MemberGroup("g", r.nextBoolean() ? 5000 : r.nextInt(10_001));
            Plan plan = r.nextBoolean() ? null : new Plan("p", 1000, r.nextInt(300), Set.of(KIND), 2000);
            Map<YearMonth, Duration> used = new HashMap<>();
            Map<LocalDate, Long> charged = new HashMap<>();
            if (r.nextBoolean()) {
                used.put(YearMonth.from(day), Duration.ofMinutes(r.nextInt(300)));
                charged.put(day, (long) r.nextInt(2000));
            }
            terms = new MemberTerms(group, plan, used, charged);
        }
        return new Case(session, prices, free, terms, zone);
    }

    /** Charges priced from sessions, consumables, payments, credits and reversals over three months and members. */
    private static List<LedgerEntry> randomLedger(SplittableRandom r, int size) {
        List<LedgerEntry> ledger = new ArrayList<>();
        Set<Long> reversed = new HashSet<>();
        CatalogueItem pla = new CatalogueItem("pla", "PLA", CatalogueItem.Unit.GRAM, 5, 2000);
        while (ledger.size() < size) {
            String member = "m-" + (1 + r.nextInt(3));
            LocalDate date = LocalDate.of(2026, 10 + r.nextInt(3), 1 + r.nextInt(28));
            List<LedgerDraft> drafts = new ArrayList<>();
            int what = r.nextInt(6);
            if (what <= 1) {
                Case c = generate(r, ledger.size());
                BilledSession s = c.session();
                BilledSession mine = new BilledSession("s-" + ledger.size(), member, KIND, s.start(), s.end(),
                        s.busy());
                drafts.addAll(price(new Case(mine, c.prices(), c.free(), c.terms(), c.zone())).toLedger(date, "EUR"));
            } else if (what == 2) {
                ConsumableUse use = new ConsumableUse("c-" + ledger.size(), member, null, "pla", 1 + r.nextInt(500));
                drafts.addAll(Pricing.consumable(use, pla, null).toLedger(date, "EUR"));
            } else if (what == 3) {
                drafts.add(new LedgerDraft(date, member, LedgerKind.PAYMENT, -1 - r.nextInt(5000), "EUR",
                        "pay-" + ledger.size(), "payment", 0));
            } else if (what == 4) {
                drafts.add(new LedgerDraft(date, member, LedgerKind.CREDIT, -1 - r.nextInt(500), "EUR",
                        "coupon-" + ledger.size(), "coupon", 2000));
            } else if (!ledger.isEmpty()) {
                LedgerEntry target = ledger.get(r.nextInt(ledger.size()));
                if (target.kind() != LedgerKind.CORRECTION && reversed.add(target.sequence())) {
                    drafts.add(LedgerChain.reverse(target, "refund", date));
                }
            }
            for (LedgerDraft d : drafts) {
                ledger.add(LedgerChain.append(ledger.isEmpty() ? null : ledger.get(ledger.size() - 1), d));
            }
        }
        return ledger;
    }
}
