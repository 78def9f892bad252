package org.fablab.gateway.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A table of sessions and the exact charge lines they give, worked out by hand from docs/billing.md. Lab zone
 * Europe/Paris; 2026-11-23 is a Monday, 2026-11-25 a Wednesday with a free window 14:00-18:00. Each expected line
 * reads {@code what | quantity | unit | unit price | amount}.
 */
class PricingGoldenTest {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final String LASER = "laser-cutter";
    /** 2.00 per started 15 min of wall time, nothing else. */
    static final PriceList WALL = PriceList.forKind(LASER).wall(new BlockRate(15, 200)).vatBasisPoints(2000).build();
    /** 1.99 per started 15 min: discounts that end in half a cent. */
    static final PriceList ODD = PriceList.forKind(LASER).wall(new BlockRate(15, 199)).vatBasisPoints(2000).build();
    /** Setup and cutting priced apart: 2.00 per 15 min of wall time, 1.50 per 5 min busy, 1.00 per session. */
    static final PriceList SPLIT = PriceList.forKind(LASER).wall(new BlockRate(15, 200)).busy(new BlockRate(5, 150))
            .sessionFeeCents(100).vatBasisPoints(2000).build();
    /** A 1.00 fee and a 3 minute minimum. */
    static final PriceList MINIMUM = PriceList.forKind(LASER).wall(new BlockRate(15, 200)).sessionFeeCents(100)
            .minimumBillable(Duration.ofMinutes(3)).vatBasisPoints(2000).build();
    /** At most 10.00 of machine time per local day. */
    static final PriceList CAPPED = PriceList.forKind(LASER).wall(new BlockRate(15, 200)).dailyCapCents(1000)
            .vatBasisPoints(2000).build();
    static final FreeWindows WEDNESDAY_AFTERNOON = new FreeWindows(List.of(
            new FreeWindows.Window(DayOfWeek.WEDNESDAY, LocalTime.of(14, 0), LocalTime.of(18, 0))));
    static final Plan HOUR_PLAN = new Plan("maker", 1500, 60, Set.of(LASER), 2000);
    static final MemberGroup QUARTER_OFF = new MemberGroup("students", 2500);
    static final MemberGroup HALF_OFF = new MemberGroup("partners", 5000);
    static final YearMonth NOV = YearMonth.of(2026, 11);

    record Row(PriceList prices, String start, Duration wall, Duration busy, FreeWindows free, MemberTerms terms,
               List<String> lines) {
    }

    static Stream<Arguments> table() {
        return Stream.of(
                row("exactly one block of wall time is one block",
                        new Row(WALL, "2026-11-23T10:00", min(15), min(0), FreeWindows.NONE, MemberTerms.NONE,
                                List.of("laser-cutter wall time 2026-11-23|1|15 min|200|200"))),
                row("one second over a block starts a second block",
                        new Row(WALL, "2026-11-23T10:00", min(15).plusSeconds(1), min(0), FreeWindows.NONE,
                                MemberTerms.NONE, List.of("laser-cutter wall time 2026-11-23|2|15 min|200|400"))),
                row("one millisecond under a block is one block",
                        new Row(WALL, "2026-11-23T10:00", min(15).minusMillis(1), min(0), FreeWindows.NONE,
                                MemberTerms.NONE, List.of("laser-cutter wall time 2026-11-23|1|15 min|200|200"))),
                row("a session shorter than the minimum is free, fee included",
                        new Row(MINIMUM, "2026-11-23T10:00", min(3).minusSeconds(1), min(0), FreeWindows.NONE,
                                MemberTerms.NONE, List.of())),
                row("a session of exactly the minimum pays the fee and its block",
                        new Row(MINIMUM, "2026-11-23T10:00", min(3), min(0), FreeWindows.NONE, MemberTerms.NONE,
                                List.of("laser-cutter session fee|1|session|100|100",
                                        "laser-cutter wall time 2026-11-23|1|15 min|200|200"))),
                row("wall and busy time are priced apart with a session fee",
                        new Row(SPLIT, "2026-11-23T10:00", min(40), min(11), FreeWindows.NONE, MemberTerms.NONE,
                                List.of("laser-cutter session fee|1|session|100|100",
                                        "laser-cutter wall time 2026-11-23|3|15 min|200|600",
                                        "laser-cutter busy time 2026-11-23|3|5 min|150|450"))),
                row("a session crossing midnight is cut there and each day rounds its own blocks",
                        new Row(WALL, "2026-11-23T23:50", min(20), min(0), FreeWindows.NONE, MemberTerms.NONE,
                                List.of("laser-cutter wall time 2026-11-23|1|15 min|200|200",
                                        "laser-cutter wall time 2026-11-24|1|15 min|200|200"))),
                row("busy time across midnight is shared in proportion to wall time and the fee goes to the first day",
                        new Row(SPLIT, "2026-11-23T23:30", min(60), min(30), FreeWindows.NONE, MemberTerms.NONE,
                                List.of("laser-cutter session fee|1|session|100|100",
                                        "laser-cutter wall time 2026-11-23|2|15 min|200|400",
                                        "laser-cutter busy time 2026-11-23|3|5 min|150|450",
                                        "laser-cutter wall time 2026-11-24|2|15 min|200|400",
                                        "laser-cutter busy time 2026-11-24|3|5 min|150|450"))),
                row("a session entering a free window pays only the minutes before it",
                        new Row(WALL, "2026-11-25T13:50", min(20), min(0), WEDNESDAY_AFTERNOON, MemberTerms.NONE,
                                List.of("laser-cutter wall time 2026-11-25|1|15 min|200|200"))),
                row("a session ending exactly when the free window opens pays all of it",
                        new Row(WALL, "2026-11-25T13:45", min(15), min(0), WEDNESDAY_AFTERNOON, MemberTerms.NONE,
                                List.of("laser-cutter wall time 2026-11-25|1|15 min|200|200"))),
                row("a session leaving a free window pays the minutes after it",
                        new Row(WALL, "2026-11-25T17:50", min(30), min(0), WEDNESDAY_AFTERNOON, MemberTerms.NONE,
                                List.of("laser-cutter wall time 2026-11-25|2|15 min|200|400"))),
                row("a session inside a free window is free and pays no fee",
                        new Row(MINIMUM, "2026-11-25T14:00", min(240), min(0), WEDNESDAY_AFTERNOON,
                                MemberTerms.NONE, List.of())),
                row("overlapping free windows count once and one ending at midnight frees the rest of the day",
                        new Row(WALL, "2026-11-25T13:00", min(720), min(0), new FreeWindows(List.of(
                                new FreeWindows.Window(DayOfWeek.WEDNESDAY, LocalTime.of(14, 0), LocalTime.of(18, 0)),
                                new FreeWindows.Window(DayOfWeek.WEDNESDAY, LocalTime.of(16, 0), LocalTime.MIDNIGHT))),
                                MemberTerms.NONE, List.of("laser-cutter wall time 2026-11-25|4|15 min|200|800",
                                        "laser-cutter wall time 2026-11-26|4|15 min|200|800"))),
                row("plan minutes are consumed first and the rest is paid",
                        new Row(WALL, "2026-11-23T10:00", min(30), min(0), FreeWindows.NONE,
                                planUsed(Map.of(NOV, min(50))),
                                List.of("laser-cutter wall time 2026-11-23|2|15 min|200|400"))),
                row("plan minutes do not outlive their month but the new month brings fresh ones",
                        new Row(WALL, "2026-11-30T23:40", min(40), min(0), FreeWindows.NONE,
                                planUsed(Map.of(NOV, min(60))),
                                List.of("laser-cutter wall time 2026-11-30|2|15 min|200|400"))),
                row("plan minutes cover busy time in proportion to the wall time they cover",
                        new Row(SPLIT, "2026-11-23T10:00", min(40), min(20), FreeWindows.NONE,
                                planUsed(Map.of(NOV, min(40))),
                                List.of("laser-cutter session fee|1|session|100|100",
                                        "laser-cutter wall time 2026-11-23|2|15 min|200|400",
                                        "laser-cutter busy time 2026-11-23|2|5 min|150|300"))),
                row("the daily cap limits a long session",
                        new Row(CAPPED, "2026-11-23T10:00", min(120), min(0), FreeWindows.NONE, MemberTerms.NONE,
                                List.of("laser-cutter wall time 2026-11-23|8|15 min|200|1000"))),
                row("the daily cap counts what the member already paid that day",
                        new Row(CAPPED, "2026-11-23T10:00", min(120), min(0), FreeWindows.NONE,
                                capped(Map.of(LocalDate.of(2026, 11, 23), 700L)),
                                List.of("laser-cutter wall time 2026-11-23|8|15 min|200|300"))),
                row("a day already at its cap adds no line",
                        new Row(CAPPED, "2026-11-23T10:00", min(120), min(0), FreeWindows.NONE,
                                capped(Map.of(LocalDate.of(2026, 11, 23), 1000L)), List.of())),
                row("each local day of a session crossing midnight has its own cap",
                        new Row(CAPPED, "2026-11-23T22:00", min(240), min(0), FreeWindows.NONE, MemberTerms.NONE,
                                List.of("laser-cutter wall time 2026-11-23|8|15 min|200|1000",
                                        "laser-cutter wall time 2026-11-24|8|15 min|200|1000"))),
                row("a group discount is rounded half-up on each line",
                        new Row(ODD, "2026-11-23T10:00", min(40), min(0), FreeWindows.NONE, group(QUARTER_OFF),
                                List.of("laser-cutter wall time 2026-11-23|3|15 min|199|448"))),
                row("half a cent of discount rounds up in the member's favour",
                        new Row(ODD, "2026-11-23T10:00", min(10), min(0), FreeWindows.NONE, group(HALF_OFF),
                                List.of("laser-cutter wall time 2026-11-23|1|15 min|199|99"))),
                row("the group discount applies to the fee too",
                        new Row(SPLIT, "2026-11-23T10:00", min(5), min(5), FreeWindows.NONE, group(QUARTER_OFF),
                                List.of("laser-cutter session fee|1|session|100|75",
                                        "laser-cutter wall time 2026-11-23|1|15 min|200|150",
                                        "laser-cutter busy time 2026-11-23|1|5 min|150|112"))),
                row("the cap applies after the discount",
                        new Row(CAPPED, "2026-11-23T10:00", min(120), min(0), FreeWindows.NONE, group(QUARTER_OFF),
                                List.of("laser-cutter wall time 2026-11-23|8|15 min|200|1000"))),
                row("a session crossing the autumn DST change counts real elapsed time",
                        new Row(WALL, "2026-10-25T01:50", min(80), min(0), FreeWindows.NONE, MemberTerms.NONE,
                                List.of("laser-cutter wall time 2026-10-25|6|15 min|200|1200"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void session_isPricedAsTheTableSays(String name, Row row) {
        BilledSession session = session("s-1", row.start(), row.wall(), row.busy());

        Charge charge = Pricing.session(session, row.prices(), row.free(), row.terms(), PARIS);

        assertThat(charge.key()).isEqualTo("session:s-1");
        assertThat(charge.lines()).extracting(PricingGoldenTest::render).containsExactlyElementsOf(row.lines());
    }

    @Test
    void sessionUsage_reportsPlanTimePerDayAcrossAMonthBoundary() {
        Charge charge = Pricing.session(session("s-2", "2026-11-30T23:40", min(40), min(0)), WALL,
                FreeWindows.NONE, planUsed(Map.of(NOV, min(50))), PARIS);

        assertThat(charge.usage()).containsExactly(
                new Charge.DayUsage(LocalDate.of(2026, 11, 30), min(10), 200),
                new Charge.DayUsage(LocalDate.of(2026, 12, 1), min(20), 0));
        assertThat(charge.totalCents()).isEqualTo(200);
    }

    @Test
    void sessionUsage_reportsTheCappedCentsOfEachDay() {
        Charge charge = Pricing.session(session("s-3", "2026-11-23T22:00", min(150), min(0)), CAPPED,
                FreeWindows.NONE, capped(Map.of(LocalDate.of(2026, 11, 23), 500L)), PARIS);

        assertThat(charge.usage()).extracting(Charge.DayUsage::cappedCents).containsExactly(500L, 400L);
    }

    @Test
    void consumable_isQuantityTimesUnitPriceLessTheRoundedDiscount() {
        CatalogueItem pla = new CatalogueItem("pla", "PLA filament", CatalogueItem.Unit.GRAM, 5, 2000);
        ConsumableUse use = new ConsumableUse("c-9", "m-1", "s-1", "pla", 37);

        assertThat(Pricing.consumable(use, pla, null).lines()).extracting(PricingGoldenTest::render)
                .containsExactly("PLA filament|37|g|5|185");
        Charge discounted = Pricing.consumable(use, pla, QUARTER_OFF);
        assertThat(discounted.lines()).extracting(PricingGoldenTest::render)
                .containsExactly("PLA filament|37|g|5|139");
        assertThat(discounted.lines()).extracting(ChargeLine::discountCents).containsExactly(46L);
        assertThat(discounted.key()).isEqualTo("consumable:c-9");
    }

    @Test
    void consumable_atAFullDiscount_hasNoZeroCentLine() {
        CatalogueItem sheet = new CatalogueItem("acrylic-3", "acrylic 3 mm 600x400", CatalogueItem.Unit.SHEET, 1250,
                2000);
        ConsumableUse use = new ConsumableUse("c-10", "m-1", null, "acrylic-3", 2);

        assertThat(Pricing.consumable(use, sheet, new MemberGroup("staff", 10_000)).lines()).isEmpty();
        assertThat(Pricing.consumable(use, sheet, null).totalCents()).isEqualTo(2500);
    }

    @Test
    void planFee_isOneUndiscountedLineKeyedByMemberAndMonth() {
        Charge fee = Pricing.planFee("m-1", HOUR_PLAN, NOV);

        assertThat(fee.key()).isEqualTo("plan-fee:m-1:2026-11");
        assertThat(fee.lines()).extracting(PricingGoldenTest::render)
                .containsExactly("plan maker 2026-11|1|month|1500|1500");
    }

    @Test
    void inputs_outsideTheirRange_areRefusedWithTheFieldNamed() {
        var start = LocalDateTime.parse("2026-11-23T10:00").atZone(PARIS).toInstant();
        assertThatThrownBy(() -> new BilledSession("s", "m", LASER, start, start, min(0)))
                .hasMessageContaining("end");
        assertThatThrownBy(() -> new BilledSession("s", "m", LASER, start, start.plus(min(5)), min(6)))
                .hasMessageContaining("busy");
        assertThatThrownBy(() -> new BlockRate(0, 100)).hasMessageContaining("blockMinutes");
        assertThatThrownBy(() -> new MemberGroup("g", 10_001)).hasMessageContaining("discountBasisPoints");
        assertThatThrownBy(() -> new ChargeLine("x", 2, "g", 5, 0, 0, 11)).hasMessageContaining("amountCents");
        assertThatThrownBy(() -> new ChargeLine("x", 2, "g", 5, 0, 0, 0)).hasMessageContaining("amountCents");
        assertThatThrownBy(() -> new ChargeLine("x", 2, "g", 5, 0, 3, 8)).hasMessageContaining("less the discount 3");
        assertThatThrownBy(() -> new ChargeLine("x", 2, "g", 5, 0, 11, 1)).hasMessageContaining("discountCents");
        assertThatThrownBy(() -> new FreeWindows.Window(DayOfWeek.MONDAY, LocalTime.of(18, 0), LocalTime.of(14, 0)))
                .hasMessageContaining("after from");
        assertThatThrownBy(() -> Pricing.session(session("s", "2026-11-23T10:00", min(5), min(0)),
                PriceList.forKind("cnc").build(), FreeWindows.NONE, MemberTerms.NONE, PARIS))
                .hasMessageContaining("price list for cnc");
    }

    static BilledSession session(String id, String localStart, Duration wall, Duration busy) {
        var start = LocalDateTime.parse(localStart).atZone(PARIS).toInstant();
        return new BilledSession(id, "m-1", LASER, start, start.plus(wall), busy);
    }

    static String render(ChargeLine l) {
        return l.what() + "|" + l.quantity() + "|" + l.unit() + "|" + l.unitPriceCents() + "|" + l.amountCents();
    }

    private static Arguments row(String name, Row row) {
        return Arguments.of(name, row);
    }

    private static Duration min(long minutes) {
        return Duration.ofMinutes(minutes);
    }

    private static MemberTerms planUsed(Map<YearMonth, Duration> used) {
        return new MemberTerms(null, HOUR_PLAN, used, Map.of());
    }

    private static MemberTerms capped(Map<LocalDate, Long> charged) {
        return new MemberTerms(null, null, Map.of(), charged);
    }

    private static MemberTerms group(MemberGroup group) {
        return new MemberTerms(group, null, Map.of(), Map.of());
    }
}
