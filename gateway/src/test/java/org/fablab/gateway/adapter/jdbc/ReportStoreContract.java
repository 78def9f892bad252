package org.fablab.gateway.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.fablab.gateway.billing.FreeWindows;
import org.fablab.gateway.billing.LedgerChain;
import org.fablab.gateway.billing.LedgerDraft;
import org.fablab.gateway.billing.LedgerEntry;
import org.fablab.gateway.billing.LedgerKind;
import org.fablab.gateway.domain.AuditAction;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.gateway.port.EventStore.AcceptedEvent;
import org.fablab.gateway.report.Count;
import org.fablab.gateway.report.ImpactFigures;
import org.fablab.gateway.report.ImpactFigures.MachineUsage;
import org.fablab.gateway.report.ImpactFigures.MaterialUse;
import org.fablab.gateway.report.ImpactFigures.MonthUsage;
import org.fablab.gateway.report.ImpactFigures.OccupancyCell;
import org.fablab.gateway.report.ImpactFigures.Share;
import org.fablab.gateway.report.ReportPeriod;
import org.fablab.gateway.report.ReportSettings;
import org.fablab.protocol.CredentialRef;
import org.fablab.protocol.EventData;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.OfflinePolicy;
import org.fablab.protocol.TestVectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The impact figures of a hand-made lab, every one worked out by hand in the comments below, on each database.
 *
 * <p>Period 2026-03-01 to 2026-10-31 in Europe/Paris: [2026-02-28T23:00Z, 2026-10-31T23:00Z). Paris is UTC+1 until
 * 2026-03-29T01:00Z, UTC+2 until 2026-10-25T01:00Z, UTC+1 after. Regular use from 3 distinct local days. Free window:
 * Saturday 14:00-18:00 local.
 *
 * <pre>
 * session  member machine    UTC start -> end              local (Paris)                  wall  active energy tag
 * s0       dee    laser      02-28 10:00 -> 11:00          Sat 28 Feb, before the period    -       -      -   repair
 * s1       ana    laser      03-02 09:00 -> 10:30          Mon 2 Mar 10:00-11:30          5400   3000  120.5  repair
 * s2       ana    printer-1  03-14 12:00 -> 14:00          Sat 14 Mar 13:00-15:00 (1 h free) 7200 6000  50.25
 * s12      ana    laser      03-14 14:00 -> 14:30          Sat 14 Mar 15:00-15:30 (free)  1800    900    2.0
 * s13      ana    laser      03-14 15:00 -> 15:03          Sat 14 Mar 16:00-16:03 (free)   180     60    0.25
 * s3       ana    laser      03-29 00:30 -> 02:30          Sun 29 Mar 01:30 CET-04:30 CEST 7200  7200    0
 * s4       bob    printer-2  03-10 23:30 -> 03-11 00:30    Wed 11 Mar 00:30-01:30         3600   1000   10
 * s5       bob    printer-2  03-11 09:00 -> 09:45          Wed 11 Mar 10:00-10:45         2700   2700   20     reuse
 * s7       cy     printer-1  03-31 22:30 -> 23:30          Wed 1 Apr 00:30-01:30          3600   3000   30
 * s11      (none) laser      05-05 10:00 -> 10:10          Tue 5 May 12:00-12:10           600    300    4.0
 * s6       bob    laser      10-24 23:30 -> 10-25 01:30    Sun 25 Oct 01:30 CEST-02:30 CET 7200  7200  100
 * s9       cy     printer-1  10-30 10:00 -> (open)         Fri 30 Oct 11:00-                 0    600    5
 * s8       cy     laser      10-31 22:30 -> 23:30          Sat 31 Oct 23:30-Sun 1 Nov 00:30 3600 1200   10
 * s10      ana    laser      11-01 10:00 -> 11:00          Sun 1 Nov, after the period      -       -      -
 * </pre>
 */
abstract class ReportStoreContract {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final ReportPeriod PERIOD = new ReportPeriod(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 10, 31));
    static final ReportSettings SETTINGS = new ReportSettings(3, 5);
    static final FreeWindows SATURDAY_AFTERNOONS = new FreeWindows(List.of(
            new FreeWindows.Window(DayOfWeek.SATURDAY, LocalTime.of(14, 0), LocalTime.of(18, 0))));
    private static final AuditEntry AUDIT = AuditEntry.of(Instant.parse("2026-11-02T08:00:00Z"), "fixture",
            AuditAction.LEDGER_PAYMENT, "ledger", "fixture");
    private static final CredentialRef BADGE = new CredentialRef("mifare-uid", "ab".repeat(32), false);

    private Database database;
    private ImpactFigures figures;

    abstract Database openEmptyDatabase();

    abstract void dropDatabase();

    @BeforeEach
    void seedAndCompute() {
        database = openEmptyDatabase();
        seed(database.dataSource());
        figures = new JdbcReportStore(database.dataSource()).figures(PERIOD, PARIS, SATURDAY_AFTERNOONS, SETTINGS);
    }

    @AfterEach
    void close() {
        database.close();
        dropDatabase();
    }

    @Test
    void people_areCountedByLocalDays_regularFromTheThresholdOn() {
        // active: ana, bob, cy (s11 has no member; dee only before the period)
        // ana: local days 2, 14 and 29 March = 3 = threshold -> regular
        // bob: 11 March (s4 starts 10 March in UTC), 11 March, 25 October (24 October in UTC) = 2 -> occasional;
        //      counted in UTC days it would be 3
        // cy: 1 April (31 March in UTC), 30 October (open session), 31 October = 3 -> regular
        // new: ana (created 2 March), cy (created at the first instant of the period); dee created 1 ms before it
        assertThat(figures.people()).isEqualTo(new ImpactFigures.People(Count.exact(3), Count.exact(2),
                Count.exact(2), Count.exact(1),
                List.of(share("", 1), share("students", 2)),
                List.of(share("", 1), share("Lyon 1er", 1), share("Villeurbanne", 1))));
    }

    @Test
    void machines_countSessionsStartingInThePeriod_andSpreadTheirTimeOverLocalHoursAndFreeWindows() {
        // laser: s1 s3 s6 s8 s11 s12 s13 = 7 sessions, wall 5400+7200+7200+3600+600+1800+180 = 25980,
        //        active 3000+7200+7200+1200+300+900+60 = 19860
        // printer-1 (Prusa): s2 s7 s9 = 3, wall 7200+3600+0 = 10800, active 6000+3000+600 = 9600
        // printer-2 (Ultimaker): s4 s5 = 2, wall 3600+2700 = 6300, active 1000+2700 = 3700
        // free: s2 14:00-15:00 = 3600, s12 1800, s13 180 = 5580
        List<OccupancyCell> occupancy = List.of(
                cell(DayOfWeek.MONDAY, 10, 3600), cell(DayOfWeek.MONDAY, 11, 1800),    // s1
                cell(DayOfWeek.TUESDAY, 12, 600),                                       // s11
                cell(DayOfWeek.WEDNESDAY, 0, 3600), cell(DayOfWeek.WEDNESDAY, 1, 3600), // s4 and s7, 1800 each
                cell(DayOfWeek.WEDNESDAY, 10, 2700),                                    // s5
                cell(DayOfWeek.SATURDAY, 13, 3600), cell(DayOfWeek.SATURDAY, 14, 3600), // s2
                cell(DayOfWeek.SATURDAY, 15, 1800), cell(DayOfWeek.SATURDAY, 16, 180),  // s12, s13
                cell(DayOfWeek.SATURDAY, 23, 1800), cell(DayOfWeek.SUNDAY, 0, 1800),    // s8 across midnight
                // s3: 01:30-02:00 CET, then 03:00-04:30 CEST (02:00 never happened); s6: 01:30-02:00 CEST,
                // 02:00-03:00 CEST, 02:00-02:30 CET (02:00 happened twice: 5400 s in one local hour)
                cell(DayOfWeek.SUNDAY, 1, 1800 + 1800), cell(DayOfWeek.SUNDAY, 2, 5400),
                cell(DayOfWeek.SUNDAY, 3, 3600), cell(DayOfWeek.SUNDAY, 4, 1800));
        assertThat(figures.machines()).isEqualTo(new ImpactFigures.Machines(Count.exact(12), 43080, 33160, 5580,
                List.of(usage("Laser", "laser-cutter", 7, 25980, 19860), usage("Prusa", "3d-printer", 3, 10800, 9600),
                        usage("Ultimaker", "3d-printer", 2, 6300, 3700)),
                List.of(usage("3d-printer", "3d-printer", 5, 17100, 13300),
                        usage("laser-cutter", "laser-cutter", 7, 25980, 19860)),
                occupancy,
                // missing-training twice (one event delivered twice), the two others once; the refusals 1 ms
                // before the period is left out, the one at its last millisecond is in
                List.of(share("machine-blocked", 1), share("missing-training", 2), share("unknown-badge", 1))));
        assertThat(occupancy.stream().mapToLong(OccupancyCell::seconds).sum()).isEqualTo(43080);
    }

    @Test
    void skills_tellPeersFromStaff_firstTimers_andLapsedFromRenewed() {
        // delivered in the period: c1 (ana laser, by eve, trainer of laser), c3 (bob laser renewed, by eve),
        // c4 (cy printing, staff), c7 (ana wood, staff), c10 (ana CNC, by eve who does not train CNC) = 5, peers 2
        // valid at the end: ana laser (c1), bob laser (c3; c2 expired 1 June), cy printing (c4, used 30 October),
        // eve wood (forever), ana CNC (override to 31 December past the training's 30 June) = 5;
        // dee wood (c9) is granted 1 ms after the end
        // lapsed: bob printing (last use 11 March + 60 days = 10 May), dee CNC (until 30 June), ana wood (revoked
        // 1 September) = 3; bob laser expired but was renewed
        // first time: ana (c1), cy (c4); bob and dee held certifications before
        assertThat(figures.skills()).isEqualTo(new ImpactFigures.Skills(Count.exact(5), Count.exact(2),
                Count.exact(3), Count.exact(5), Count.exact(3), Count.exact(2),
                List.of(share("3D printing", 1), share("CNC", 1), share("Laser safety", 2), share("Wood shop", 1))));
    }

    @Test
    void materials_sumConsumablesPerItem_energyAndTags() {
        // PLA 120 (r1) + 30 (r2, last millisecond); r4 before the period; plywood 2 (r3); resin 15 (r5, not in
        // the catalogue: its id and "unit")
        // energy 120.5+50.25+2.0+0.25+0+10+20+30+4.0+100+5+10 = 352
        // sessions: repair s1 (s0 is before), reuse s5; records: repair r3, reuse r1
        assertThat(figures.materials()).isEqualTo(new ImpactFigures.Materials(List.of(
                new MaterialUse("PLA", "g", 150), new MaterialUse("Plywood 3 mm", "sheet", 2),
                new MaterialUse("resin", "unit", 15)), 352, Count.exact(1), Count.exact(1), Count.exact(1),
                Count.exact(1)));
    }

    @Test
    void money_splitsTheLedgerByCause_netOfReversals() {
        // machine: 500 (s1) - 500 (its reversal) + 400 (s8) = 400; consumables: 570; plans: 2500 - 2500 = 0;
        // other: the -200 coupon; payments and the reversal of a payment are not revenue
        // free windows at the laser's and printer's list prices, pro rata: s2 1 h of 120/h = 120;
        // s12 30 min at 300/15 min = 600, busy 15 min at 150/15 min = 150, fee 100 (wholly free) = 850;
        // s13 is under the laser's 5-minute minimum (free anyway) -> 970
        // group discounts recorded: 100 (s1) + 30 (r1) - 100 (s1's reversal) + 50 (s8) = 80
        // owed at the end: ana 999 + 500 + 570 - 200 - 500 = 1369, bob 0, cy 400 -> 1769
        assertThat(figures.money()).isEqualTo(new ImpactFigures.Money(400, 570, 0, -200, 970, 80, 1769));
    }

    @Test
    void months_areEveryLocalMonthOfThePeriod_sessionsInTheMonthTheyStart() {
        // March: s1 s2 s12 s13 s3 s4 s5 = 7, wall 5400+7200+1800+180+7200+3600+2700 = 28080, ana and bob
        // April: s7 (31 March in UTC); May: s11, no member; October: s6 s8 s9 = 3, 7200+3600+0, bob and cy
        assertThat(figures.months()).isEqualTo(List.of(
                month(3, 7, 28080, 2), month(4, 1, 3600, 1), month(5, 1, 600, 0), month(6, 0, 0, 0),
                month(7, 0, 0, 0), month(8, 0, 0, 0), month(9, 0, 0, 0), month(10, 3, 10800, 2)));
    }

    @Test
    void aPeriodWithoutAnything_isAllZeros() {
        ImpactFigures empty = new JdbcReportStore(database.dataSource()).figures(
                new ReportPeriod(LocalDate.of(2030, 1, 1), LocalDate.of(2030, 1, 31)), PARIS, SATURDAY_AFTERNOONS,
                SETTINGS);

        assertThat(empty.machines().sessions()).isEqualTo(Count.exact(0));
        assertThat(empty.machines().occupancy()).isEmpty();
        assertThat(empty.people().activeMembers()).isEqualTo(Count.exact(0));
        assertThat(empty.months()).containsExactly(new MonthUsage(YearMonth.of(2030, 1), Count.exact(0), 0,
                Count.exact(0)));
        // ana and cy still owe what they owed on 31 October 2026
        assertThat(empty.money()).isEqualTo(new ImpactFigures.Money(0, 0, 0, 0, 0, 0, 1769 + 777));
        assertThat(empty.network()).isEqualTo(new ImpactFigures.Network(Count.exact(0), Count.exact(0), 0,
                Count.exact(0), Count.exact(0), 0, 0));
    }

    /**
     * February 2030 ([2030-01-31T23:00Z, 2030-02-28T23:00Z), Paris in UTC+1), visits both ways:
     * <pre>
     * session  member     machine    UTC start -> end                     wall
     * v1       lab-b:m-7  laser      02-04 09:00 -> 10:00                 3600
     * v2       lab-b:m-7  printer-1  02-11 09:00 -> 09:30                 1800
     * v3       lab-c:m-7  laser      02-12 09:00 -> (open)                   0  another partner's m-7: another visitor
     * v4       lab-b:m-9  laser      01-31 22:00 -> 22:59:59.999, before the period
     * s20      ana        laser      02-05 10:00 -> 10:30                 1800
     *
     * receipt  partner  member   visit start (UTC)           wall
     * r1       lab-b    ana      02-03 10:00                 3600
     * r2       lab-b    ana      02-20 10:00                 1200
     * r3       lab-c    bob      02-28 22:59:59.999 (last ms)  600
     * r4       lab-b    bob      01-31 22:59:59.999, before    999
     * r5       lab-b    (none)   02-10 10:00, no member of ours 100
     * </pre>
     * Ledger: network:lab-b is charged 5000 for v1 (settled with lab-b, owed by no member), ana 300 for s20.
     */
    @Test
    void partnersVisitors_countAsMachineUseAndInTheNetwork_notAsMembers() throws SQLException {
        try (Connection c = database.dataSource().getConnection()) {
            session(c, "v1", "lab-b:m-7", "laser-1", "2030-02-04T09:00:00Z", "2030-02-04T10:00:00Z", 3000, 1, null);
            session(c, "v2", "lab-b:m-7", "printer-1", "2030-02-11T09:00:00Z", "2030-02-11T09:30:00Z", 1500, 1, null);
            session(c, "v3", "lab-c:m-7", "laser-1", "2030-02-12T09:00:00Z", null, 60, 1, null);
            session(c, "v4", "lab-b:m-9", "laser-1", "2030-01-31T22:00:00Z", "2030-01-31T22:59:59.999Z", 60, 1, null);
            session(c, "s20", "m-ana", "laser-1", "2030-02-05T10:00:00Z", "2030-02-05T10:30:00Z", 1200, 1, null);
            receipt(c, "lab-b", "r1", "m-ana", "2030-02-03T10:00:00Z", 3600);
            receipt(c, "lab-b", "r2", "m-ana", "2030-02-20T10:00:00Z", 1200);
            receipt(c, "lab-c", "r3", "m-bob", "2030-02-28T22:59:59.999Z", 600);
            receipt(c, "lab-b", "r4", "m-bob", "2030-01-31T22:59:59.999Z", 999);
            receipt(c, "lab-b", "r5", "m-nobody", "2030-02-10T10:00:00Z", 100);
        }
        // a network account is no member: the charging appends its entries, as here, not the manual entries
        Sql.transaction(database.dataSource(), ErrorCode.REQUEST_CONFLICT.with(), c -> JdbcLedgerStore.appendIn(c,
                draft("2030-02-04", "network:lab-b", LedgerKind.CHARGE, 5000, "session:v1"), AUDIT.at()));
        JdbcLedgerStore ledger = new JdbcLedgerStore(database.dataSource(), Clock.systemUTC());
        ledger.writeEntry(draft("2030-02-05", "m-ana", LedgerKind.CHARGE, 300, "session:s20"), AUDIT);
        // ana's visit at lab-b, charged to her from its receipt: the partner's money, not ours
        ledger.writeEntry(draft("2030-02-12", "m-ana", LedgerKind.CHARGE, 450, "visit:lab-b:r1"), AUDIT);

        ImpactFigures february = new JdbcReportStore(database.dataSource()).figures(
                new ReportPeriod(LocalDate.of(2030, 2, 1), LocalDate.of(2030, 2, 28)), PARIS, SATURDAY_AFTERNOONS,
                SETTINGS);

        // people: ana alone; lab-b:m-7's two days and the other visitor are no member's
        assertThat(february.people()).isEqualTo(new ImpactFigures.People(Count.exact(1), Count.exact(0),
                Count.exact(0), Count.exact(1), List.of(share("students", 1)), List.of(share("Lyon 1er", 1))));
        assertThat(february.months()).containsExactly(new MonthUsage(YearMonth.of(2030, 2), Count.exact(4), 7200,
                Count.exact(1)));
        // machines: v1 v2 v3 and s20, 3600 + 1800 + 0 + 1800
        assertThat(february.machines().sessions()).isEqualTo(Count.exact(4));
        assertThat(february.machines().wallSeconds()).isEqualTo(7200);
        assertThat(february.machines().perMachine()).containsExactly(usage("Laser", "laser-cutter", 3, 5400, 4260),
                usage("Prusa", "3d-printer", 1, 1800, 1500));
        // visitors lab-b:m-7 and lab-c:m-7, v1 v2 v3 for 5400 s; abroad ana and bob, r1 r2 r3 for 5400 s
        // and ana charged 450 for hers
        assertThat(february.network()).isEqualTo(new ImpactFigures.Network(Count.exact(2), Count.exact(3), 5400,
                Count.exact(2), Count.exact(3), 5400, 450));
        // the partner's visit is machine-time revenue, but its account is not owed by a member; ana's visit abroad
        // is no revenue of ours, though she owes it: ana 1369 + 300 + 450, cy 400 + 777
        assertThat(february.money().machineTimeCents()).isEqualTo(5300);
        assertThat(february.money().otherCents()).isZero();
        assertThat(february.money().outstandingCents()).isEqualTo(1769 + 777 + 300 + 450);
    }

    @Test
    void occupancy_countsASessionClaimingThreeWeeks_asItsFirstSevenDays() throws SQLException {
        // Monday 7 January 2030 10:00 Paris to Monday 28 January: the wall time is kept whole, the grid gets seven
        // days, every weekday and hour once
        try (Connection c = database.dataSource().getConnection()) {
            session(c, "s-open", "m-bob", "laser-1", "2030-01-07T09:00:00Z", "2030-01-28T09:00:00Z", 600, 1, null);
        }
        ImpactFigures january = new JdbcReportStore(database.dataSource()).figures(
                new ReportPeriod(LocalDate.of(2030, 1, 1), LocalDate.of(2030, 1, 31)), PARIS, SATURDAY_AFTERNOONS,
                SETTINGS);

        assertThat(january.machines().wallSeconds()).isEqualTo(21 * 86_400);
        assertThat(january.machines().occupancy()).hasSize(7 * 24).allSatisfy(
                cell -> assertThat(cell.seconds()).isEqualTo(3600));
    }

    private static Share share(String name, long count) {
        return new Share(name, Count.exact(count));
    }

    private static OccupancyCell cell(DayOfWeek day, int hour, long seconds) {
        return new OccupancyCell(day, hour, seconds);
    }

    private static MachineUsage usage(String name, String kind, long sessions, long wall, long active) {
        return new MachineUsage(name, kind, Count.exact(sessions), wall, active);
    }

    private static MonthUsage month(int month, long sessions, long wall, long members) {
        return new MonthUsage(YearMonth.of(2026, month), Count.exact(sessions), wall, Count.exact(members));
    }

    static void seed(DataSource dataSource) {
        JdbcLabDirectory directory = new JdbcLabDirectory(dataSource, Clock.systemUTC());
        directory.upsert(new MachineRecord("laser-1", "Laser", "laser-cutter"));
        directory.upsert(new MachineRecord("printer-1", "Prusa", "3d-printer"));
        directory.upsert(new MachineRecord("printer-2", "Ultimaker", "3d-printer"));
        directory.upsert(new NodeRecord("laser-1", "laser-1", TestVectors.root().at("/nodes/laser-1/public").asText(),
                OfflinePolicy.FAIL_CLOSED, Duration.ofMinutes(15)));
        Sql.transaction(dataSource, ErrorCode.REQUEST_CONFLICT.with(), c -> {
            String member = """
                    insert into members (id, display_name, active, number, member_group, territory, created_at)
                    values (?, ?, true, ?, ?, ?, ?)""";
            Sql.update(c, member, "m-ana", "Ana", 1, "students", "Lyon 1er", at("2026-03-02T08:00:00Z"));
            Sql.update(c, member, "m-bob", "Bob", 2, null, null, at("2025-06-01T08:00:00Z"));
            Sql.update(c, member, "m-cy", "Cy", 3, "students", "Villeurbanne", at("2026-02-28T23:00:00Z"));
            Sql.update(c, member, "m-dee", "Dee", 4, "staff", null, at("2026-02-28T22:59:59.999Z"));
            Sql.update(c, member, "m-eve", "Eve", 5, null, null, at("2026-11-05T08:00:00Z"));
            Sql.update(c, member, "m-staff", "Fabmanager", 6, "staff", null, at("2024-01-01T08:00:00Z"));

            session(c, "s0", "m-dee", "laser-1", "2026-02-28T10:00:00Z", "2026-02-28T11:00:00Z", 3600, 10, "repair");
            session(c, "s1", "m-ana", "laser-1", "2026-03-02T09:00:00Z", "2026-03-02T10:30:00Z", 3000, 120.5,
                    "repair");
            session(c, "s2", "m-ana", "printer-1", "2026-03-14T12:00:00Z", "2026-03-14T14:00:00Z", 6000, 50.25, null);
            session(c, "s12", "m-ana", "laser-1", "2026-03-14T14:00:00Z", "2026-03-14T14:30:00Z", 900, 2.0, null);
            session(c, "s13", "m-ana", "laser-1", "2026-03-14T15:00:00Z", "2026-03-14T15:03:00Z", 60, 0.25, null);
            session(c, "s3", "m-ana", "laser-1", "2026-03-29T00:30:00Z", "2026-03-29T02:30:00Z", 7200, 0, null);
            session(c, "s4", "m-bob", "printer-2", "2026-03-10T23:30:00Z", "2026-03-11T00:30:00Z", 1000, 10, null);
            session(c, "s5", "m-bob", "printer-2", "2026-03-11T09:00:00Z", "2026-03-11T09:45:00Z", 2700, 20, "reuse");
            session(c, "s7", "m-cy", "printer-1", "2026-03-31T22:30:00Z", "2026-03-31T23:30:00Z", 3000, 30, null);
            session(c, "s11", null, "laser-1", "2026-05-05T10:00:00Z", "2026-05-05T10:10:00Z", 300, 4.0, null);
            session(c, "s6", "m-bob", "laser-1", "2026-10-24T23:30:00Z", "2026-10-25T01:30:00Z", 7200, 100, null);
            session(c, "s9", "m-cy", "printer-1", "2026-10-30T10:00:00Z", null, 600, 5, null);
            session(c, "s8", "m-cy", "laser-1", "2026-10-31T22:30:00Z", "2026-10-31T23:30:00Z", 1200, 10, null);
            session(c, "s10", "m-ana", "laser-1", "2026-11-01T10:00:00Z", "2026-11-01T11:00:00Z", 3600, 10, "reuse");

            String training = """
                    insert into trainings (id, name, category, validity_kind, validity_days, validity_until)
                    values (?, ?, 'safety', ?, ?, ?)""";
            Sql.update(c, training, "t-laser", "Laser safety", "fixed-duration", 365, null);
            Sql.update(c, training, "t-print", "3D printing", "lapses-after-disuse", 60, null);
            Sql.update(c, training, "t-cnc", "CNC", "until-date", null, "2026-06-30");
            Sql.update(c, training, "t-wood", "Wood shop", "forever", null, null);
            Sql.update(c, "insert into training_machine_kinds values ('t-laser', 'laser-cutter')");
            Sql.update(c, "insert into training_machine_kinds values ('t-print', '3d-printer')");
            Sql.update(c, "insert into trainers (training_id, member_id) values ('t-laser', 'm-eve')");
            certification(c, "c1", "m-ana", "t-laser", "m-eve", "2026-03-01T09:00:00Z", null, null);
            certification(c, "c2", "m-bob", "t-laser", "m-staff", "2025-06-01T10:00:00Z", null, null);
            certification(c, "c3", "m-bob", "t-laser", "m-eve", "2026-05-20T10:00:00Z", null, null);
            certification(c, "c4", "m-cy", "t-print", "m-staff", "2026-03-20T10:00:00Z", null, null);
            certification(c, "c5", "m-bob", "t-print", "m-staff", "2026-01-10T10:00:00Z", null, null);
            certification(c, "c6", "m-dee", "t-cnc", "m-staff", "2025-09-01T10:00:00Z", null, null);
            certification(c, "c7", "m-ana", "t-wood", "m-staff", "2026-04-01T10:00:00Z", null,
                    "2026-09-01T10:00:00Z");
            certification(c, "c8", "m-eve", "t-wood", "m-staff", "2024-01-01T10:00:00Z", null, null);
            certification(c, "c9", "m-dee", "t-wood", "m-staff", "2026-10-31T23:00:00Z", null, null);
            certification(c, "c10", "m-ana", "t-cnc", "m-eve", "2026-03-05T10:00:00Z", "2026-12-31T23:00:00Z", null);

            Sql.update(c, """
                    insert into consumable_items (id, label, unit, unit_price_cents, vat_basis_points, active)
                    values ('pla', 'PLA', 'g', 5, 2000, true), ('ply', 'Plywood 3 mm', 'sheet', 400, 2000, true)""");
            consumable(c, "r1", "m-ana", "pla", 120, "2026-03-14T12:30:00Z", "reuse");
            consumable(c, "r2", "m-cy", "pla", 30, "2026-10-31T22:59:59.999Z", null);
            consumable(c, "r3", null, "ply", 2, "2026-05-05T10:05:00Z", "repair");
            consumable(c, "r4", "m-ana", "pla", 999, "2026-02-28T22:59:59.999Z", "repair");
            consumable(c, "r5", "m-bob", "resin", 15, "2026-06-01T10:00:00Z", null);

            String prices = """
                    insert into price_lists (machine_kind, wall_block_minutes, wall_cents_per_block, busy_block_minutes,
                                             busy_cents_per_block, session_fee_cents, minimum_billable_minutes,
                                             daily_cap_cents, vat_basis_points, updated_at)
                    values (?, ?, ?, ?, ?, ?, ?, 0, 2000, 0)""";
            Sql.update(c, prices, "3d-printer", 60, 120, null, null, 50, 1);
            Sql.update(c, prices, "laser-cutter", 15, 300, 15, 150, 100, 5);
            return null;
        });
        refusals(new JdbcEventStore(dataSource));
        ledger(dataSource);
    }

    /** Refusals go through ingestion, which writes access_refusals with the event. */
    private static void refusals(JdbcEventStore events) {
        AcceptedEvent twice = denied(101, "2026-03-05T10:00:00Z", "missing-training");
        events.store(List.of(twice, denied(102, "2026-06-01T10:00:00Z", "missing-training"),
                denied(103, "2026-07-01T10:00:00Z", "unknown-badge"),
                denied(104, "2026-02-28T22:59:59.999Z", "unknown-badge"),
                denied(105, "2026-10-31T22:59:59.999Z", "machine-blocked")), List.of());
        events.store(List.of(twice), List.of());
    }

    private static AcceptedEvent denied(long seq, String ts, String reason) {
        return new AcceptedEvent(NodeEvent.of("demo-lab", "laser-1", Instant.parse(ts), seq,
                UUID.randomUUID().toString(), new EventData.BadgeDenied(BADGE, reason)), "{}", Instant.parse(ts));
    }

    /** Ledger entries through the ledger store (hash chain); charge lines as the charge store writes them. */
    private static void ledger(DataSource dataSource) {
        JdbcLedgerStore ledger = new JdbcLedgerStore(dataSource, Clock.systemUTC());
        ledger.writeEntry(draft("2026-02-28", "m-ana", LedgerKind.CHARGE, 999, "session:s0"), AUDIT);
        LedgerEntry s1 = ledger.writeEntry(draft("2026-03-02", "m-ana", LedgerKind.CHARGE, 500, "session:s1"), AUDIT);
        LedgerEntry plan = ledger.writeEntry(draft("2026-03-05", "m-bob", LedgerKind.CHARGE, 2500,
                "plan-fee:m-bob:2026-03"), AUDIT);
        ledger.writeEntry(draft("2026-03-14", "m-ana", LedgerKind.CHARGE, 570, "consumable:r1"), AUDIT);
        LedgerEntry payment = ledger.writeEntry(draft("2026-03-20", "m-bob", LedgerKind.PAYMENT, -3000, "payment:p1"),
                AUDIT);
        ledger.writeEntry(LedgerChain.reverse(plan, "left", LocalDate.parse("2026-04-02")), AUDIT);
        ledger.writeEntry(draft("2026-05-06", "m-ana", LedgerKind.CREDIT, -200, "coupon:WELCOME"), AUDIT);
        ledger.writeEntry(LedgerChain.reverse(s1, "wrong machine", LocalDate.parse("2026-06-01")), AUDIT);
        ledger.writeEntry(LedgerChain.reverse(payment, "bounced", LocalDate.parse("2026-07-01")), AUDIT);
        ledger.writeEntry(draft("2026-10-31", "m-cy", LedgerKind.CHARGE, 400, "session:s8"), AUDIT);
        ledger.writeEntry(draft("2026-11-01", "m-cy", LedgerKind.CHARGE, 777, "session:s10"), AUDIT);
        Sql.transaction(dataSource, ErrorCode.REQUEST_CONFLICT.with(), c -> {
            String line = """
                    insert into charge_lines (ledger_sequence, cause, node_id, session_id, machine_id, item_id, quantity,
                                              unit, unit_price_cents, discount_cents)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
            Sql.update(c, line, 1, "session:s0", "laser-1", "s0", "laser-1", null, 4, "15 min", 300, 201);
            Sql.update(c, line, 2, "session:s1", "laser-1", "s1", "laser-1", null, 6, "15 min", 100, 100);
            Sql.update(c, line, 3, "plan-fee:m-bob:2026-03", null, null, null, null, 1, "month", 2500, 0);
            Sql.update(c, line, 4, "consumable:r1", null, "s2", null, "pla", 120, "g", 5, 30);
            Sql.update(c, line, 10, "session:s8", "laser-1", "s8", "laser-1", null, 5, "15 min", 90, 50);
            Sql.update(c, line, 11, "session:s10", "laser-1", "s10", "laser-1", null, 9, "15 min", 100, 123);
            return null;
        });
    }

    private static LedgerDraft draft(String date, String member, LedgerKind kind, long cents, String cause) {
        return new LedgerDraft(LocalDate.parse(date), member, kind, cents, "EUR", cause, cause, 2000);
    }

    private static void session(Connection c, String id, String member, String machine, String start,
                                String end, long active, double energy, String tag) throws SQLException {
        Long wall = end == null ? null : Duration.between(Instant.parse(start), Instant.parse(end)).toSeconds();
        Sql.update(c, """
                insert into sessions (node_id, session_id, machine_id, member_id, credential_hash, started_at, ended_at,
                                      wall_seconds, active_seconds, energy_wh, end_reason, interrupted, offline, tag)
                values (?, ?, ?, ?, 'hash', ?, ?, ?, ?, ?, ?, false, false, ?)""", machine, id, machine, member,
                at(start), end == null ? null : at(end), wall, active, energy, end == null ? null : "badge-out", tag);
    }

    private static void receipt(Connection c, String partner, String id, String member, String start,
                                long wallSeconds) throws SQLException {
        long begin = at(start).toEpochMilli();
        Sql.update(c, """
                insert into partner_receipts_in (partner_id, receipt_id, member_id, month, amount_cents, currency,
                                                 wall_seconds, machine_kind, visit_start, visit_end, body, hash,
                                                 treatment, recorded_at)
                values (?, ?, ?, ?, 100, 'EUR', ?, 'laser-cutter', ?, ?, '{}', 'hash', 'charged', ?)""",
                partner, id, member, start.substring(0, 7), wallSeconds, begin, begin + wallSeconds * 1000,
                begin + wallSeconds * 1000);
    }

    private static void certification(Connection c, String id, String member, String training, String by,
                                      String granted, String override, String revoked) throws SQLException {
        Sql.update(c, """
                insert into certifications (id, member_id, training_id, granted_by, granted_by_name, granted_at,
                                            valid_until_override, status, revoked_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", id, member, training, by, by, at(granted),
                override == null ? null : at(override), revoked == null ? "active" : "revoked",
                revoked == null ? null : at(revoked));
    }

    private static void consumable(Connection c, String id, String member, String item, long quantity,
                                   String at, String tag) throws SQLException {
        Sql.update(c, """
                insert into consumable_records (id, member_id, item_id, quantity, recorded_at, recorded_by, source, tag)
                values (?, ?, ?, ?, ?, 'fixture', 'dashboard', ?)""", id, member, item, quantity, at(at), tag);
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }
}
