package org.fablab.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.SplittableRandom;
import javax.sql.DataSource;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcReportStore;
import org.fablab.gateway.billing.FreeWindows;
import org.fablab.gateway.report.ImpactFigures;
import org.fablab.gateway.report.ReportPeriod;
import org.fablab.gateway.report.ReportSettings;

/**
 * The yearly impact report ({@link JdbcReportStore}) over a year of usage, 1,000,000 sessions of 300 members by
 * default, beside a plain {@code select count(*) from sessions} scan of the same table in the same run (best of
 * three each, alternating), and the peak heap the process used: run it with {@code -Xmx64m} to show that the report
 * does not load sessions. The data is written once per database and reused while its session count matches.
 * Usage: {@code java -Xmx64m -cp bench/target/bench.jar org.fablab.bench.ReportBenchmark [sessions] [jdbc url]};
 * the default URL is a SQLite file in the temporary folder. See docs/performance.md.
 */
public final class ReportBenchmark {
    private static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    private static final ReportPeriod YEAR = ReportPeriod.year(2026);
    private static final int MEMBERS = 300;
    private static final String[] KINDS = {"laser-cutter", "3d-printer", "cnc"};
    private static final int MACHINES = 12;
    private static final int ROUNDS = 3;

    private ReportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long sessions = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        String url = args.length > 1 ? args[1]
                : "jdbc:sqlite:" + System.getProperty("java.io.tmpdir") + "/fablab-bench-report.db";
        FreeWindows saturdays = new FreeWindows(List.of(
                new FreeWindows.Window(DayOfWeek.SATURDAY, LocalTime.of(14, 0), LocalTime.of(18, 0))));
        try (Database database = Database.open(url, "", "", 2)) {
            DataSource data = database.dataSource();
            long started = System.nanoTime();
            boolean written = ensure(data, sessions);
            if (written) {
                System.out.printf("wrote %,d sessions in %.1f s%n", sessions, (System.nanoTime() - started) / 1e9);
            }
            JdbcReportStore store = new JdbcReportStore(data);
            resetPeaks();
            double bestReport = Double.MAX_VALUE;
            double bestScan = Double.MAX_VALUE;
            ImpactFigures figures = null;
            for (int round = 1; round <= ROUNDS; round++) {
                started = System.nanoTime();
                long counted = count(data);
                double scan = (System.nanoTime() - started) / 1e9;
                started = System.nanoTime();
                figures = store.figures(YEAR, ZONE, saturdays, new ReportSettings(4, 5));
                double report = (System.nanoTime() - started) / 1e9;
                System.out.printf("round %d: report %.2f s, count(*) of %,d sessions %.3f s%n", round, report, counted,
                        scan);
                bestReport = Math.min(bestReport, report);
                bestScan = Math.min(bestScan, scan);
            }
            System.out.printf("| figure | value | baseline (same run) | ratio |%n|---|---|---|---|%n");
            System.out.printf("| yearly impact report, %,d sessions of %d members (%s), best of %d, s | %.2f "
                    + "| `select count(*) from sessions`: %.3f s | %.1f |%n", sessions, MEMBERS,
                    url.startsWith("jdbc:sqlite:") ? "SQLite" : "PostgreSQL", ROUNDS, bestReport, bestScan,
                    bestReport / bestScan);
            System.out.printf("| peak heap used during the rounds, MiB (max heap %d MiB) | %.1f | | |%n",
                    Runtime.getRuntime().maxMemory() >> 20, peakHeap() / 1048576.0);
            System.out.printf("(check: %s sessions, %s active members, %d occupancy cells; %d cores; %s)%n",
                    figures.machines().sessions(), figures.people().activeMembers(),
                    figures.machines().occupancy().size(), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.version"));
        }
    }

    private static long count(DataSource data) throws SQLException {
        try (Connection c = data.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from sessions")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Writes the year's usage unless the database already holds exactly {@code sessions} sessions. */
    private static boolean ensure(DataSource data, long sessions) throws SQLException {
        if (count(data) == sessions) {
            return false;
        }
        SplittableRandom random = new SplittableRandom(16);
        long yearStart = Instant.parse("2025-12-31T23:00:00Z").toEpochMilli();
        long yearMillis = 365L * 86_400_000L;
        try (Connection c = data.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String table : List.of("sessions", "consumable_records", "certifications", "access_refusals",
                        "training_machine_kinds", "trainings", "price_lists", "badges", "nodes", "machines")) {
                    s.execute("delete from " + table);
                }
                s.execute("delete from members");
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into members (id, display_name, active, number, member_group, territory, created_at)
                    values (?, ?, true, ?, ?, ?, ?)""")) {
                for (int m = 0; m < MEMBERS; m++) {
                    ps.setString(1, "m-" + m);
                    ps.setString(2, "Member " + m);
                    ps.setInt(3, m + 1);
                    ps.setString(4, m % 3 == 0 ? "students" : null);
                    ps.setString(5, "commune-" + m % 17);
                    ps.setLong(6, yearStart + random.nextLong(yearMillis));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into machines (id, name, kind) values (?, ?, ?)")) {
                for (int m = 0; m < MACHINES; m++) {
                    ps.setString(1, "machine-" + m);
                    ps.setString(2, "Machine " + m);
                    ps.setString(3, KINDS[m % KINDS.length]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into price_lists (machine_kind, wall_block_minutes, wall_cents_per_block, session_fee_cents,
                                             minimum_billable_minutes, daily_cap_cents, vat_basis_points, updated_at)
                    values (?, 15, 200, 100, 1, 0, 2000, 0)""")) {
                for (String kind : KINDS) {
                    ps.setString(1, kind);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into sessions (node_id, session_id, machine_id, member_id, credential_hash, started_at,
                                          ended_at, wall_seconds, active_seconds, energy_wh, end_reason, interrupted,
                                          offline, tag)
                    values (?, ?, ?, ?, 'hash', ?, ?, ?, ?, ?, 'badge-out', false, false, ?)""")) {
                for (long i = 0; i < sessions; i++) {
                    int machine = random.nextInt(MACHINES);
                    long start = yearStart + random.nextLong(yearMillis);
                    long wall = 300 + random.nextLong(3 * 3600);
                    ps.setString(1, "machine-" + machine);
                    ps.setString(2, "s-" + i);
                    ps.setString(3, "machine-" + machine);
                    ps.setString(4, "m-" + random.nextInt(MEMBERS));
                    ps.setLong(5, start);
                    ps.setLong(6, start + wall * 1000);
                    ps.setLong(7, wall);
                    ps.setLong(8, wall / 2);
                    ps.setDouble(9, wall / 36.0);
                    int tag = random.nextInt(20);
                    ps.setString(10, tag == 0 ? "repair" : tag == 1 ? "reuse" : null);
                    ps.addBatch();
                    if (i % 10_000 == 9_999) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
        return true;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    /** The heap pools' peaks added up: an upper bound of the heap used at any one time. */
    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }
}
