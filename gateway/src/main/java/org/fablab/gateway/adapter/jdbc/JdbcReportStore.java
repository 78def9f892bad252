package org.fablab.gateway.adapter.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import javax.sql.DataSource;
import org.fablab.gateway.billing.FreeWindows;
import org.fablab.gateway.network.Visitor;
import org.fablab.gateway.port.ReportStore;
import org.fablab.gateway.report.Count;
import org.fablab.gateway.report.ImpactFigures;
import org.fablab.gateway.report.ImpactFigures.MachineUsage;
import org.fablab.gateway.report.ImpactFigures.MaterialUse;
import org.fablab.gateway.report.ImpactFigures.MonthUsage;
import org.fablab.gateway.report.ImpactFigures.OccupancyCell;
import org.fablab.gateway.report.ImpactFigures.Share;
import org.fablab.gateway.report.ReportPeriod;
import org.fablab.gateway.report.ReportSettings;

/**
 * {@link ReportStore} over JDBC: every figure comes from SQL aggregates, the same statements on SQLite and
 * PostgreSQL; only aggregated rows (per machine and local day, per member and local day, per hour…) come back, and
 * the few passes over the period's sessions can read the covering index {@code sessions_report} (V13) alone.
 *
 * <p>What needs the lab's time zone is not asked of the database. A session's local day is integer arithmetic on its
 * start: the zone's offset over the period is a {@code case} over its few transitions (two a year in Europe). Hours
 * are counted in units of UTC time short enough that each lies in one local hour (an hour when the zone's offsets
 * are whole hours): one pass groups sessions by the units they start and end in, and the time per unit is worked
 * out here. Free windows are a small temporary table joined by range.
 *
 * <p>The definitions are in docs/impact.md ("Definitions"); in short, a session belongs to the period it starts in,
 * and its time is spread over the hours and free windows it really covered. Blocking; call it on a worker.
 */
public final class JdbcReportStore implements ReportStore {
    private static final long DAY_MILLIS = 86_400_000L;
    private static final long HOUR_MILLIS = 3_600_000L;
    /**
     * The longest a session counts for in the occupancy grid: a session left open for weeks (a badge-out never
     * received) would otherwise fill every hour of the week.
     */
    static final long OCCUPANCY_CAP_MILLIS = 7 * DAY_MILLIS;
    /** Sessions starting in the period: {@code ?} = period start, period end (epoch ms). */
    private static final String IN_PERIOD = "s.started_at >= ? and s.started_at < ?";
    /** Wall time (ms) of session {@code s}: none until its end is received. */
    private static final String WALL = "case when s.ended_at is null then 0 else s.ended_at - s.started_at end";
    /** Milliseconds of session {@code s} inside the interval {@code [x.a, x.b)}; least/greatest differ per database. */
    private static final String OVERLAP = """
            (case when s.ended_at < x.b then s.ended_at else x.b end)
              - (case when s.started_at > x.a then s.started_at else x.a end)""";
    /** The sequence a correction reverses ({@code reversal:<sequence>}), null for any other entry. */
    private static final String REVERSED = JdbcExports.REVERSED;

    private final DataSource dataSource;

    public JdbcReportStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public ImpactFigures figures(ReportPeriod period, ZoneId zone, FreeWindows freeWindows, ReportSettings settings) {
        long start = period.from().atStartOfDay(zone).toInstant().toEpochMilli();
        long end = period.to().plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        return Sql.cursor(dataSource, c -> {
            long horizon = Math.max(end, Sql.one(c, "select max(s.ended_at) as horizon from sessions s where "
                    + IN_PERIOD, rs -> rs.getLong("horizon"), start, end).orElse(0L));
            try {
                Calendar calendar = Calendar.write(c, period, zone, freeWindows, Instant.ofEpochMilli(horizon));
                Window w = new Window(start, end, period, zone, calendar);
                Usage usage = usage(c, w);
                Visits visits = visits(c, w);
                long[] free = free(c, w);
                Map<String, Long> revenue = revenue(c, w);
                return new ImpactFigures(people(c, w, settings, visits), machines(c, w, usage, free[0]),
                        skills(c, w), materials(c, w, usage), money(c, w, free[1], revenue), network(c, w, visits, revenue),
                        months(w, usage, visits));
            } finally {
                Calendar.drop(c);
            }
        });
    }

    /** The period as epoch milliseconds {@code [start, end)}, with its calendar. */
    private record Window(long start, long end, ReportPeriod period, ZoneId zone, Calendar calendar) {
        /** The local date of {@code s.started_at} as an epoch day, for a session starting in the period. */
        String startDay() {
            return "((s.started_at + " + LocalOffset.of(zone, start, end).sql("s.started_at") + ") / " + DAY_MILLIS
                    + ")";
        }
    }

    /** Sums of one machine on one local day, from the one grouped pass behind totals, machines, kinds and months. */
    private record DayOfMachine(String machineId, String name, String kind, long day, long sessions, long wallMillis,
                                long active, double energyWh, long repair, long reuse) {
    }

    /** The grouped pass's rows and their totals. */
    private record Usage(List<DayOfMachine> rows) {
        long sessions() {
            return rows.stream().mapToLong(DayOfMachine::sessions).sum();
        }

        long wallMillis() {
            return rows.stream().mapToLong(DayOfMachine::wallMillis).sum();
        }

        long active() {
            return rows.stream().mapToLong(DayOfMachine::active).sum();
        }

        double energyWh() {
            return rows.stream().mapToDouble(DayOfMachine::energyWh).sum();
        }

        long repair() {
            return rows.stream().mapToLong(DayOfMachine::repair).sum();
        }

        long reuse() {
            return rows.stream().mapToLong(DayOfMachine::reuse).sum();
        }
    }

    /** Sessions starting in the period, summed per machine and local day: at most machines × days rows. */
    private static Usage usage(Connection c, Window w) throws SQLException {
        return new Usage(Sql.list(c, """
                select g.machine_id, coalesce(m.name, g.machine_id) as name, coalesce(m.kind, '') as kind, g.day_no,
                       g.n, g.wall_ms, g.active, g.energy, g.repair, g.reuse
                  from (select s.machine_id, %s as day_no, count(*) as n,
                               sum(%s) as wall_ms, sum(s.active_seconds) as active, sum(s.energy_wh) as energy,
                               sum(case when s.tag = 'repair' then 1 else 0 end) as repair,
                               sum(case when s.tag = 'reuse' then 1 else 0 end) as reuse
                          from sessions s where %s group by s.machine_id, day_no) g
                  left join machines m on m.id = g.machine_id""".formatted(w.startDay(), WALL, IN_PERIOD),
                rs -> new DayOfMachine(rs.getString("machine_id"), rs.getString("name"), rs.getString("kind"),
                        rs.getLong("day_no"), rs.getLong("n"), rs.getLong("wall_ms"), rs.getLong("active"),
                        rs.getDouble("energy"), rs.getLong("repair"), rs.getLong("reuse")), w.start(), w.end()));
    }

    /**
     * Who came when: per member, the local days with a session and the group and territory; per month, the members.
     * Partners' visitors (docs/network.md) are not our members: they are kept apart, with their sessions and wall
     * time ({@code hosted}: sessions, milliseconds). Built from one grouped pass (member, local day), streamed: memory
     * grows with members × months, not sessions.
     */
    private record Visits(Map<String, Integer> daysPerMember, Map<String, String[]> groupAndTerritory,
                          Map<YearMonth, Set<String>> membersPerMonth, Set<String> visitors, long[] hosted) {
    }

    private static Visits visits(Connection c, Window w) throws SQLException {
        Visits visits = new Visits(new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashSet<>(), new long[2]);
        Sql.stream(c, """
                select d.member_id, d.day_no, d.n, d.wall_ms, coalesce(m.member_group, '') as member_group,
                       coalesce(m.territory, '') as territory
                  from (select s.member_id, %s as day_no, count(*) as n, sum(%s) as wall_ms from sessions s
                         where s.member_id is not null and %s group by s.member_id, day_no) d
                  left join members m on m.id = d.member_id""".formatted(w.startDay(), WALL, IN_PERIOD),
                rs -> new String[] {rs.getString("member_id"), Long.toString(rs.getLong("day_no")),
                        rs.getString("member_group"), rs.getString("territory"), Long.toString(rs.getLong("n")),
                        Long.toString(rs.getLong("wall_ms"))},
                rows -> {
                    rows.forEachRemaining(row -> {
                        if (Visitor.isVisitor(row[0])) {
                            visits.visitors().add(row[0]);
                            visits.hosted()[0] += Long.parseLong(row[4]);
                            visits.hosted()[1] += Long.parseLong(row[5]);
                            return;
                        }
                        visits.daysPerMember().merge(row[0], 1, Integer::sum);
                        visits.groupAndTerritory().putIfAbsent(row[0], new String[] {row[2], row[3]});
                        visits.membersPerMonth().computeIfAbsent(
                                YearMonth.from(LocalDate.ofEpochDay(Long.parseLong(row[1]))), m -> new HashSet<>())
                                .add(row[0]);
                    });
                    return visits;
                }, w.start(), w.end());
        return visits;
    }

    private static ImpactFigures.People people(Connection c, Window w, ReportSettings settings, Visits visits)
            throws SQLException {
        long active = visits.daysPerMember().size();
        long created = Sql.one(c, "select count(*) as n from members where created_at >= ? and created_at < ?",
                rs -> rs.getLong("n"), w.start(), w.end()).orElse(0L);
        long regular = visits.daysPerMember().values().stream().filter(days -> days >= settings.regularMinDays())
                .count();
        return new ImpactFigures.People(Count.exact(active), Count.exact(created), Count.exact(regular),
                Count.exact(active - regular), counted(visits.groupAndTerritory().values(), gt -> gt[0]),
                counted(visits.groupAndTerritory().values(), gt -> gt[1]));
    }

    private static ImpactFigures.Machines machines(Connection c, Window w, Usage usage, long freeMillis)
            throws SQLException {
        List<MachineUsage> perMachine = summed(usage, DayOfMachine::machineId, DayOfMachine::name,
                DayOfMachine::kind);
        perMachine = sorted(perMachine, Comparator.comparing(MachineUsage::name).thenComparing(MachineUsage::kind));
        List<MachineUsage> perKind = sorted(summed(usage, DayOfMachine::kind, DayOfMachine::kind, DayOfMachine::kind),
                Comparator.comparing(MachineUsage::name));
        List<Share> refusals = shares(c, """
                select reason as name, count(*) as n from access_refusals
                 where occurred_at >= ? and occurred_at < ? group by reason""", w.start(), w.end());
        return new ImpactFigures.Machines(Count.exact(usage.sessions()), usage.wallMillis() / 1000, usage.active(),
                freeMillis / 1000, perMachine, perKind, occupancy(c, w), refusals);
    }

    /** Usage summed per key (a machine, a kind): wall time in seconds once summed, as the totals. */
    private static List<MachineUsage> summed(Usage usage, Function<DayOfMachine, String> key,
                                             Function<DayOfMachine, String> name, Function<DayOfMachine, String> kind) {
        Map<String, DayOfMachine> sums = new TreeMap<>();
        for (DayOfMachine d : usage.rows()) {
            sums.merge(key.apply(d), new DayOfMachine("", name.apply(d), kind.apply(d), 0, d.sessions(), d.wallMillis(),
                    d.active(), 0, 0, 0), (a, b) -> new DayOfMachine("", a.name(), a.kind(), 0,
                    a.sessions() + b.sessions(), a.wallMillis() + b.wallMillis(), a.active() + b.active(), 0, 0, 0));
        }
        return sums.values().stream().map(d -> new MachineUsage(d.name(), d.kind(), Count.exact(d.sessions()),
                d.wallMillis() / 1000, d.active())).toList();
    }

    /**
     * Seconds per local weekday and hour. Ended sessions, their end capped at {@link #OCCUPANCY_CAP_MILLIS}, are
     * grouped by the unit (of {@link LocalOffset#unit}) they start in and the unit they end in, with the sums of their
     * starts and ends: a group's time in its first unit is {@code n × end of that unit − Σ start}, in its last unit
     * {@code Σ end − n × start of that unit}, and {@code n} whole units in between. One grouped pass, no join.
     */
    private static List<OccupancyCell> occupancy(Connection c, Window w) throws SQLException {
        long unit = LocalOffset.of(w.zone(), w.start(), w.end() + OCCUPANCY_CAP_MILLIS).unit();
        String end = "(case when s.ended_at - s.started_at > %d then s.started_at + %d else s.ended_at end)"
                .formatted(OCCUPANCY_CAP_MILLIS, OCCUPANCY_CAP_MILLIS);
        Map<Long, Long> cells = new HashMap<>();
        Sql.stream(c, """
                select s.started_at / %2$d as first_unit, (%1$s - 1) / %2$d as last_unit, count(*) as n,
                       sum(s.started_at) as starts, sum(%1$s) as ends
                  from sessions s where s.ended_at > s.started_at and %3$s
                 group by first_unit, last_unit""".formatted(end, unit, IN_PERIOD),
                rs -> new long[] {rs.getLong("first_unit"), rs.getLong("last_unit"), rs.getLong("n"),
                        rs.getLong("starts"), rs.getLong("ends")},
                rows -> {
                    rows.forEachRemaining(r -> {
                        long first = r[0];
                        long last = r[1];
                        long n = r[2];
                        if (first == last) {
                            cells.merge(cell(first, unit, w.zone()), r[4] - r[3], Long::sum);
                            return;
                        }
                        cells.merge(cell(first, unit, w.zone()), n * (first + 1) * unit - r[3], Long::sum);
                        for (long between = first + 1; between < last; between++) {
                            cells.merge(cell(between, unit, w.zone()), n * unit, Long::sum);
                        }
                        cells.merge(cell(last, unit, w.zone()), r[4] - n * last * unit, Long::sum);
                    });
                    return cells;
                }, w.start(), w.end());
        return cells.entrySet().stream().filter(e -> e.getValue() >= 1000)
                .map(e -> new OccupancyCell(DayOfWeek.of((int) (e.getKey() / 24)), (int) (e.getKey() % 24),
                        e.getValue() / 1000))
                .sorted(Comparator.comparing(OccupancyCell::day).thenComparingInt(OccupancyCell::hour)).toList();
    }

    /** The grid cell of a unit: weekday (1-7) × 24 + local hour. */
    private static long cell(long unitNo, long unit, ZoneId zone) {
        ZonedDateTime at = Instant.ofEpochMilli(unitNo * unit).atZone(zone);
        return at.getDayOfWeek().getValue() * 24L + at.getHour();
    }

    /**
     * Milliseconds of sessions inside free windows, and what those would have cost at list prices (members' sessions
     * on a priced machine, over its minimum). The period's ended sessions are joined with the free intervals by range
     * first, materialized (a few percent of the sessions), then grouped per session, since a session's price is not
     * linear in its free time: grouping before the join would sort every session of the period.
     */
    private static long[] free(Connection c, Window w) throws SQLException {
        return Sql.one(c, """
                with j as materialized (
                    select s.node_id, s.session_id, s.machine_id, s.member_id, s.ended_at - s.started_at as wall_ms,
                           s.active_seconds * 1000 as active_ms, %s as ms
                      from sessions s
                      join report_free x on x.a < s.ended_at and x.a > s.started_at - ? and x.b > s.started_at
                     where s.ended_at is not null and %s)
                select coalesce(sum(f.free_ms), 0) as free_ms,
                       sum(case when f.member_id is null or p.machine_kind is null or f.wall_ms <= 0
                                     or f.wall_ms < p.minimum_billable_minutes * 60000 then 0
                                else coalesce(f.free_ms * p.wall_cents_per_block / (p.wall_block_minutes * 60000), 0)
                                     + coalesce((f.free_ms * f.active_ms / f.wall_ms) * p.busy_cents_per_block
                                                / (p.busy_block_minutes * 60000), 0)
                                     + case when f.free_ms >= f.wall_ms then p.session_fee_cents else 0 end
                           end) as cents
                  from (select j.machine_id, j.member_id, j.wall_ms, j.active_ms, cast(sum(j.ms) as bigint) as free_ms
                          from j group by j.node_id, j.session_id, j.machine_id, j.member_id, j.wall_ms, j.active_ms) f
                  left join machines m on m.id = f.machine_id
                  left join price_lists p on p.machine_kind = m.kind""".formatted(OVERLAP, IN_PERIOD),
                rs -> new long[] {rs.getLong("free_ms"), rs.getLong("cents")},
                w.calendar().longestFree(), w.start(), w.end()).orElseThrow();
    }

    /** Every month of the period, from the grouped pass (sessions, wall time) and the visits (members). */
    private static List<MonthUsage> months(Window w, Usage usage, Visits visits) {
        Map<YearMonth, long[]> used = new HashMap<>();
        for (DayOfMachine d : usage.rows()) {
            long[] sums = used.computeIfAbsent(YearMonth.from(LocalDate.ofEpochDay(d.day())), m -> new long[2]);
            sums[0] += d.sessions();
            sums[1] += d.wallMillis();
        }
        List<MonthUsage> months = new ArrayList<>();
        for (YearMonth month = YearMonth.from(w.period().from()); !month.isAfter(YearMonth.from(w.period().to()));
             month = month.plusMonths(1)) {
            long[] sums = used.getOrDefault(month, new long[2]);
            months.add(new MonthUsage(month, Count.exact(sums[0]), sums[1] / 1000,
                    Count.exact(visits.membersPerMonth().getOrDefault(month, Set.of()).size())));
        }
        return months;
    }

    /** Named counts of the values' keys, sorted by name. */
    private static List<Share> counted(Collection<String[]> values, Function<String[], String> name) {
        Map<String, Long> counts = new TreeMap<>();
        values.forEach(v -> counts.merge(name.apply(v), 1L, Long::sum));
        return counts.entrySet().stream().map(e -> new Share(e.getKey(), Count.exact(e.getValue()))).toList();
    }

    private static ImpactFigures.Skills skills(Connection c, Window w) throws SQLException {
        long[] delivered = Sql.one(c, """
                select count(*) as n,
                       sum(case when exists (select 1 from trainers t
                                              where t.training_id = c.training_id and t.member_id = c.granted_by)
                                then 1 else 0 end) as peers
                  from certifications c where c.granted_at >= ? and c.granted_at < ?""",
                rs -> new long[] {rs.getLong("n"), rs.getLong("peers")}, w.start(), w.end()).orElseThrow();
        long firstTime = Sql.one(c, """
                select count(*) as n from (select member_id from certifications group by member_id
                                            having min(granted_at) >= ? and min(granted_at) < ?) f""",
                rs -> rs.getLong("n"), w.start(), w.end()).orElse(0L);
        // the instant a certification stops holding, as TrainingValidity computes it, disuse counted up to the end;
        // the last use is the member's latest session read backwards on sessions(member_id, started_at), stopping at
        // the first on a machine of the training: max() over the same rows would read all of them
        String expiry = """
                case when c.valid_until_override is not null then c.valid_until_override
                     when t.validity_kind = 'fixed-duration' then c.granted_at + t.validity_days * %1$d
                     when t.validity_kind = 'until-date' then u.expires_at
                     when t.validity_kind = 'lapses-after-disuse' then
                          coalesce((select case when s.started_at > c.granted_at then s.started_at
                                                else c.granted_at end
                                      from sessions s
                                     where s.member_id = c.member_id and s.started_at < ?
                                       and s.machine_id in (select m.id from machines m
                                                              join training_machine_kinds k on k.machine_kind = m.kind
                                                             where k.training_id = c.training_id)
                                     order by s.started_at desc limit 1), c.granted_at) + t.validity_days * %1$d
                end""".formatted(DAY_MILLIS);
        long[] validity = Sql.one(c, """
                select coalesce(sum(case when p.valid > 0 then 1 else 0 end), 0) as active,
                       coalesce(sum(case when p.valid = 0 and p.ended > 0 then 1 else 0 end), 0) as lapsed
                  from (select v.member_id, v.training_id,
                               max(case when (v.revoked_at is null or v.revoked_at >= ?)
                                             and (v.expires_at is null or v.expires_at >= ?) then 1 else 0 end) as valid,
                               max(case when (v.revoked_at >= ? and v.revoked_at < ?)
                                             or (v.expires_at >= ? and v.expires_at < ?
                                                 and (v.revoked_at is null or v.revoked_at > v.expires_at))
                                        then 1 else 0 end) as ended
                          from (select c.member_id, c.training_id, c.revoked_at, %s as expires_at
                                  from certifications c join trainings t on t.id = c.training_id
                                  left join report_until u on u.training_id = t.id
                                 where c.granted_at < ?) v
                         group by v.member_id, v.training_id) p""".formatted(expiry),
                rs -> new long[] {rs.getLong("active"), rs.getLong("lapsed")},
                w.end(), w.end(), w.start(), w.end(), w.start(), w.end(), w.end(), w.end()).orElseThrow();
        List<Share> perTraining = shares(c, """
                select coalesce(t.name, c.training_id) as name, count(*) as n
                  from certifications c left join trainings t on t.id = c.training_id
                 where c.granted_at >= ? and c.granted_at < ? group by c.training_id, t.name""", w.start(), w.end());
        return new ImpactFigures.Skills(Count.exact(delivered[0]), Count.exact(delivered[1]),
                Count.exact(delivered[0] - delivered[1]), Count.exact(validity[0]), Count.exact(validity[1]),
                Count.exact(firstTime), perTraining);
    }

    private static ImpactFigures.Materials materials(Connection c, Window w, Usage usage) throws SQLException {
        List<MaterialUse> consumables = Sql.list(c, """
                select coalesce(i.label, r.item_id) as label, coalesce(i.unit, 'unit') as unit,
                       sum(r.quantity) as quantity
                  from consumable_records r left join consumable_items i on i.id = r.item_id
                 where r.recorded_at >= ? and r.recorded_at < ? group by r.item_id, i.label, i.unit""",
                rs -> new MaterialUse(rs.getString("label"), rs.getString("unit"), rs.getLong("quantity")),
                w.start(), w.end());
        consumables = sorted(consumables, Comparator.comparing(MaterialUse::label).thenComparing(MaterialUse::unit));
        long[] records = Sql.one(c, """
                select sum(case when tag = 'repair' then 1 else 0 end) as repair,
                       sum(case when tag = 'reuse' then 1 else 0 end) as reuse
                  from consumable_records where recorded_at >= ? and recorded_at < ?""",
                rs -> new long[] {rs.getLong("repair"), rs.getLong("reuse")}, w.start(), w.end()).orElseThrow();
        return new ImpactFigures.Materials(consumables, Math.round(usage.energyWh()), Count.exact(usage.repair()),
                Count.exact(usage.reuse()), Count.exact(records[0]), Count.exact(records[1]));
    }

    /**
     * What the ledger charged in the period, net of reversals, by category of cause: {@code machine},
     * {@code consumables}, {@code plans}, {@code visits} (our members' visits at partners) and {@code other}.
     */
    private static Map<String, Long> revenue(Connection c, Window w) throws SQLException {
        String category = """
                case when k.cause like 'session:%' then 'machine'
                     when k.cause like 'consumable:%' then 'consumables'
                     when k.cause like 'plan-fee:%' then 'plans'
                     when k.cause like 'visit:%' then 'visits' else 'other' end""";
        Map<String, Long> revenue = new HashMap<>();
        Sql.list(c, """
                select %s as category, sum(k.amount_cents) as cents
                  from (select e.amount_cents, coalesce(r.cause, e.cause) as cause, coalesce(r.kind, e.kind) as kind
                          from ledger_entries e left join ledger_entries r on r.sequence = %s
                         where e.kind <> 'payment' and e.entry_date >= ? and e.entry_date <= ?) k
                 where k.kind <> 'payment'
                 group by %s""".formatted(category, REVERSED, category),
                rs -> revenue.put(rs.getString("category"), rs.getLong("cents")), w.period().from().toString(),
                w.period().to().toString());
        return revenue;
    }

    private static ImpactFigures.Money money(Connection c, Window w, long freeCents, Map<String, Long> revenue)
            throws SQLException {
        String from = w.period().from().toString();
        String to = w.period().to().toString();
        long group = Sql.one(c, """
                select sum(case when e.kind = 'correction' then -l.discount_cents else l.discount_cents end) as cents
                  from ledger_entries e join charge_lines l on l.ledger_sequence = coalesce(%s, e.sequence)
                 where e.kind in ('charge', 'correction') and e.entry_date >= ? and e.entry_date <= ?"""
                        .formatted(REVERSED), rs -> rs.getLong("cents"), from, to).orElse(0L);
        long outstanding = Sql.one(c, """
                select sum(b.owed) as cents from (select member_id, sum(amount_cents) as owed from ledger_entries
                                                   where entry_date <= ? and member_id not like 'network:%'
                                                   group by member_id) b where b.owed > 0""",
                rs -> rs.getLong("cents"), to).orElse(0L);
        return new ImpactFigures.Money(revenue.getOrDefault("machine", 0L), revenue.getOrDefault("consumables", 0L),
                revenue.getOrDefault("plans", 0L), revenue.getOrDefault("other", 0L), freeCents, group, outstanding);
    }

    /**
     * Visits between partner labs: partners' members here, from the visits pass; our members at partners, from the
     * receipts the partners sent (the wall time they receipted), by the visit's start. A receipt naming no member of
     * ours (parked, docs/network.md) counts nowhere.
     */
    private static ImpactFigures.Network network(Connection c, Window w, Visits visits, Map<String, Long> revenue)
            throws SQLException {
        long[] abroad = Sql.one(c, """
                select count(distinct r.member_id) as members, count(*) as n, sum(r.wall_seconds) as wall
                  from partner_receipts_in r join members m on m.id = r.member_id
                 where r.visit_start >= ? and r.visit_start < ?""",
                rs -> new long[] {rs.getLong("members"), rs.getLong("n"), rs.getLong("wall")},
                w.start(), w.end()).orElseThrow();
        return new ImpactFigures.Network(Count.exact(visits.visitors().size()), Count.exact(visits.hosted()[0]),
                visits.hosted()[1] / 1000, Count.exact(abroad[0]), Count.exact(abroad[1]), abroad[2],
                revenue.getOrDefault("visits", 0L));
    }

    /** Named counts from rows {@code name, n}, sorted by name (in Java: the databases collate text differently). */
    private static List<Share> shares(Connection c, String sql, Object... parameters) throws SQLException {
        return sorted(Sql.list(c, sql, rs -> new Share(rs.getString("name"), Count.exact(rs.getLong("n"))),
                parameters), Comparator.comparing(Share::name));
    }

    private static <T> List<T> sorted(List<T> rows, Comparator<T> order) {
        List<T> copy = new ArrayList<>(rows);
        copy.sort(order);
        return copy;
    }

    /**
     * The zone's offsets between two instants, as SQL arithmetic. The numbers are computed here from the zone rules,
     * never text from outside, and written as literals so that each statement stays one plan.
     *
     * @param transitions the instants (epoch ms) at which the offset changes, ascending
     * @param offsets     the offset (ms) before the first transition, then after each
     */
    record LocalOffset(List<Long> transitions, List<Long> offsets) {
        static LocalOffset of(ZoneId zone, long from, long to) {
            ZoneRules rules = zone.getRules();
            List<Long> transitions = new ArrayList<>();
            List<Long> offsets = new ArrayList<>();
            offsets.add(rules.getOffset(Instant.ofEpochMilli(from)).getTotalSeconds() * 1000L);
            for (ZoneOffsetTransition t = rules.nextTransition(Instant.ofEpochMilli(from));
                 t != null && t.toEpochSecond() * 1000 < to; t = rules.nextTransition(t.getInstant())) {
                transitions.add(t.toEpochSecond() * 1000);
                offsets.add(t.getOffsetAfter().getTotalSeconds() * 1000L);
            }
            return new LocalOffset(List.copyOf(transitions), List.copyOf(offsets));
        }

        /** The offset (ms) at the instant {@code column} holds, as an SQL expression. */
        String sql(String column) {
            if (transitions.isEmpty()) {
                return Long.toString(offsets.get(0));
            }
            StringBuilder sql = new StringBuilder("case");
            for (int i = 0; i < transitions.size(); i++) {
                sql.append(" when ").append(column).append(" < ").append(transitions.get(i)).append(" then ")
                        .append(offsets.get(i));
            }
            return sql.append(" else ").append(offsets.get(offsets.size() - 1)).append(" end").toString();
        }

        /**
         * The longest span of UTC time (ms) dividing an hour, every offset and every transition: each unit
         * {@code [n × unit, (n + 1) × unit)} lies in one local hour. An hour for zones with whole-hour offsets.
         */
        long unit() {
            long unit = HOUR_MILLIS;
            for (long offset : offsets) {
                unit = gcd(unit, Math.abs(offset));
            }
            for (long transition : transitions) {
                unit = gcd(unit, Math.floorMod(transition, HOUR_MILLIS));
            }
            return unit;
        }

        private static long gcd(long a, long b) {
            return b == 0 ? a : gcd(b, a % b);
        }
    }

    /**
     * The temporary tables of one report, on the report's connection: {@code report_free(a, b)}, the free windows'
     * intervals from the period's first day to the end of the last session starting in it; and
     * {@code report_until(training_id, expires_at)}, the expiry instant of each until-date training.
     */
    private record Calendar(long longestFree) {
        private static final String[] TABLES = {"report_free", "report_until"};

        static Calendar write(Connection c, ReportPeriod period, ZoneId zone, FreeWindows free, Instant horizon)
                throws SQLException {
            drop(c);
            try (Statement ddl = c.createStatement()) {
                ddl.execute("create temporary table report_free (a bigint primary key, b bigint not null)");
                ddl.execute("create temporary table report_until (training_id text primary key,"
                        + " expires_at bigint not null)");
            }
            long longestFree = 1;
            try (PreparedStatement ps = c.prepareStatement("insert into report_free values (?, ?)")) {
                LocalDate last = horizon.atZone(zone).toLocalDate();
                for (LocalDate day = period.from(); !day.isAfter(last); day = day.plusDays(1)) {
                    for (FreeWindows.Span span : free.on(day, zone)) {
                        longestFree = Math.max(longestFree, Duration.between(span.from(), span.to()).toMillis());
                        ps.setLong(1, span.from().toEpochMilli());
                        ps.setLong(2, span.to().toEpochMilli());
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
            List<String[]> untilDates = Sql.list(c, """
                    select id, validity_until from trainings
                     where validity_kind = 'until-date' and validity_until is not null""",
                    rs -> new String[] {rs.getString("id"), rs.getString("validity_until")});
            try (PreparedStatement ps = c.prepareStatement("insert into report_until values (?, ?)")) {
                for (String[] training : untilDates) {
                    ps.setString(1, training[0]);
                    ps.setLong(2, LocalDate.parse(training[1]).plusDays(1).atStartOfDay(zone).toInstant()
                            .toEpochMilli());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return new Calendar(longestFree);
        }

        static void drop(Connection c) throws SQLException {
            try (Statement ddl = c.createStatement()) {
                for (String table : TABLES) {
                    ddl.execute("drop table if exists " + table);
                }
            }
        }
    }
}
