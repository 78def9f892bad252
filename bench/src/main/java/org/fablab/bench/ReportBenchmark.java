package org.fablab.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.fablab.gateway.report.ImpactFigures.OccupancyCell;
import org.fablab.gateway.report.ReportPeriod;
import org.fablab.gateway.report.ReportSettings;

/**
 * The yearly impact report ({@link JdbcReportStore}) over a year of usage, 1,000,000 sessions of 300 members by
 * default, with certifications, consumables, refusals and ledger entries so that every query has rows, beside two
 * baselines in the same run (best of three each, alternating): {@code select count(*) from sessions}, and one plain
 * pass over the year's sessions reading the columns the report reads. It prints the heap used once the data is
 * written (after a GC) and the peak heap of the rounds: run it with {@code -Xmx64m} to show that the report does not
 * load sessions. The data is written once per database and reused while its session count matches.
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
    private static final int TRAINERS = 5;
    private static final int CONSUMABLE_RECORDS = 30_000;
    private static final int REFUSALS = 20_000;
    private static final int LEDGER_ENTRIES = 200_000;
    private static final long YEAR_START = Instant.parse("2025-12-31T23:00:00Z").toEpochMilli();
    private static final long YEAR_MILLIS = 365L * 86_400_000L;
    /** The columns the report reads from a period's sessions, in one pass: the fair baseline. */
    private static final String COLUMN_SCAN = """
            select sum(s.ended_at - s.started_at), sum(s.active_seconds), sum(s.energy_wh), count(s.member_id),
                   count(s.machine_id), count(s.tag)
              from sessions s where s.started_at >= ? and s.started_at < ?""";

    private ReportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long sessions = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        String url = args.length > 1 ? args[1]
                : "jdbc:sqlite:" + System.getProperty("java.io.tmpdir") + "/fablab-bench-report.db";
        FreeWindows saturdays = new FreeWindows(List.of(
                new FreeWindows.Window(DayOfWeek.SATURDAY, LocalTime.of(14, 0), LocalTime.of(18, 0))));
        System.out.printf("load average at start: %s%n", loadAverage());
        try (Database database = Database.open(url, "", "", 2)) {
            DataSource data = database.dataSource();
            long started = System.nanoTime();
            boolean written = ensure(data, sessions);
            if (written) {
                System.out.printf("wrote %,d sessions and the rest in %.1f s%n", sessions,
                        (System.nanoTime() - started) / 1e9);
            }
            analyze(data);
            JdbcReportStore store = new JdbcReportStore(data);
            System.gc();
            long loadedHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            resetPeaks();
            double bestReport = Double.MAX_VALUE;
            double bestCount = Double.MAX_VALUE;
            double bestScan = Double.MAX_VALUE;
            ImpactFigures figures = null;
            for (int round = 1; round <= ROUNDS; round++) {
                started = System.nanoTime();
                long counted = count(data);
                double count = (System.nanoTime() - started) / 1e9;
                started = System.nanoTime();
                scan(data);
                double scan = (System.nanoTime() - started) / 1e9;
                started = System.nanoTime();
                figures = store.figures(YEAR, ZONE, saturdays, new ReportSettings(4, 5));
                double report = (System.nanoTime() - started) / 1e9;
                System.out.printf("round %d: report %.2f s, column scan %.3f s, count(*) of %,d sessions %.3f s%n",
                        round, report, scan, counted, count);
                bestReport = Math.min(bestReport, report);
                bestCount = Math.min(bestCount, count);
                bestScan = Math.min(bestScan, scan);
            }
            String engine = url.startsWith("jdbc:sqlite:") ? "SQLite" : "PostgreSQL";
            System.out.printf("| figure | value | baseline (same run) | ratio |%n|---|---|---|---|%n");
            System.out.printf("| yearly impact report, %,d sessions of %d members (%s), best of %d, s | %.2f "
                    + "| one pass over the year's sessions reading the report's columns: %.3f s | %.1f |%n",
                    sessions, MEMBERS, engine, ROUNDS, bestReport, bestScan, bestReport / bestScan);
            System.out.printf("| the same report, s | %.2f | `select count(*) from sessions`: %.3f s | %.1f |%n",
                    bestReport, bestCount, bestReport / bestCount);
            double peak = peakHeap() / 1048576.0;
            double loaded = loadedHeap / 1048576.0;
            System.out.printf("| peak heap used during the rounds, MiB (max heap %d MiB) | %.1f "
                    + "| heap used after writing the data and a GC: %.1f MiB | %.1f |%n",
                    Runtime.getRuntime().maxMemory() >> 20, peak, loaded, peak / loaded);
            System.out.printf("(check: %s sessions, %s active members, %d occupancy cells adding up to %d s of %d s "
                    + "wall time, %s certifications, %d refusal reasons, %d cents of machine time; %d cores; %s)%n",
                    figures.machines().sessions(), figures.people().activeMembers(),
                    figures.machines().occupancy().size(),
                    figures.machines().occupancy().stream().mapToLong(OccupancyCell::seconds).sum(),
                    figures.machines().wallSeconds(), figures.skills().delivered(),
                    figures.machines().refusals().size(), figures.money().machineTimeCents(),
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
        }
        System.out.printf("load average at end: %s%n", loadAverage());
    }

    /**
     * Table statistics, as PostgreSQL's autovacuum would gather them after such a load: without them its planner
     * takes the million fresh rows for a few thousand.
     */
    private static void analyze(DataSource data) throws SQLException {
        try (Connection c = data.getConnection(); Statement s = c.createStatement()) {
            s.execute("analyze");
        }
    }

    private static String loadAverage() throws IOException {
        Path loadavg = Path.of("/proc/loadavg");
        return Files.exists(loadavg) ? Files.readString(loadavg).trim() : "unknown";
    }

    private static void scan(DataSource data) throws SQLException {
        try (Connection c = data.getConnection(); PreparedStatement s = c.prepareStatement(COLUMN_SCAN)) {
            s.setLong(1, YEAR_START);
            s.setLong(2, YEAR_START + YEAR_MILLIS);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
            }
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
        long yearStart = YEAR_START;
        long yearMillis = YEAR_MILLIS;
        try (Connection c = data.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String table : List.of("sessions", "consumable_records", "consumable_items", "certifications",
                        "access_refusals", "trainers", "training_machine_kinds", "trainings", "price_lists", "badges",
                        "nodes", "machines")) {
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
            skills(c, random);
            materials(c, random);
            refusals(c, random);
            ledger(c, random);
            c.commit();
        }
        return true;
    }

    /**
     * One training per kind, one of each validity rule (the disuse rule looks up each holder's last session);
     * {@value #TRAINERS} trainers each; about two certifications per member over 2025-2026, most granted by a trainer.
     */
    private static void skills(Connection c, SplittableRandom random) throws SQLException {
        String[][] trainings = {{"lapses-after-disuse", "180", null}, {"fixed-duration", "365", null},
                {"until-date", null, "2026-12-31"}};
        try (PreparedStatement training = c.prepareStatement("""
                insert into trainings (id, name, category, validity_kind, validity_days, validity_until)
                values (?, ?, 'machine', ?, ?, ?)""");
             PreparedStatement kind = c.prepareStatement(
                     "insert into training_machine_kinds (training_id, machine_kind) values (?, ?)");
             PreparedStatement trainer = c.prepareStatement(
                     "insert into trainers (training_id, member_id) values (?, ?)")) {
            for (int t = 0; t < KINDS.length; t++) {
                training.setString(1, "t-" + KINDS[t]);
                training.setString(2, "Training " + KINDS[t]);
                training.setString(3, trainings[t][0]);
                training.setObject(4, trainings[t][1] == null ? null : Long.valueOf(trainings[t][1]));
                training.setString(5, trainings[t][2]);
                training.addBatch();
                kind.setString(1, "t-" + KINDS[t]);
                kind.setString(2, KINDS[t]);
                kind.addBatch();
                for (int m = 0; m < TRAINERS; m++) {
                    trainer.setString(1, "t-" + KINDS[t]);
                    trainer.setString(2, "m-" + (t * TRAINERS + m));
                    trainer.addBatch();
                }
            }
            training.executeBatch();
            kind.executeBatch();
            trainer.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("""
                insert into certifications (id, member_id, training_id, granted_by, granted_by_name, granted_at,
                                            status, revoked_at)
                values (?, ?, ?, ?, 'Trainer', ?, ?, ?)""")) {
            int id = 0;
            for (int m = 0; m < MEMBERS; m++) {
                for (int t = 0; t < KINDS.length; t++) {
                    if (random.nextInt(3) == 0) {
                        continue;
                    }
                    boolean revoked = random.nextInt(20) == 0;
                    long granted = YEAR_START - YEAR_MILLIS + random.nextLong(2 * YEAR_MILLIS);
                    ps.setString(1, "c-" + id++);
                    ps.setString(2, "m-" + m);
                    ps.setString(3, "t-" + KINDS[t]);
                    int trainer = t * TRAINERS + random.nextInt(TRAINERS);
                    ps.setString(4, random.nextInt(4) == 0 ? "staff" : "m-" + trainer);
                    ps.setLong(5, granted);
                    ps.setString(6, revoked ? "revoked" : "active");
                    ps.setObject(7, revoked ? granted + random.nextLong(YEAR_MILLIS) : null);
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    /** Ten consumable items and {@value #CONSUMABLE_RECORDS} records over the year, a tenth tagged. */
    private static void materials(Connection c, SplittableRandom random) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into consumable_items (id, label, unit, unit_price_cents, vat_basis_points, active)
                values (?, ?, 'sheet', 250, 2000, true)""")) {
            for (int i = 0; i < 10; i++) {
                ps.setString(1, "item-" + i);
                ps.setString(2, "Item " + i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("""
                insert into consumable_records (id, member_id, item_id, quantity, recorded_at, recorded_by, source,
                                                tag)
                values (?, ?, ?, ?, ?, 'bench', 'counter', ?)""")) {
            for (int i = 0; i < CONSUMABLE_RECORDS; i++) {
                ps.setString(1, "r-" + i);
                ps.setString(2, "m-" + random.nextInt(MEMBERS));
                ps.setString(3, "item-" + random.nextInt(10));
                ps.setLong(4, 1 + random.nextInt(5));
                ps.setLong(5, YEAR_START + random.nextLong(YEAR_MILLIS));
                int tag = random.nextInt(20);
                ps.setString(6, tag == 0 ? "repair" : tag == 1 ? "reuse" : null);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void refusals(Connection c, SplittableRandom random) throws SQLException {
        String[] reasons = {"missing-training", "unknown-badge", "machine-unavailable", "outside-hours"};
        try (PreparedStatement ps = c.prepareStatement("""
                insert into access_refusals (node_id, seq, machine_id, occurred_at, reason)
                values (?, ?, ?, ?, ?)""")) {
            for (int i = 0; i < REFUSALS; i++) {
                int machine = random.nextInt(MACHINES);
                ps.setString(1, "machine-" + machine);
                ps.setLong(2, i);
                ps.setString(3, "machine-" + machine);
                ps.setLong(4, YEAR_START + random.nextLong(YEAR_MILLIS));
                ps.setString(5, reasons[random.nextInt(reasons.length)]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * {@value #LEDGER_ENTRIES} entries over the year (machine charges with their charge line, consumables, plan fees,
     * payments, a few corrections reversing a charge), written once: the ledger refuses deletes. The hashes are not a
     * chain: the report does not read them.
     */
    private static void ledger(Connection c, SplittableRandom random) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from ledger_entries")) {
            rs.next();
            if (rs.getLong(1) > 0) {
                return;
            }
        }
        try (PreparedStatement entry = c.prepareStatement("""
                insert into ledger_entries (sequence, entry_date, member_id, kind, amount_cents, currency, cause, label,
                                            vat_basis_points, previous_hash, hash, recorded_at)
                values (?, ?, ?, ?, ?, 'EUR', ?, 'bench', 2000, 'x', 'x', ?)""");
             PreparedStatement line = c.prepareStatement("""
                insert into charge_lines (ledger_sequence, cause, machine_id, quantity, unit, unit_price_cents,
                                          discount_cents)
                values (?, ?, ?, 1, 'block', ?, ?)""")) {
            for (long sequence = 1; sequence <= LEDGER_ENTRIES; sequence++) {
                long at = YEAR_START + (sequence - 1) * (YEAR_MILLIS / LEDGER_ENTRIES);
                int pick = random.nextInt(100);
                String kind = pick < 80 ? "charge" : pick < 99 ? "payment" : "correction";
                String cause = pick < 60 ? "session:" + sequence : pick < 75 ? "consumable:" + sequence
                        : pick < 80 ? "plan-fee:" + sequence : pick < 99 ? "payment:" + sequence
                        : "reversal:" + Math.max(1, sequence - 1 - random.nextInt(50));
                long cents = kind.equals("payment") ? -(500 + random.nextInt(5000)) : 50 + random.nextInt(2000);
                entry.setLong(1, sequence);
                entry.setString(2, Instant.ofEpochMilli(at).atZone(ZONE).toLocalDate().toString());
                entry.setString(3, "m-" + random.nextInt(MEMBERS));
                entry.setString(4, kind);
                entry.setLong(5, kind.equals("correction") ? -cents : cents);
                entry.setString(6, cause);
                entry.setLong(7, at);
                entry.addBatch();
                if (pick < 60) {
                    line.setLong(1, sequence);
                    line.setString(2, cause);
                    line.setString(3, "machine-" + random.nextInt(MACHINES));
                    line.setLong(4, cents);
                    line.setLong(5, random.nextInt(4) == 0 ? cents / 10 : 0);
                    line.addBatch();
                }
                if (sequence % 10_000 == 0) {
                    entry.executeBatch();
                    line.executeBatch();
                }
            }
            entry.executeBatch();
            line.executeBatch();
        }
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
