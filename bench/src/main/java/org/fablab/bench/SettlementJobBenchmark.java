package org.fablab.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.fablab.gateway.adapter.concurrent.ThreadScheduler;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcPartnerStore;
import org.fablab.gateway.adapter.jdbc.JdbcVisitStore;
import org.fablab.gateway.domain.AuditAction;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.network.Partner;
import org.fablab.gateway.network.Receipts;
import org.fablab.gateway.network.Settlements;
import org.fablab.gateway.network.VisitCharge;
import org.fablab.gateway.network.VisitPricing;
import org.fablab.gateway.network.VisitorPolicy;
import org.fablab.gateway.port.PartnerStore;
import org.fablab.gateway.port.VisitStore;
import org.fablab.gateway.service.NetworkSettlements;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.Json;
import org.fablab.protocol.Message;
import org.fablab.protocol.network.UsageReceipt;

/**
 * The network's monthly settlement job ({@link NetworkSettlements#sendDue}, what runs every minute) over a lab's
 * history of {@link #PARTNERS} partners with {@code receipts} receipts a month each way (100 by default), 12 and 36
 * closed months, on SQLite in a temporary folder and, when a URL is given, on PostgreSQL in a schema of its own
 * dropped after. After {@link #WARM_UP_ROUNDS} rounds of warm-up, {@link #ROUNDS} rounds, the histories alternating
 * within each, medians: a run where nothing changed, a run after one late receipt of the oldest month (recorded
 * untimed before it), and the baseline, what every run cost before the job kept track of changed months: every closed
 * month's statement with every partner read, built, hashed and compared with the one last sent. The history is
 * written as the migration to revisions leaves it (every month to check once), so the job's first run sends every
 * statement; that run is reported too.
 * Usage: {@code java -cp bench/target/bench.jar org.fablab.bench.SettlementJobBenchmark [receipts] [PostgreSQL JDBC
 * URL]}; see docs/performance.md.
 */
public final class SettlementJobBenchmark {
    private static final List<String> PARTNERS = List.of("lab-a", "lab-b", "lab-c");
    private static final String OWN_LAB = "lab-home";
    private static final YearMonth LAST_CLOSED = YearMonth.of(2026, 11);
    private static final List<Integer> HISTORIES = List.of(12, 36);
    private static final int ROUNDS = 15;
    private static final int WARM_UP_ROUNDS = 5;
    private static final int BATCH = 1_000;

    private SettlementJobBenchmark() {
    }

    /** Medians in ms, and the statements sent by the job's first run over the history, and how long it took. */
    private record Figures(int months, double steady, double late, double baseline, int firstSent, double first) {
    }

    public static void main(String[] args) throws Exception {
        int receipts = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Path folder = Files.createTempDirectory("fablab-bench-settlements");
        List<Database> sqlite = new ArrayList<>();
        try {
            for (int months : HISTORIES) {
                sqlite.add(Database.open("jdbc:sqlite:" + folder.resolve("gateway-" + months + ".db"), "", "", 2));
            }
            print("SQLite", measure("SQLite", sqlite, receipts), receipts);
        } finally {
            sqlite.forEach(Database::close);
            try (var files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(folder);
        }
        if (args.length > 1) {
            String run = "bench_settlements_" + System.currentTimeMillis() + "_";
            List<Database> postgres = new ArrayList<>();
            try {
                for (int months : HISTORIES) {
                    Jdbc.execute(args[1], "create schema " + run + months);
                    postgres.add(Database.open(args[1] + (args[1].contains("?") ? "&" : "?") + "currentSchema=" + run
                            + months, "", "", 2));
                }
                print("PostgreSQL", measure("PostgreSQL", postgres, receipts), receipts);
            } finally {
                postgres.forEach(Database::close);
                for (int months : HISTORIES) {
                    Jdbc.execute(args[1], "drop schema if exists " + run + months + " cascade");
                }
            }
        }
        System.out.printf("(%d cores; %s; load average %s)%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"), Files.readString(Path.of("/proc/loadavg")).strip());
    }

    /** One history's job and what was measured of it. */
    private static final class History {
        final int months;
        final VisitStore store;
        final PartnerStore partners;
        final AtomicInteger sent = new AtomicInteger();
        final NetworkSettlements job;
        final long[] steady = new long[ROUNDS];
        final long[] late = new long[ROUNDS];
        final long[] baseline = new long[ROUNDS];
        int firstSent;
        double first;

        History(int months, Database database, ThreadScheduler worker, Clock clock) {
            this.months = months;
            this.store = new JdbcVisitStore(database.dataSource());
            this.partners = new JdbcPartnerStore(database.dataSource());
            this.job = new NetworkSettlements(OWN_LAB, store, partners, (topic, body) -> sent.incrementAndGet(), worker,
                    clock);
        }

        Figures figures() {
            return new Figures(months, median(steady), median(late), median(baseline), firstSent, first);
        }
    }

    /** The histories ({@link #HISTORIES}, one database each) measured round by round, alternating. */
    private static List<Figures> measure(String engine, List<Database> databases, int receipts) throws Exception {
        Clock clock = Clock.systemUTC();
        List<History> histories = new ArrayList<>();
        try (ThreadScheduler worker = new ThreadScheduler("bench-settlements", clock)) {
            for (int i = 0; i < databases.size(); i++) {
                int months = HISTORIES.get(i);
                long started = System.nanoTime();
                fill(databases.get(i), months, receipts);
                System.out.printf("%s: %d partners × %d closed months × %d receipts each way written in %.1f s%n",
                        engine, PARTNERS.size(), months, receipts, (System.nanoTime() - started) / 1e9);
                History history = new History(months, databases.get(i), worker, clock);
                started = System.nanoTime();
                history.job.sendDue();
                history.first = (System.nanoTime() - started) / 1e6;
                history.firstSent = history.sent.get();
                require(history.firstSent == PARTNERS.size() * months, "the first run sent " + history.firstSent
                        + " statements");
                histories.add(history);
            }
            for (int round = -WARM_UP_ROUNDS; round < ROUNDS; round++) {
                for (History history : histories) {
                    round(engine, history, round, clock);
                }
            }
        }
        return histories.stream().map(History::figures).toList();
    }

    /** A run where nothing changed, one after a late receipt of the oldest month, the baseline; below 0 a warm-up. */
    private static void round(String engine, History history, int round, Clock clock) {
        int before = history.sent.get();
        long steadyNanos = timed(history.job::sendDue);
        require(history.sent.get() == before, "a run where nothing changed sent a statement");

        history.store.record(recorded(PARTNERS.get(0), "late-" + round, LAST_CLOSED.minusMonths(history.months - 1),
                0, clock.instant()));
        long lateNanos = timed(history.job::sendDue);
        require(history.sent.get() == before + 1, "a late receipt's month was not sent again");

        long baselineNanos = timed(() -> require(rebuildAll(history.store, history.partners, history.months) == 0,
                "a rebuilt statement differs from the one sent"));
        if (round >= 0) {
            history.steady[round] = steadyNanos;
            history.late[round] = lateNanos;
            history.baseline[round] = baselineNanos;
            System.out.printf("%s, %d months, round %d: nothing changed %.2f ms, one late receipt %.2f ms, "
                    + "every month rebuilt %.1f ms%n", engine, history.months, round + 1, steadyNanos / 1e6,
                    lateNanos / 1e6, baselineNanos / 1e6);
        }
    }

    /**
     * What every run of the job did before it tracked changed months: every closed month's statement with every
     * partner read, built, hashed and compared with the one last sent (the months are the history's, all closed and
     * all with receipts). Returns how many differ.
     */
    private static int rebuildAll(VisitStore store, PartnerStore partners, int months) {
        int differing = 0;
        YearMonth through = store.closedThrough().orElseThrow();
        for (Partner partner : partners.partners()) {
            for (YearMonth month = through.minusMonths(months - 1); !month.isAfter(through);
                 month = month.plusMonths(1)) {
                String hash = Settlements.hash(Settlements.of(OWN_LAB, partner.id(), month,
                        store.issued(partner.id(), month), store.recorded(partner.id(), month)));
                if (!store.settlement(partner.id(), month).sentHash().equals(Optional.of(hash))) {
                    differing++;
                }
            }
        }
        return differing;
    }

    /**
     * The partners, closed months and receipts both ways, written in batches in one transaction, with every month's
     * settlement row as the migration to revisions leaves it: to be checked once.
     */
    private static void fill(Database database, int months, int receipts) throws Exception {
        JdbcPartnerStore partners = new JdbcPartnerStore(database.dataSource());
        Instant now = Instant.now();
        for (String id : PARTNERS) {
            partners.add(Partner.of(id, "Fablab " + id, Ed25519Keys.encode(Ed25519Keys.generate().getPublic()),
                    VisitorPolicy.ALL, now, 0, List.of(), VisitPricing.HOST),
                    AuditEntry.of(now, "bench", AuditAction.PARTNER_ADDED, "partner", id));
        }
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement closed = c.prepareStatement("""
                    insert into closed_periods (month, closed_at, closed_by, ledger_sequence, ledger_head)
                    values (?, ?, 'bench', 0, '')""");
                 PreparedStatement settlement = c.prepareStatement("""
                    insert into partner_settlements (partner_id, month, revision) values (?, ?, 1)""");
                 PreparedStatement out = c.prepareStatement("""
                    insert into partner_receipts_out (partner_id, receipt_id, month, amount_cents, currency,
                                                      wall_seconds, body, hash, created_at, sent_at, sends, acked_at)
                    values (?, ?, ?, ?, 'EUR', ?, ?, ?, ?, ?, 1, ?)""");
                 PreparedStatement in = c.prepareStatement("""
                    insert into partner_receipts_in (partner_id, receipt_id, member_id, month, amount_cents, currency,
                                                     wall_seconds, machine_kind, visit_start, visit_end, body, hash,
                                                     treatment, recorded_at)
                    values (?, ?, ?, ?, ?, 'EUR', ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                int pending = 0;
                for (int m = months - 1; m >= 0; m--) {
                    YearMonth month = LAST_CLOSED.minusMonths(m);
                    closed.setString(1, month.toString());
                    closed.setLong(2, month.plusMonths(1).atDay(2).atStartOfDay().toInstant(ZoneOffset.UTC)
                            .toEpochMilli());
                    closed.addBatch();
                    for (String partner : PARTNERS) {
                        settlement.setString(1, partner);
                        settlement.setString(2, month.toString());
                        settlement.addBatch();
                        for (int r = 0; r < receipts; r++) {
                            VisitStore.IssuedReceipt issued = issued(partner, "r-" + month + "-" + r, month, r);
                            out.setString(1, issued.partnerId());
                            out.setString(2, issued.receiptId());
                            out.setString(3, issued.month());
                            out.setLong(4, issued.amountCents());
                            out.setLong(5, issued.wallSeconds());
                            out.setString(6, issued.body());
                            out.setString(7, issued.hash());
                            out.setLong(8, issued.createdAt().toEpochMilli());
                            out.setLong(9, issued.createdAt().toEpochMilli());
                            out.setLong(10, issued.createdAt().toEpochMilli());
                            out.addBatch();
                            VisitStore.RecordedReceipt recorded = recorded(partner, "v-" + month + "-" + r, month, r,
                                    day(month, r).plus(Duration.ofHours(3)));
                            in.setString(1, recorded.partnerId());
                            in.setString(2, recorded.receiptId());
                            in.setString(3, recorded.memberId());
                            in.setString(4, recorded.month());
                            in.setLong(5, recorded.amountCents());
                            in.setLong(6, recorded.wallSeconds());
                            in.setString(7, recorded.machineKind());
                            in.setLong(8, recorded.start().toEpochMilli());
                            in.setLong(9, recorded.end().toEpochMilli());
                            in.setString(10, recorded.body());
                            in.setString(11, recorded.hash());
                            in.setString(12, recorded.treatment().wire());
                            in.setLong(13, recorded.recordedAt().toEpochMilli());
                            in.addBatch();
                            if (++pending == BATCH) {
                                out.executeBatch();
                                in.executeBatch();
                                pending = 0;
                            }
                        }
                    }
                }
                closed.executeBatch();
                settlement.executeBatch();
                out.executeBatch();
                in.executeBatch();
                c.commit();
            } catch (Exception e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** A receipt we issued for a visit of the partner's member here, its body a real one. */
    private static VisitStore.IssuedReceipt issued(String partner, String id, YearMonth month, int index) {
        Instant start = day(month, index);
        String body = body(OWN_LAB, partner, id, partner + ":m-" + index % 40, month, start, index);
        return new VisitStore.IssuedReceipt(partner, id, month.toString(), amount(index), "EUR", wall(index), body,
                Receipts.hash(body), start.plus(Duration.ofHours(2)), 1, Optional.of(start.plus(Duration.ofHours(2))));
    }

    /** A partner's receipt for a visit of one of our members there, recorded {@code at}. */
    private static VisitStore.RecordedReceipt recorded(String partner, String id, YearMonth month, int index,
                                                       Instant at) {
        Instant start = day(month, index);
        String member = "m-" + index % 60;
        String body = body(partner, OWN_LAB, id, member, month, start, index);
        return new VisitStore.RecordedReceipt(partner, id, member, month.toString(), amount(index), "EUR",
                wall(index), "laser-cutter", start, start.plusSeconds(wall(index)), body, Receipts.hash(body),
                VisitCharge.Treatment.CHARGED, at);
    }

    private static String body(String host, String home, String id, String visitor, YearMonth month, Instant start,
                               int index) {
        Instant end = start.plusSeconds(wall(index));
        try {
            return Json.mapper().writeValueAsString(new UsageReceipt(Message.VERSION, host, home, end, id, visitor,
                    "laser-cutter", start, end, wall(index), wall(index) * 3 / 4, amount(index), "EUR",
                    month.toString()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant day(YearMonth month, int index) {
        return month.atDay(1 + index % 28).atTime(9 + index % 10, 0).toInstant(ZoneOffset.UTC);
    }

    private static long wall(int index) {
        return 900L * (1 + index % 8);
    }

    private static long amount(int index) {
        return 150L * (1 + index % 8);
    }

    private static long timed(Runnable run) {
        long started = System.nanoTime();
        run.run();
        return System.nanoTime() - started;
    }

    private static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return Percentiles.of(sorted, 50) / 1e6;
    }

    private static void require(boolean condition, String failure) {
        if (!condition) {
            throw new IllegalStateException("the benchmark's job misbehaved: " + failure);
        }
    }

    private static void print(String engine, List<Figures> figures, int receipts) {
        Figures small = figures.get(0);
        Figures large = figures.get(figures.size() - 1);
        System.out.printf("%n%s, %d partners, %d receipts a month each way, median of %d runs, ms%n", engine,
                PARTNERS.size(), receipts, ROUNDS);
        System.out.printf("| figure | value | baseline (same run) | ratio |%n|---|---|---|---|%n");
        for (Figures f : figures) {
            System.out.printf("| %d months: job run, nothing changed | %.2f | every closed month rebuilt: %.1f "
                    + "| %.4f |%n",
                    f.months(), f.steady(), f.baseline(), f.steady() / f.baseline());
            System.out.printf("| %d months: job run after one late receipt | %.2f | every closed month rebuilt: %.1f "
                    + "| %.4f |%n", f.months(), f.late(), f.baseline(), f.late() / f.baseline());
            System.out.printf("| %d months: first run after the upgrade (%d statements sent), once | %.1f "
                    + "| every closed month rebuilt: %.1f | %.2f |%n", f.months(), f.firstSent(), f.first(),
                    f.baseline(), f.first() / f.baseline());
        }
        System.out.printf("| nothing changed, %d vs %d months | %.2f | %d months: %.2f | %.2f |%n", large.months(),
                small.months(), large.steady(), small.months(), small.steady(), large.steady() / small.steady());
        System.out.printf("| one late receipt, %d vs %d months | %.2f | %d months: %.2f | %.2f |%n", large.months(),
                small.months(), large.late(), small.months(), small.late(), large.late() / small.late());
        System.out.printf("| every month rebuilt, %d vs %d months | %.1f | %d months: %.1f | %.2f |%n",
                large.months(), small.months(), large.baseline(), small.months(), small.baseline(),
                large.baseline() / small.baseline());
    }
}
