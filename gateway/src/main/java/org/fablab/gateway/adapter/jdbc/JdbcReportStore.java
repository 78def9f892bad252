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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.fablab.gateway.billing.FreeWindows;
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
 * {@link ReportStore} over JDBC: every figure is one SQL aggregate, the same statement on SQLite and PostgreSQL; only
 * aggregated rows (per machine, per weekday and hour, per month…) come back. What needs the lab's time zone (local
 * days, hours, months, free windows, across DST changes) is not asked of the database: the store writes the period's
 * local hour slots and free intervals into two small temporary tables and joins sessions with them by epoch
 * milliseconds. A session overlaps few slots, found through the slots' primary key, so the joins stay bounded.
 *
 * <p>The definitions are in docs/impact.md ("Definitions"); in short, a session belongs to the period it starts in,
 * and its time is spread over the hours and free windows it really covered. Blocking; call it on a worker.
 */
public final class JdbcReportStore implements ReportStore {
    private static final long DAY_MILLIS = 86_400_000L;
    /** Sessions starting in the period: {@code ?} = period start, period end (epoch ms). */
    private static final String IN_PERIOD = "s.started_at >= ? and s.started_at < ?";
    /** Milliseconds of session {@code s} inside the interval {@code [x.a, x.b)}; least/greatest differ per database. */
    private static final String OVERLAP = """
            (case when s.ended_at < x.b then s.ended_at else x.b end)
              - (case when s.started_at > x.a then s.started_at else x.a end)""";
    /**
     * Joins the slot holding the session's start; {@code ?} = the longest slot (ms): the primary key finds the few
     * candidates.
     */
    private static final String START_SLOT = """
            join report_slots x on x.a <= s.started_at and x.a > s.started_at - ? and x.b > s.started_at""";
    /** Joins every interval of {@code %s} that the ended session overlaps; {@code ?} = the longest interval (ms). */
    private static final String OVERLAPPING = """
            join %s x on x.a < s.ended_at and x.a > s.started_at - ? and x.b > s.started_at""";
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
                return new ImpactFigures(people(c, w, settings), machines(c, w), skills(c, w), materials(c, w),
                        money(c, w), months(c, w));
            } finally {
                Calendar.drop(c);
            }
        });
    }

    /** The period as epoch milliseconds {@code [start, end)}, with its calendar. */
    private record Window(long start, long end, ReportPeriod period, ZoneId zone, Calendar calendar) {
    }

    private static ImpactFigures.People people(Connection c, Window w, ReportSettings settings) throws SQLException {
        long active = Sql.one(c, "select count(distinct s.member_id) as n from sessions s where " + IN_PERIOD,
                rs -> rs.getLong("n"), w.start(), w.end()).orElse(0L);
        long created = Sql.one(c, "select count(*) as n from members where created_at >= ? and created_at < ?",
                rs -> rs.getLong("n"), w.start(), w.end()).orElse(0L);
        long regular = Sql.one(c, """
                select count(*) as n from (
                    select s.member_id from sessions s %s
                     where s.member_id is not null and %s
                     group by s.member_id having count(distinct x.day_no) >= ?) r""".formatted(START_SLOT, IN_PERIOD),
                rs -> rs.getLong("n"), w.calendar().longestSlot(), w.start(), w.end(), settings.regularMinDays())
                .orElse(0L);
        String activeMembers = """
                (select distinct s.member_id from sessions s where s.member_id is not null and %s) a
                left join members m on m.id = a.member_id""".formatted(IN_PERIOD);
        List<Share> byGroup = shares(c, "select coalesce(m.member_group, '') as name, count(*) as n from "
                + activeMembers + " group by coalesce(m.member_group, '')", w.start(), w.end());
        List<Share> byTerritory = shares(c, "select coalesce(m.territory, '') as name, count(*) as n from "
                + activeMembers + " group by coalesce(m.territory, '')", w.start(), w.end());
        return new ImpactFigures.People(Count.exact(active), Count.exact(created), Count.exact(regular),
                Count.exact(active - regular), byGroup, byTerritory);
    }

    private static ImpactFigures.Machines machines(Connection c, Window w) throws SQLException {
        String usage = """
                select %s, count(*) as n,
                       sum(case when s.ended_at is null then 0 else s.ended_at - s.started_at end) as wall_ms,
                       sum(s.active_seconds) as active
                  from sessions s left join machines m on m.id = s.machine_id
                 where %s group by %s""";
        List<MachineUsage> perMachine = Sql.list(c, usage.formatted(
                        "coalesce(m.name, s.machine_id) as name, coalesce(m.kind, '') as kind",
                        IN_PERIOD, "s.machine_id, m.name, m.kind"),
                rs -> new MachineUsage(rs.getString("name"), rs.getString("kind"), Count.exact(rs.getLong("n")),
                        rs.getLong("wall_ms") / 1000, rs.getLong("active")), w.start(), w.end());
        perMachine = sorted(perMachine, Comparator.comparing(MachineUsage::name).thenComparing(MachineUsage::kind));
        List<MachineUsage> perKind = Sql.list(c, usage.formatted("coalesce(m.kind, '') as kind", IN_PERIOD,
                        "coalesce(m.kind, '')"),
                rs -> new MachineUsage(rs.getString("kind"), rs.getString("kind"), Count.exact(rs.getLong("n")),
                        rs.getLong("wall_ms") / 1000, rs.getLong("active")), w.start(), w.end());
        perKind = sorted(perKind, Comparator.comparing(MachineUsage::name));
        long sessions = perKind.stream().mapToLong(u -> ((Count.Exact) u.sessions()).value()).sum();
        long wallMillis = Sql.one(c, """
                select sum(case when s.ended_at is null then 0 else s.ended_at - s.started_at end) as wall_ms
                  from sessions s where\s""" + IN_PERIOD, rs -> rs.getLong("wall_ms"), w.start(), w.end()).orElse(0L);
        long active = perKind.stream().mapToLong(MachineUsage::activeSeconds).sum();
        long freeMillis = Sql.one(c, "select sum(" + OVERLAP + ") as free_ms from sessions s "
                        + OVERLAPPING.formatted("report_free") + " where s.ended_at is not null and " + IN_PERIOD,
                rs -> rs.getLong("free_ms"), w.calendar().longestFree(), w.start(), w.end()).orElse(0L);
        List<OccupancyCell> occupancy = Sql.list(c, "select x.weekday, x.hour, sum(" + OVERLAP + ") as ms"
                        + " from sessions s " + OVERLAPPING.formatted("report_slots")
                        + " where s.ended_at is not null and " + IN_PERIOD + " group by x.weekday, x.hour",
                rs -> new OccupancyCell(DayOfWeek.of(rs.getInt("weekday")), rs.getInt("hour"), rs.getLong("ms") / 1000),
                w.calendar().longestSlot(), w.start(), w.end());
        occupancy = sorted(occupancy.stream().filter(cell -> cell.seconds() > 0).toList(),
                Comparator.comparing(OccupancyCell::day).thenComparingInt(OccupancyCell::hour));
        List<Share> refusals = shares(c, """
                select reason as name, count(*) as n from access_refusals
                 where occurred_at >= ? and occurred_at < ? group by reason""", w.start(), w.end());
        return new ImpactFigures.Machines(Count.exact(sessions), wallMillis / 1000, active, freeMillis / 1000,
                perMachine, perKind, occupancy, refusals);
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
        // the instant a certification stops holding, as TrainingValidity computes it, disuse counted up to the end
        String expiry = """
                case when c.valid_until_override is not null then c.valid_until_override
                     when t.validity_kind = 'fixed-duration' then c.granted_at + t.validity_days * %1$d
                     when t.validity_kind = 'until-date' then u.expires_at
                     when t.validity_kind = 'lapses-after-disuse' then
                          coalesce((select case when max(s.started_at) > c.granted_at then max(s.started_at)
                                                else c.granted_at end
                                      from sessions s join machines m on m.id = s.machine_id
                                      join training_machine_kinds k on k.machine_kind = m.kind
                                     where k.training_id = c.training_id and s.member_id = c.member_id
                                       and s.started_at < ?), c.granted_at) + t.validity_days * %1$d
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

    private static ImpactFigures.Materials materials(Connection c, Window w) throws SQLException {
        List<MaterialUse> consumables = Sql.list(c, """
                select coalesce(i.label, r.item_id) as label, coalesce(i.unit, 'unit') as unit,
                       sum(r.quantity) as quantity
                  from consumable_records r left join consumable_items i on i.id = r.item_id
                 where r.recorded_at >= ? and r.recorded_at < ? group by r.item_id, i.label, i.unit""",
                rs -> new MaterialUse(rs.getString("label"), rs.getString("unit"), rs.getLong("quantity")),
                w.start(), w.end());
        consumables = sorted(consumables, Comparator.comparing(MaterialUse::label).thenComparing(MaterialUse::unit));
        long[] sessions = Sql.one(c, """
                select sum(s.energy_wh) as energy,
                       sum(case when s.tag = 'repair' then 1 else 0 end) as repair,
                       sum(case when s.tag = 'reuse' then 1 else 0 end) as reuse
                  from sessions s where\s""" + IN_PERIOD,
                rs -> new long[] {Math.round(rs.getDouble("energy")), rs.getLong("repair"), rs.getLong("reuse")},
                w.start(), w.end()).orElseThrow();
        long[] records = Sql.one(c, """
                select sum(case when tag = 'repair' then 1 else 0 end) as repair,
                       sum(case when tag = 'reuse' then 1 else 0 end) as reuse
                  from consumable_records where recorded_at >= ? and recorded_at < ?""",
                rs -> new long[] {rs.getLong("repair"), rs.getLong("reuse")}, w.start(), w.end()).orElseThrow();
        return new ImpactFigures.Materials(consumables, sessions[0], Count.exact(sessions[1]),
                Count.exact(sessions[2]), Count.exact(records[0]), Count.exact(records[1]));
    }

    private static ImpactFigures.Money money(Connection c, Window w) throws SQLException {
        String from = w.period().from().toString();
        String to = w.period().to().toString();
        Map<String, Long> revenue = new HashMap<>();
        Sql.list(c, """
                select case when k.cause like 'session:%%' then 'machine'
                            when k.cause like 'consumable:%%' then 'consumables'
                            when k.cause like 'plan-fee:%%' then 'plans' else 'other' end as category,
                       sum(k.amount_cents) as cents
                  from (select e.amount_cents, coalesce(r.cause, e.cause) as cause, coalesce(r.kind, e.kind) as kind
                          from ledger_entries e left join ledger_entries r on r.sequence = %s
                         where e.kind <> 'payment' and e.entry_date >= ? and e.entry_date <= ?) k
                 where k.kind <> 'payment'
                 group by case when k.cause like 'session:%%' then 'machine'
                               when k.cause like 'consumable:%%' then 'consumables'
                               when k.cause like 'plan-fee:%%' then 'plans' else 'other' end""".formatted(REVERSED),
                rs -> revenue.put(rs.getString("category"), rs.getLong("cents")), from, to);
        long group = Sql.one(c, """
                select sum(case when e.kind = 'correction' then -l.discount_cents else l.discount_cents end) as cents
                  from ledger_entries e join charge_lines l on l.ledger_sequence = coalesce(%s, e.sequence)
                 where e.kind in ('charge', 'correction') and e.entry_date >= ? and e.entry_date <= ?"""
                        .formatted(REVERSED), rs -> rs.getLong("cents"), from, to).orElse(0L);
        long free = Sql.one(c, """
                select sum(coalesce(f.free_ms * p.wall_cents_per_block / (p.wall_block_minutes * 60000), 0)
                           + coalesce((f.free_ms * f.active_ms / f.wall_ms) * p.busy_cents_per_block
                                      / (p.busy_block_minutes * 60000), 0)
                           + case when f.free_ms >= f.wall_ms then p.session_fee_cents else 0 end) as cents
                  from (select m.kind, s.ended_at - s.started_at as wall_ms, s.active_seconds * 1000 as active_ms,
                               cast(sum(%s) as bigint) as free_ms
                          from sessions s join machines m on m.id = s.machine_id %s
                         where s.member_id is not null and s.ended_at > s.started_at and %s
                         group by s.node_id, s.session_id, m.kind, s.started_at, s.ended_at, s.active_seconds) f
                  join price_lists p on p.machine_kind = f.kind
                 where f.wall_ms >= p.minimum_billable_minutes * 60000""".formatted(OVERLAP,
                        OVERLAPPING.formatted("report_free"), IN_PERIOD),
                rs -> rs.getLong("cents"), w.calendar().longestFree(), w.start(), w.end()).orElse(0L);
        long outstanding = Sql.one(c, """
                select sum(b.owed) as cents from (select member_id, sum(amount_cents) as owed from ledger_entries
                                                   where entry_date <= ? group by member_id) b where b.owed > 0""",
                rs -> rs.getLong("cents"), to).orElse(0L);
        return new ImpactFigures.Money(revenue.getOrDefault("machine", 0L), revenue.getOrDefault("consumables", 0L),
                revenue.getOrDefault("plans", 0L), revenue.getOrDefault("other", 0L), free, group, outstanding);
    }

    private static List<MonthUsage> months(Connection c, Window w) throws SQLException {
        Map<Integer, MonthUsage> used = new HashMap<>();
        Sql.list(c, """
                select x.month_no, count(*) as n, count(distinct s.member_id) as members,
                       sum(case when s.ended_at is null then 0 else s.ended_at - s.started_at end) as wall_ms
                  from sessions s %s where %s group by x.month_no""".formatted(START_SLOT, IN_PERIOD),
                rs -> used.put(rs.getInt("month_no"), new MonthUsage(Calendar.month(rs.getInt("month_no")),
                        Count.exact(rs.getLong("n")), rs.getLong("wall_ms") / 1000,
                        Count.exact(rs.getLong("members")))),
                w.calendar().longestSlot(), w.start(), w.end());
        List<MonthUsage> months = new ArrayList<>();
        for (YearMonth month = YearMonth.from(w.period().from()); !month.isAfter(YearMonth.from(w.period().to()));
             month = month.plusMonths(1)) {
            months.add(used.getOrDefault(Calendar.monthNo(month),
                    new MonthUsage(month, Count.exact(0), 0, Count.exact(0))));
        }
        return months;
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
     * The temporary tables of one report, on the report's connection: {@code report_slots(a, b, weekday, hour, day_no,
     * month_no)}, one row per local hour {@code [a, b)} from the period's first local midnight to the end of the last
     * session starting in it; {@code report_free(a, b)}, the free windows' intervals over the same days; and
     * {@code report_until(training_id, expires_at)}, the expiry instant of each until-date training.
     */
    private record Calendar(long longestSlot, long longestFree) {
        private static final String[] TABLES = {"report_slots", "report_free", "report_until"};

        static Calendar write(Connection c, ReportPeriod period, ZoneId zone, FreeWindows free, Instant horizon)
                throws SQLException {
            drop(c);
            try (Statement ddl = c.createStatement()) {
                ddl.execute("create temporary table report_slots (a bigint primary key, b bigint not null,"
                        + " weekday int not null, hour int not null, day_no bigint not null, month_no int not null)");
                ddl.execute("create temporary table report_free (a bigint primary key, b bigint not null)");
                ddl.execute("create temporary table report_until (training_id text primary key,"
                        + " expires_at bigint not null)");
            }
            long longestSlot = 1;
            try (PreparedStatement ps = c.prepareStatement("insert into report_slots values (?, ?, ?, ?, ?, ?)")) {
                ZonedDateTime slot = period.from().atStartOfDay(zone);
                while (slot.toInstant().isBefore(horizon)) {
                    ZonedDateTime next = slot.plusHours(1);
                    longestSlot = Math.max(longestSlot, Duration.between(slot, next).toMillis());
                    ps.setLong(1, slot.toInstant().toEpochMilli());
                    ps.setLong(2, next.toInstant().toEpochMilli());
                    ps.setInt(3, slot.getDayOfWeek().getValue());
                    ps.setInt(4, slot.getHour());
                    ps.setLong(5, slot.toLocalDate().toEpochDay());
                    ps.setInt(6, monthNo(YearMonth.from(slot)));
                    ps.addBatch();
                    slot = next;
                }
                ps.executeBatch();
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
            return new Calendar(longestSlot, longestFree);
        }

        static void drop(Connection c) throws SQLException {
            try (Statement ddl = c.createStatement()) {
                for (String table : TABLES) {
                    ddl.execute("drop table if exists " + table);
                }
            }
        }

        static int monthNo(YearMonth month) {
            return month.getYear() * 12 + month.getMonthValue() - 1;
        }

        static YearMonth month(int monthNo) {
            return YearMonth.of(monthNo / 12, monthNo % 12 + 1);
        }
    }
}
