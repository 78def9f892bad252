package org.fablab.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcLedgerStore;
import org.fablab.gateway.billing.ChainCheck;
import org.fablab.gateway.billing.LedgerChain;

/**
 * What {@code fablab ledger verify} does ({@link JdbcLedgerStore#scan} with {@link LedgerChain#verify}) over a
 * year's ledger ({@link BillingData}, 1,000,000 entries by default), beside two baselines in the same run, alternating,
 * best of three each: a plain JDBC scan of the same rows reading every column, and that scan feeding the same column
 * bytes to one SHA-256 per row (the hashing the chain cannot avoid, without its canonical form, hex and checks).
 * Usage: {@code java -cp bench/target/bench.jar org.fablab.bench.LedgerVerifyBenchmark [entries] [database file]};
 * see docs/performance.md.
 */
public final class LedgerVerifyBenchmark {
    private static final int ROUNDS = 3;
    private static final String SCAN = """
            select sequence, entry_date, member_id, kind, amount_cents, currency, cause, label, vat_basis_points,
                   previous_hash, hash from ledger_entries order by sequence""";

    private LedgerVerifyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long entries = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        Path file = BillingData.ensure(Path.of(args.length > 1 ? args[1]
                : System.getProperty("java.io.tmpdir") + "/fablab-bench-billing.db"), entries);
        double verify = Double.MAX_VALUE;
        double scan = Double.MAX_VALUE;
        double hashed = Double.MAX_VALUE;
        String head = "";
        try (Database database = Database.open("jdbc:sqlite:" + file, "", "", 2)) {
            JdbcLedgerStore ledger = new JdbcLedgerStore(database.dataSource(), Clock.systemUTC());
            for (int round = 1; round <= ROUNDS; round++) {
                long started = System.nanoTime();
                long scanned = scan(database, false);
                double scanSeconds = (System.nanoTime() - started) / 1e9;
                started = System.nanoTime();
                scan(database, true);
                double hashedSeconds = (System.nanoTime() - started) / 1e9;
                started = System.nanoTime();
                ChainCheck check = ledger.scan(LedgerChain::verify);
                double verifySeconds = (System.nanoTime() - started) / 1e9;
                if (!(check instanceof ChainCheck.Verified verified) || verified.entries() != scanned) {
                    throw new IllegalStateException("the benchmark's ledger does not verify: " + check);
                }
                head = verified.headHash();
                System.out.printf("round %d: verify %.2f s, scan %.2f s, scan + SHA-256 %.2f s%n", round,
                        verifySeconds, scanSeconds, hashedSeconds);
                verify = Math.min(verify, verifySeconds);
                scan = Math.min(scan, scanSeconds);
                hashed = Math.min(hashed, hashedSeconds);
            }
        }
        System.out.printf("| figure | value | baseline (same run) | ratio |%n|---|---|---|---|%n");
        System.out.printf("| ledger verify of %,d entries, best of %d, s | %.2f | plain JDBC scan of the same rows: %.2f s "
                + "| %.2f |%n", entries, ROUNDS, verify, scan, verify / scan);
        System.out.printf("| ledger verify, s | %.2f | scan + one SHA-256 per row over the same bytes: %.2f s | %.2f |%n",
                verify, hashed, verify / hashed);
        System.out.printf("| ledger verify, entries/s | %,.0f | scan: %,.0f | |%n", entries / verify, entries / scan);
        System.out.printf("(head %s; %d cores; %s)%n", head, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"));
    }

    /** Reads every column of every entry in order; with {@code hash}, digests their bytes per row. */
    private static long scan(Database database, boolean hash) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        long rows = 0;
        long checksum = 0;
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(SCAN)) {
                ps.setFetchSize(500);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String text = rs.getLong(1) + rs.getString(2) + rs.getString(3) + rs.getString(4)
                                + rs.getLong(5) + rs.getString(6) + rs.getString(7) + rs.getString(8) + rs.getInt(9)
                                + rs.getString(10) + rs.getString(11);
                        if (hash) {
                            checksum += sha256.digest(text.getBytes(StandardCharsets.UTF_8))[0];
                        } else {
                            checksum += text.length();
                        }
                        rows++;
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
        if (checksum == Long.MIN_VALUE) {
            System.out.println("unlikely checksum");
        }
        return rows;
    }
}
