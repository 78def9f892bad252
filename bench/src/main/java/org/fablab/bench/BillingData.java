package org.fablab.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.billing.LedgerChain;
import org.fablab.gateway.billing.LedgerDraft;
import org.fablab.gateway.billing.LedgerEntry;
import org.fablab.gateway.billing.LedgerKind;

/**
 * A gateway SQLite file with a year of billing: {@link #MEMBERS} members, {@link #MACHINES} machines and a hash-chained
 * ledger of the requested size dated over 2026 (per 20 entries: 16 charges with a charge line, a plan fee without one,
 * a payment, a reversal of the charge before it, one more charge), written with batched inserts on one connection
 * with {@code synchronous=OFF}: minutes become seconds, and the file is what the gateway would have written. A file
 * that already holds that many entries is reused, so that several benchmarks read the same data.
 */
final class BillingData {
    static final int MEMBERS = 1_000;
    static final int MACHINES = 10;
    static final LocalDate FIRST_DAY = LocalDate.of(2026, 1, 1);
    private static final int BATCH = 10_000;

    private BillingData() {
    }

    static Path ensure(Path file, long entries) throws Exception {
        if (Files.exists(file) && count(file) == entries) {
            System.out.printf("reusing %s (%,d ledger entries)%n", file, entries);
            return file;
        }
        Files.deleteIfExists(file);
        Files.deleteIfExists(Path.of(file + "-wal"));
        Files.deleteIfExists(Path.of(file + "-shm"));
        try (Database migrated = Database.open("jdbc:sqlite:" + file, "", "", 1)) {
            // the schema only: the rows go in below through one plain connection
        }
        long started = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement s = c.createStatement()) {
                s.execute("pragma synchronous = off");
            }
            c.setAutoCommit(false);
            fillDirectory(c);
            fillLedger(c, entries);
            c.commit();
        }
        System.out.printf("wrote %,d ledger entries to %s in %.1f s (%,d MiB)%n", entries, file,
                (System.nanoTime() - started) / 1e9, Files.size(file) >> 20);
        return file;
    }

    static long count(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from ledger_entries")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            return -1;
        }
    }

    private static void fillDirectory(Connection c) throws SQLException {
        try (PreparedStatement members = c.prepareStatement(
                "insert into members (id, display_name, active, number, created_at) values (?, ?, 1, ?, 0)");
             PreparedStatement machines = c.prepareStatement("insert into machines (id, name, kind) values (?, ?, ?)")) {
            for (int i = 1; i <= MEMBERS; i++) {
                members.setString(1, "m-" + i);
                members.setString(2, i % 7 == 0 ? "=HYPERLINK(\"http://x\";\"member " + i + "\")" : "Membre n°" + i
                        + ", \"atelier\"");
                members.setLong(3, i);
                members.addBatch();
            }
            members.executeBatch();
            for (int i = 0; i < MACHINES; i++) {
                machines.setString(1, "machine-" + i);
                machines.setString(2, "Laser; Trotec " + i);
                machines.setString(3, "laser-cutter");
                machines.addBatch();
            }
            machines.executeBatch();
        }
    }

    private static void fillLedger(Connection c, long entries) throws SQLException {
        try (PreparedStatement ledger = c.prepareStatement("""
                insert into ledger_entries (sequence, entry_date, member_id, kind, amount_cents, currency, cause, label,
                                            vat_basis_points, previous_hash, hash, recorded_at)
                values (?, ?, ?, ?, ?, 'EUR', ?, ?, ?, ?, ?, 0)""");
             PreparedStatement lines = c.prepareStatement("""
                insert into charge_lines (ledger_sequence, cause, node_id, session_id, machine_id, item_id, quantity,
                                          unit, unit_price_cents)
                values (?, ?, ?, ?, ?, null, ?, '15 min', 150)""")) {
            LedgerEntry previous = null;
            for (long sequence = 1; sequence <= entries; sequence++) {
                LocalDate date = FIRST_DAY.plusDays(sequence * 365 / (entries + 1));
                String member = "m-" + (1 + sequence % MEMBERS);
                long quantity = 1 + sequence % 8;
                LedgerDraft draft = switch ((int) (sequence % 20)) {
                    case 0 -> new LedgerDraft(date, member, LedgerKind.PAYMENT, -2000, "EUR", "payment:p-" + sequence,
                            "virement", 0);
                    case 1 -> new LedgerDraft(date, member, LedgerKind.CHARGE, 2500, "EUR", "plan-fee:" + member + ":"
                            + date.toString().substring(0, 7), "Plan Maker", 2000);
                    case 3 -> LedgerChain.reverse(previous, "mauvaise machine", date);
                    default -> new LedgerDraft(date, member, LedgerKind.CHARGE, quantity * 150, "EUR",
                            "session:s-" + sequence, "Découpe laser", 2000);
                };
                LedgerEntry entry = LedgerChain.append(previous, draft);
                ledger.setLong(1, entry.sequence());
                ledger.setString(2, entry.date().toString());
                ledger.setString(3, entry.memberId());
                ledger.setString(4, entry.kind().wire());
                ledger.setLong(5, entry.amountCents());
                ledger.setString(6, entry.cause());
                ledger.setString(7, entry.label());
                ledger.setInt(8, entry.vatBasisPoints());
                ledger.setString(9, entry.previousHash());
                ledger.setString(10, entry.hash());
                ledger.addBatch();
                if (entry.cause().startsWith("session:")) {
                    String session = entry.cause().substring("session:".length());
                    String machine = "machine-" + sequence % MACHINES;
                    lines.setLong(1, entry.sequence());
                    lines.setString(2, entry.cause());
                    lines.setString(3, machine);
                    lines.setString(4, session);
                    lines.setString(5, machine);
                    lines.setLong(6, quantity);
                    lines.addBatch();
                }
                if (sequence % BATCH == 0) {
                    ledger.executeBatch();
                    lines.executeBatch();
                }
                previous = entry;
            }
            ledger.executeBatch();
            lines.executeBatch();
        }
    }
}
