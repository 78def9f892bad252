package org.fablab.gateway.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fablab.gateway.network.Receipts;
import org.fablab.gateway.network.VisitCharge;
import org.fablab.gateway.port.VisitStore;
import org.fablab.gateway.port.VisitStore.IssuedReceipt;
import org.fablab.gateway.port.VisitStore.RecordedReceipt;
import org.fablab.protocol.network.ReceiptAck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Receipts and settlements as every database must keep them, with two instances on one database. */
abstract class VisitStoreContract {
    private static final Instant NOW = Instant.parse("2026-12-04T11:00:00Z");
    private static final YearMonth AUGUST = YearMonth.parse("2026-08");
    private static final YearMonth NOVEMBER = YearMonth.parse("2026-11");
    private final List<Database> opened = new ArrayList<>();
    private Database first;

    /** Opens the test's database, creating it on the first call; each call is another pool, as another instance. */
    abstract Database openDatabase();

    abstract void dropDatabase();

    private JdbcVisitStore instance() {
        Database database = openDatabase();
        opened.add(database);
        if (first == null) {
            first = database;
        }
        return new JdbcVisitStore(database.dataSource());
    }

    @AfterEach
    void close() {
        opened.forEach(Database::close);
        opened.clear();
        dropDatabase();
    }

    private static IssuedReceipt issued(String id, String body) {
        return new IssuedReceipt("lab-a", id, "2026-11", 500, "EUR", 1_200, body, Receipts.hash(body), NOW, 0,
                Optional.empty());
    }

    private static RecordedReceipt recorded(String id, String body) {
        return new RecordedReceipt("lab-b", id, "m-1", "2026-11", 500, "EUR", 1_200, "laser-cutter", NOW, NOW, body,
                "h-" + body, VisitCharge.Treatment.CHARGED, NOW);
    }

    @Test
    void twoInstancesIssuingOneReceiptAtOnce_keepOne_whichIsSentUntilAcknowledgedWithItsHash() throws Exception {
        JdbcVisitStore one = instance();
        JdbcVisitStore other = instance();
        partnerExists("lab-a");

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Void>> both = pool.invokeAll(List.<Callable<Void>>of(() -> {
                one.issue(issued("r-1", "first"));
                return null;
            }, () -> {
                other.issue(issued("r-1", "second"));
                return null;
            }));
            for (Future<Void> issue : both) {
                issue.get();
            }
        } finally {
            pool.shutdown();
        }

        assertThat(one.due(NOW, 10)).singleElement().satisfies(receipt ->
                assertThat(receipt.body()).isIn("first", "second"));
        String kept = one.due(NOW, 10).get(0).hash();
        one.markSent("lab-a", "r-1", NOW, NOW.plusSeconds(120));
        assertThat(other.due(NOW.plusSeconds(119), 10)).as("not due before its wait is over").isEmpty();
        assertThat(other.due(NOW.plusSeconds(120), 10)).singleElement()
                .satisfies(receipt -> assertThat(receipt.sends()).isEqualTo(1));

        assertThat(other.acknowledge("lab-a", List.of(new ReceiptAck.Recorded("r-1", "ff".repeat(32)),
                new ReceiptAck.Recorded("r-unknown", "ee".repeat(32))), NOW)).containsExactly("r-1");
        assertThat(one.due(NOW.plusSeconds(3_600), 10)).as("another hash acknowledges nothing").hasSize(1);
        assertThat(other.acknowledge("lab-a", List.of(new ReceiptAck.Recorded("r-1", kept)), NOW)).isEmpty();
        assertThat(one.due(NOW.plusSeconds(3_600), 10)).isEmpty();
        assertThat(one.issued("lab-a", YearMonth.parse("2026-11"))).singleElement()
                .satisfies(receipt -> assertThat(receipt.ackedAt()).contains(NOW));
    }

    @Test
    void aReceiptToALabNoLongerAPartner_isKeptForTheSettlement_butNeverSentAgain() throws Exception {
        JdbcVisitStore store = instance();
        store.issue(issued("r-1", "body"));

        assertThat(store.due(NOW, 10)).isEmpty();
        assertThat(store.issued("lab-a", YearMonth.parse("2026-11"))).hasSize(1);
    }

    @Test
    void aReceiptRecordedTwice_isKeptOnceWithItsFirstContent_andOnlyTheFirstCallSaysItRecordedIt() {
        JdbcVisitStore one = instance();
        JdbcVisitStore other = instance();

        VisitStore.Kept firstCall = one.record(recorded("r-1", "first"));
        VisitStore.Kept again = other.record(recorded("r-1", "second"));

        assertThat(firstCall.fresh()).isTrue();
        assertThat(again.fresh()).isFalse();
        assertThat(again.receipt().hash()).isEqualTo("h-first");
        assertThat(one.recorded("lab-b", YearMonth.parse("2026-11"))).singleElement()
                .satisfies(receipt -> assertThat(receipt.body()).isEqualTo("first"));
        assertThat(one.recorded("lab-b", YearMonth.parse("2026-10"))).isEmpty();
    }

    @Test
    void visitsChargedToANetworkAccount_waitForTheirReceipt_andMembersChargesNever() throws Exception {
        JdbcVisitStore store = instance();
        sql("insert into machines (id, name, kind) values ('laser-1', 'Laser', 'laser-cutter')");
        for (String session : List.of("s-visit", "s-member")) {
            sql("insert into sessions (node_id, session_id, machine_id, member_id, credential_hash, started_at, "
                    + "ended_at, wall_seconds, active_seconds, energy_wh, interrupted, offline) values ('node-1', '"
                    + session + "', 'laser-1', 'x', 'h', 1000, 61000, 60, 30, 0, false, false)");
        }
        sql("insert into ledger_causes (cause, member_id, recorded_at) values ('session:node-1:s-visit', "
                + "'network:lab-a', 1)");
        sql("insert into ledger_causes (cause, member_id, recorded_at) values ('session:node-1:s-member', 'm-1', 2)");
        sql("insert into ledger_entries (sequence, entry_date, member_id, kind, amount_cents, currency, cause, label, "
                + "vat_basis_points, previous_hash, hash, recorded_at) values (1, '2026-11-20', 'network:lab-a', "
                + "'charge', 300, 'EUR', 'session:node-1:s-visit', 'laser', 0, 'g', 'h1', 1)");

        assertThat(store.visitsWithoutReceipt(10)).singleElement().satisfies(visit -> {
            assertThat(visit.cause()).isEqualTo("session:node-1:s-visit");
            assertThat(visit.partnerId()).isEqualTo("lab-a");
            assertThat(visit.machineKind()).isEqualTo("laser-cutter");
            assertThat(visit.wallSeconds()).isEqualTo(60);
            assertThat(visit.busySeconds()).isEqualTo(30);
            assertThat(visit.amountCents()).isEqualTo(300);
            assertThat(visit.entryDate()).contains(LocalDate.parse("2026-11-20"));
        });
        store.issue(new IssuedReceipt("lab-a", "session:node-1:s-visit", "2026-11", 300, "EUR", 60, "{}", "h", NOW, 0,
                Optional.empty()));
        assertThat(store.visitsWithoutReceipt(10)).isEmpty();
    }

    @Test
    void settlementsToCheck_areTheClosedMonthsThatChangedSinceLastChecked_andEachSideOfTheStateIsKeptApart()
            throws Exception {
        JdbcVisitStore store = instance();
        JdbcVisitStore other = instance();
        partnerExists("lab-a");
        assertThat(store.closedThrough()).as("no month closed yet").isEmpty();
        sql("insert into closed_periods (month, closed_at, closed_by, ledger_sequence, ledger_head) "
                + "values ('2026-11', 1, 't', 0, 'g')");
        store.issue(issued("r-nov", "a"));
        other.issue(issued("r-nov", "a"));
        store.record(new RecordedReceipt("lab-a", "r-sep", "m-1", "2026-09", 5, "EUR", 60, "laser-cutter", NOW, NOW,
                "b", "h-b", VisitCharge.Treatment.ABSORBED, NOW));
        store.statementReceived("lab-a", AUGUST, "{\"their\":1}", "t1", NOW);
        store.record(new RecordedReceipt("lab-a", "r-dec", "m-1", "2026-12", 5, "EUR", 60, "laser-cutter", NOW, NOW,
                "c", "h-c", VisitCharge.Treatment.CHARGED, NOW));
        store.record(new RecordedReceipt("lab-z", "r-gone", "m-1", "2026-11", 5, "EUR", 60, "laser-cutter", NOW, NOW,
                "d", "h-d", VisitCharge.Treatment.CHARGED, NOW));

        assertThat(store.closedThrough()).contains(NOVEMBER);
        assertThat(other.settlementsToCheck(NOVEMBER)).as("the receipt issued twice changed its month once; none "
                + "of December, still open, nor of lab-z, no longer a partner").containsExactly(
                new VisitStore.SettlementToCheck("lab-a", AUGUST, 1, Optional.empty()),
                new VisitStore.SettlementToCheck("lab-a", YearMonth.parse("2026-09"), 1, Optional.empty()),
                new VisitStore.SettlementToCheck("lab-a", NOVEMBER, 1, Optional.empty()));

        store.statementSent("lab-a", AUGUST, "ours-1", NOW, 1);
        store.statementChecked("lab-a", YearMonth.parse("2026-09"), 1);
        assertThat(store.settlementsToCheck(NOVEMBER)).extracting(VisitStore.SettlementToCheck::month)
                .containsExactly(NOVEMBER);

        store.statementReceived("lab-a", AUGUST, "{\"their\":2}", "t2", NOW.plusSeconds(2));
        assertThat(store.settlementsToCheck(NOVEMBER)).as("their statement changed the month").first()
                .isEqualTo(new VisitStore.SettlementToCheck("lab-a", AUGUST, 2, Optional.of("ours-1")));
        other.statementSent("lab-a", AUGUST, "ours-2", NOW.plusSeconds(3), 2);
        store.statementSent("lab-a", AUGUST, "ours-late", NOW.plusSeconds(4), 1);
        assertThat(store.settlementsToCheck(NOVEMBER)).as("a check of an older revision sent last: look again")
                .first().isEqualTo(new VisitStore.SettlementToCheck("lab-a", AUGUST, 3, Optional.of("ours-late")));
        store.statementChecked("lab-a", AUGUST, 1);
        assertThat(store.settlementsToCheck(NOVEMBER)).as("an older check changes nothing").first()
                .extracting(VisitStore.SettlementToCheck::revision).isEqualTo(3L);

        VisitStore.SettlementState state = store.settlement("lab-a", AUGUST);
        assertThat(state.sentHash()).contains("ours-late");
        assertThat(state.sentAt()).contains(NOW.plusSeconds(4));
        assertThat(state.theirStatement()).contains("{\"their\":2}");
        assertThat(state.theirHash()).contains("t2");
        assertThat(store.settlement("lab-a", YearMonth.parse("2026-07"))).isEqualTo(VisitStore.SettlementState.NONE);
        assertThat(other.holdsSettlement("lab-z", NOVEMBER)).as("a receipt of a lab no longer a partner").isTrue();
        assertThat(other.holdsSettlement("lab-a", AUGUST)).as("a statement only").isTrue();
        assertThat(other.holdsSettlement("lab-a", YearMonth.parse("2026-07"))).isFalse();
    }

    @Test
    void onActivePlan_tellsMembersOnAnActivePlan_fromOthers_andNoMember() throws Exception {
        JdbcVisitStore store = instance();
        sql("insert into members (id, display_name, active) values ('m-plan', 'P', true)");
        sql("insert into members (id, display_name, active) values ('m-none', 'N', true)");
        sql("insert into plans (id, name, monthly_fee_cents, included_minutes, machine_kinds, vat_basis_points, active) "
                + "values ('p', 'P', 0, 0, 'laser-cutter', 0, true)");
        sql("update members set plan_id = 'p' where id = 'm-plan'");

        assertThat(store.onActivePlan("m-plan")).contains(true);
        assertThat(store.onActivePlan("m-none")).contains(false);
        assertThat(store.onActivePlan("m-nobody")).isEmpty();
    }

    private void partnerExists(String id) throws SQLException {
        sql("insert into partners (id, name, public_key, fingerprint, visitors, added_at) values ('" + id
                + "', 'Fablab', 'k', 'f', 'all', 1)");
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = first.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(statement)) {
            ps.executeUpdate();
        }
    }
}
