package org.fablab.gateway.adapter.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import javax.sql.DataSource;
import org.fablab.gateway.billing.LedgerChain;
import org.fablab.gateway.billing.LedgerDraft;
import org.fablab.gateway.billing.LedgerEntry;
import org.fablab.gateway.billing.LedgerKind;
import org.fablab.gateway.domain.AuditAction;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.MemberRecord;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.OfflinePolicy;

/**
 * A billed month for export tests: three members with names a spreadsheet or a CSV parser could trip on, a laser
 * with a separator in its name, charges with and without charge lines, a payment, a credit, two reversals and
 * consumable uses, around November 2026 in Europe/Paris. Ledger entries go through
 * {@link JdbcLedgerStore#writeEntry}, the store's own path (hash chain and cause); charge lines and consumable records are written as the billing store writes them.
 */
public final class BillingFixture {
    public static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    public static final LocalDate FROM = LocalDate.of(2026, 11, 1);
    public static final LocalDate TO = LocalDate.of(2026, 11, 30);
    public static final String HOSTILE = "=HYPERLINK(\"http://x\";\"y\")";
    public static final String ZOE = "Zoë \"la\" Dupont; née\r\nligne 2";
    public static final String ADA = "Ada Lovelace";
    public static final String LASER = "Laser; Trotec";
    /** Sequence of the last entry the fixture writes. */
    public static final long LAST_SEQUENCE = 9;
    private static final AuditEntry AUDIT = AuditEntry.of(Instant.parse("2026-12-01T08:00:00Z"), "fixture",
            AuditAction.LEDGER_PAYMENT, "ledger", "fixture");

    private BillingFixture() {
    }

    /** Writes the fixture into an empty, migrated database. */
    public static void seed(DataSource dataSource) {
        Clock clock = Clock.systemUTC();
        JdbcLabDirectory directory = new JdbcLabDirectory(dataSource, clock);
        directory.upsert(new MemberRecord("m-hostile", HOSTILE, true));
        directory.upsert(new MemberRecord("m-zoe", ZOE, true));
        directory.upsert(new MemberRecord("m-ada", ADA, true));
        directory.upsert(new MachineRecord("laser-1", LASER, "laser-cutter"));
        directory.upsert(new NodeRecord("laser-1", "laser-1", Ed25519Keys.encode(Ed25519Keys.generate().getPublic()),
                OfflinePolicy.FAIL_CLOSED, Duration.ofMinutes(15)));
        JdbcLedgerStore ledger = new JdbcLedgerStore(dataSource, clock);
        ledger.writeEntry(draft("2026-10-31", "m-ada", LedgerKind.CHARGE, 500, "session:s-0", "Laser", 2000), AUDIT);
        LedgerEntry laser = ledger.writeEntry(draft("2026-11-02", "m-hostile", LedgerKind.CHARGE, 600, "session:s-1",
                "Laser", 2000), AUDIT);
        ledger.writeEntry(draft("2026-11-03", "m-zoe", LedgerKind.CHARGE, 185, "consumable:c-1", "-PLA", 550), AUDIT);
        LedgerEntry plan = ledger.writeEntry(draft("2026-11-05", "m-ada", LedgerKind.CHARGE, 2500,
                "plan-fee:m-ada:2026-11", "Plan Maker 2026-11", 2000), AUDIT);
        ledger.writeEntry(draft("2026-11-10", "m-hostile", LedgerKind.PAYMENT, -600, "payment:p-1", "cash", 0), AUDIT);
        ledger.writeEntry(LedgerChain.reverse(laser, "wrong machine", LocalDate.parse("2026-11-12")), AUDIT);
        ledger.writeEntry(draft("2026-11-13", "m-zoe", LedgerKind.CREDIT, -100, "coupon:WELCOME", "Welcome", 2000),
                AUDIT);
        ledger.writeEntry(LedgerChain.reverse(plan, "left the lab", LocalDate.parse("2026-11-14")), AUDIT);
        ledger.writeEntry(draft("2026-12-01", "m-zoe", LedgerKind.CHARGE, 300, "session:s-9", "Laser", 2000), AUDIT);
        Sql.transaction(dataSource, ErrorCode.REQUEST_CONFLICT.with(), c -> {
            String line = """
                    insert into charge_lines (ledger_sequence, cause, node_id, session_id, machine_id, item_id, quantity,
                                              unit, unit_price_cents)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?)""";
            Sql.update(c, line, 1, "session:s-0", "laser-1", "s-0", "laser-1", null, 2, "15 min", 250);
            Sql.update(c, line, 2, "session:s-1", "laser-1", "s-1", "laser-1", null, 3, "15 min", 200);
            Sql.update(c, line, 3, "consumable:c-1", "laser-1", "s-2", "laser-1", "pla", 37, "g", 5);
            Sql.update(c, line, 9, "session:s-9", "laser-1", "s-9", "laser-1", null, 1, "15 min", 300);
            Sql.update(c, """
                    insert into consumable_items (id, label, unit, unit_price_cents, vat_basis_points, active)
                    values ('pla', '-PLA', 'g', 5, 550, ?)
                    on conflict (id) do update set label = excluded.label, unit_price_cents = excluded.unit_price_cents,
                        vat_basis_points = excluded.vat_basis_points""", true);
            String record = """
                    insert into consumable_records (id, member_id, node_id, session_id, item_id, quantity, recorded_at,
                                                    recorded_by, source)
                    values (?, ?, ?, ?, 'pla', ?, ?, 'fixture', 'node')""";
            Sql.update(c, record, "c-0", "m-zoe", "laser-1", "s-0", 1, at("2026-10-31T23:30"));
            Sql.update(c, record, "c-1", "m-zoe", "laser-1", "s-2", 37, at("2026-11-03T10:00"));
            Sql.update(c, record, "c-2", null, null, null, 5, at("2026-11-30T23:59"));
            Sql.update(c, record, "c-3", "m-zoe", "laser-1", "s-9", 2, at("2026-12-01T00:00"));
            return null;
        });
    }

    /**
     * Appends {@code count} laser charges of {@link #ADA} dated {@code date}, each with its charge line, in one
     * transaction: as many rows as a busy lab's year, fast.
     */
    public static void appendCharges(DataSource dataSource, LocalDate date, int count) {
        JdbcLedgerStore ledger = new JdbcLedgerStore(dataSource, Clock.systemUTC());
        LedgerEntry head = ledger.scan(entries -> {
            LedgerEntry last = null;
            while (entries.hasNext()) {
                last = entries.next();
            }
            return last;
        });
        Sql.transaction(dataSource, ErrorCode.REQUEST_CONFLICT.with(), c -> {
            LedgerEntry previous = head;
            for (int i = 0; i < count; i++) {
                LedgerEntry e = LedgerChain.append(previous, new LedgerDraft(date, "m-ada", LedgerKind.CHARGE, 450,
                        "EUR", "session:bulk-" + i, "Laser", 2000));
                Sql.update(c, """
                        insert into ledger_entries (sequence, entry_date, member_id, kind, amount_cents, currency, cause,
                                                    label, vat_basis_points, previous_hash, hash, recorded_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)""", e.sequence(), e.date(), e.memberId(),
                        e.kind().wire(), e.amountCents(), e.currency(), e.cause(), e.label(), e.vatBasisPoints(),
                        e.previousHash(), e.hash());
                Sql.update(c, """
                        insert into charge_lines (ledger_sequence, cause, node_id, session_id, machine_id, quantity,
                                                  unit, unit_price_cents)
                        values (?, ?, 'laser-1', ?, 'laser-1', 3, '15 min', 150)""", e.sequence(), e.cause(),
                        "bulk-" + i);
                previous = e;
            }
            return null;
        });
    }

    /** Epoch milliseconds of a local time in the fixture's zone. */
    private static long at(String localTime) {
        return LocalDateTime.parse(localTime).atZone(ZONE).toInstant().toEpochMilli();
    }

    private static LedgerDraft draft(String date, String member, LedgerKind kind, long cents, String cause, String label,
                                     int vat) {
        return new LedgerDraft(LocalDate.parse(date), member, kind, cents, "EUR", cause, label, vat);
    }
}
