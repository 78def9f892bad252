package org.fablab.gateway.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fablab.gateway.billing.ChainCheck;
import org.fablab.gateway.billing.LedgerChain;
import org.fablab.gateway.billing.LedgerDraft;
import org.fablab.gateway.billing.LedgerEntry;
import org.fablab.gateway.billing.LedgerKind;
import org.fablab.gateway.domain.AuditAction;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.MemberRecord;
import org.fablab.gateway.port.LedgerStore;
import org.fablab.gateway.service.LedgerAudit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stored ledger: chained on append, read back in order, tampering found by the chain. */
abstract class LedgerStoreContract {
    private Database database;
    private JdbcLedgerStore ledger;

    abstract Database openEmptyDatabase();

    abstract void dropDatabase();

    /** What lets the test play a database administrator going around the append-only rule. */
    abstract String dropAppendOnlyTriggers();

    @BeforeEach
    void open() {
        database = openEmptyDatabase();
        ledger = new JdbcLedgerStore(database.dataSource(), Clock.systemUTC());
        new JdbcLabDirectory(database.dataSource(), Clock.systemUTC())
                .upsert(new MemberRecord("m-alice", "Alice Martin", true));
        for (LedgerDraft draft : List.of(draft(LedgerKind.CHARGE, 1250, "session:s-1"),
                draft(LedgerKind.CHARGE, 480, "consumable:c-1"), draft(LedgerKind.PAYMENT, -1730, "payment:p-1"))) {
            ledger.writeEntry(draft, AuditEntry.of(Instant.now(), "treasurer", AuditAction.LEDGER_PAYMENT, "member", "m-alice"));
        }
    }

    @AfterEach
    void close() {
        database.close();
        dropDatabase();
    }

    private static LedgerDraft draft(LedgerKind kind, long cents, String cause) {
        return new LedgerDraft(LocalDate.parse("2026-11-23"), "m-alice", kind, cents, "EUR", cause, "line " + cause,
                kind == LedgerKind.PAYMENT ? 0 : 2000);
    }

    @Test
    void appendedEntries_chainFromTheGenesis_andVerify() {
        assertThat(verify()).isInstanceOfSatisfying(ChainCheck.Verified.class,
                verified -> assertThat(verified.entries()).isEqualTo(3));
        LedgerEntry first = ledger.scan(entries -> entries.next());
        assertThat(first.previousHash()).isEqualTo(LedgerChain.GENESIS);
    }

    @Test
    void machineNames_nameTheMachineOfEachSessionChargeLine_asTheLedgerDoes_andLeaveOtherCausesOut()
            throws SQLException {
        new JdbcLabDirectory(database.dataSource(), Clock.systemUTC())
                .upsert(new MachineRecord("laser-1", "Epilog Fusion", "laser-cutter"));
        AuditEntry audit = AuditEntry.of(Instant.now(), "treasurer", AuditAction.LEDGER_PAYMENT, "member", "m-alice");
        LedgerEntry laser = ledger.writeEntry(draft(LedgerKind.CHARGE, 300, "session:node-1:s-1"), audit);
        LedgerEntry unlisted = ledger.writeEntry(draft(LedgerKind.CHARGE, 200, "session:node-1:s-2"), audit);
        LedgerEntry reversal = ledger.writeEntry(LedgerChain.reverse(laser, "test", laser.date()), audit);
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("""
                    insert into charge_lines (ledger_sequence, cause, node_id, session_id, machine_id, quantity, unit,
                                              unit_price_cents)
                    values (%d, 'session:node-1:s-1', 'node-1', 's-1', 'laser-1', 1, 'session', 300),
                           (%d, 'session:node-1:s-2', 'node-1', 's-2', 'gone-1', 1, 'session', 200)"""
                    .formatted(laser.sequence(), unlisted.sequence()));
        }

        assertThat(ledger.machineNames(List.of("session:node-1:s-1", "session:node-1:s-1", "session:node-1:s-2",
                "session:node-1:s-404", reversal.cause(), "consumable:c-1", "payment:p-1")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("session:node-1:s-1", "Epilog Fusion",
                        reversal.cause(), "Epilog Fusion"));
        assertThat(ledger.ledger(new LedgerStore.LedgerFilter(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), 10)))
                .filteredOn(line -> line.entry().sequence() == laser.sequence())
                .extracting(line -> line.session().orElseThrow().machineName()).containsExactly("Epilog Fusion");
        assertThat(ledger.machineNames(List.of())).isEmpty();
    }

    @Test
    void everyEntry_hasItsCauseRecorded_soNoCauseIsChargedTwice() throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from ledger_entries e"
                     + " where not exists (select 1 from ledger_causes c where c.cause = e.cause)")) {
            rs.next();
            assertThat(rs.getLong(1)).as("entries whose cause is not in ledger_causes").isZero();
        }
    }

    @Test
    void theDatabaseRefusesToChangeOrDeleteAnEntry() throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("update ledger_entries set amount_cents = 1 where sequence = 1"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("delete from ledger_entries where sequence = 2"))
                    .hasMessageContaining("append-only");
        }
    }

    @Test
    void anAmountChangedBehindTheStoresBack_isNamedByVerify() throws SQLException {
        tamper("update ledger_entries set amount_cents = 250 where sequence = 1");

        assertThat(verify()).isEqualTo(new ChainCheck.Broken(1,
                "hash does not match the entry's content"));
    }

    @Test
    void aDeletedEntry_isNamedByVerify() throws SQLException {
        tamper("delete from ledger_entries where sequence = 2");

        assertThat(verify()).isInstanceOfSatisfying(ChainCheck.Broken.class,
                broken -> assertThat(broken.sequence()).isEqualTo(3));
    }

    @Test
    void entriesDeletedFromTheEndAfterAClosing_leaveAValidChain_butTheRecordedHeadNamesThem() throws SQLException {
        JdbcPeriodStore periods = new JdbcPeriodStore(database.dataSource());
        periods.closePeriod(YearMonth.parse("2026-10"), Instant.parse("2026-11-02T08:00:00Z"), "treasurer",
                AuditEntry.of(Instant.parse("2026-11-02T08:00:00Z"), "treasurer", AuditAction.PERIOD_CLOSED, "period", "2026-10"));
        LedgerAudit audit = new LedgerAudit(ledger, periods);
        assertThat(audit.verify()).isInstanceOf(ChainCheck.Verified.class);

        tamper("delete from ledger_entries where sequence = 3");

        assertThat(verify()).isInstanceOf(ChainCheck.Verified.class);
        assertThat(audit.verify()).isInstanceOfSatisfying(ChainCheck.Broken.class, broken -> {
            assertThat(broken.sequence()).isEqualTo(3);
            assertThat(broken.why()).contains("closing of 2026-10").contains("ends before it");
        });
    }

    @Test
    void listedEntries_nameTheSessionOfTheirChargeLine_andACorrectionThatOfTheEntryItReverses() throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("insert into machines (id, name, kind) values ('laser-1', 'Laser Trotec', 'laser-cutter')");
            s.executeUpdate("""
                    insert into sessions (node_id, session_id, machine_id, member_id, credential_hash, started_at,
                                          ended_at, wall_seconds, active_seconds, energy_wh, end_reason, interrupted,
                                          offline)
                    values ('node-1', 's-1', 'laser-1', 'm-alice', 'hash', 1763884800000, 1763886000000, 1200, 0, 0,
                            'badge-out', false, false)""");
            s.executeUpdate("""
                    insert into charge_lines (ledger_sequence, cause, node_id, session_id, machine_id, item_id, quantity,
                                              unit, unit_price_cents)
                    values (1, 'session:s-1', 'node-1', 's-1', 'laser-1', null, 5, '15 min', 250)""");
        }
        ledger.writeEntry(new LedgerDraft(LocalDate.parse("2026-11-24"), "m-alice", LedgerKind.CORRECTION, -1250, "EUR",
                "reversal:1", "reversal of #1", 2000), AuditEntry.of(Instant.now(), "treasurer",
                AuditAction.LEDGER_PAYMENT, "member", "m-alice"));

        List<LedgerStore.LedgerLine> lines = ledger.ledger(LedgerStore.LedgerFilter.newest(10));

        LedgerStore.ChargedSession session = new LedgerStore.ChargedSession("node-1", "s-1", "laser-1", "Laser Trotec",
                Instant.ofEpochMilli(1763884800000L), 1200L);
        assertThat(lines).extracting(line -> line.entry().sequence()).containsExactly(4L, 3L, 2L, 1L);
        assertThat(lines.get(0).session()).contains(session);
        assertThat(lines.get(3).session()).contains(session);
        assertThat(lines.get(3).memberName()).isEqualTo("Alice Martin");
        assertThat(lines.get(1).session()).isEmpty();
        assertThat(lines.get(2).session()).isEmpty();
    }

    @Test
    void causeTotals_areTheNetOfEachWrittenCause_inOneQuery_andLeaveOutCausesNotWritten() {
        ledger.writeEntry(new LedgerDraft(LocalDate.parse("2026-11-24"), "m-alice", LedgerKind.CORRECTION, -480, "EUR",
                "reversal:2", "reversal of #2", 2000), AuditEntry.of(Instant.now(), "treasurer",
                AuditAction.LEDGER_PAYMENT, "member", "m-alice"));

        assertThat(ledger.causeTotals(List.of("session:s-1", "consumable:c-1", "payment:p-1", "session:never")))
                .isEqualTo(Map.of("session:s-1", new LedgerStore.CauseTotal("session:s-1", 1250),
                        "consumable:c-1", new LedgerStore.CauseTotal("consumable:c-1", 0),
                        "payment:p-1", new LedgerStore.CauseTotal("payment:p-1", -1730)));
        assertThat(ledger.causeTotals(List.of())).isEmpty();
    }

    private ChainCheck verify() {
        return ledger.scan(LedgerChain::verify);
    }

    private void tamper(String sql) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String drop : dropAppendOnlyTriggers().split(";")) {
                s.execute(drop);
            }
            s.executeUpdate(sql);
        }
    }
}
