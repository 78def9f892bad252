package org.fablab.gateway.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fablab.gateway.billing.BlockRate;
import org.fablab.gateway.billing.CatalogueItem;
import org.fablab.gateway.billing.Charge;
import org.fablab.gateway.billing.ChargeLine;
import org.fablab.gateway.billing.LedgerChain;
import org.fablab.gateway.billing.LedgerDraft;
import org.fablab.gateway.billing.LedgerEntry;
import org.fablab.gateway.billing.LedgerKind;
import org.fablab.gateway.billing.MemberGroup;
import org.fablab.gateway.billing.MemberTerms;
import org.fablab.gateway.billing.PaymentMethod;
import org.fablab.gateway.billing.Plan;
import org.fablab.gateway.billing.PriceList;
import org.fablab.gateway.billing.Statement;
import org.fablab.gateway.domain.AuditAction;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.MemberRecord;
import org.fablab.gateway.billing.ConsumableRecord;
import org.fablab.gateway.port.ChargeStore;
import org.fablab.gateway.port.ChargeStore.ChargeWrite;
import org.fablab.gateway.port.ChargeStore.LineFacts;
import org.fablab.gateway.port.LedgerStore;
import org.fablab.gateway.port.PeriodStore;
import org.fablab.gateway.port.TariffStore;
import org.fablab.gateway.port.Conflict;
import org.fablab.gateway.port.NotFound;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The billing stores on a real database: causes charged once, closed periods, gapless statements, coupons. */
abstract class BillingStoreContract {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final LineFacts SESSION_FACTS = LineFacts.session("laser-1", "s-1", "laser-1", "laser-cutter");

    private Database database;
    private JdbcTariffStore tariffs;
    private JdbcChargeStore charges;
    private JdbcLedgerStore ledger;
    private JdbcPeriodStore periods;

    abstract Database openEmptyDatabase();

    abstract void dropDatabase();

    @BeforeEach
    void open() {
        database = openEmptyDatabase();
        tariffs = new JdbcTariffStore(database.dataSource());
        charges = new JdbcChargeStore(database.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC), PARIS);
        ledger = new JdbcLedgerStore(database.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC));
        periods = new JdbcPeriodStore(database.dataSource());
        JdbcLabDirectory directory = new JdbcLabDirectory(database.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC));
        directory.upsert(new MemberRecord("m-alice", "Alice", true));
        directory.upsert(new MemberRecord("m-bob", "Bob", true));
        directory.upsert(new MachineRecord("laser-1", "Laser", "laser-cutter"));
    }

    @AfterEach
    void close() {
        database.close();
        dropDatabase();
    }

    private static AuditEntry audit(String action) {
        return AuditEntry.of(NOW, "treasurer", AuditAction.ofCode(action).orElseThrow(), "test", "t-1");
    }

    private static Charge charge(String key, String member, long... amounts) {
        List<ChargeLine> lines = Arrays.stream(amounts)
                .mapToObj(a -> new ChargeLine("laser wall time", 1, "15 min", a, 2000, 0, a)).toList();
        return new Charge(key, member, lines, List.of(new Charge.DayUsage(LocalDate.parse("2026-11-20"),
                Duration.ofMinutes(30), Arrays.stream(amounts).sum())));
    }

    private void insertEndedSession(String sessionId, String member) throws SQLException {
        try (var c = database.dataSource().getConnection(); var ps = c.prepareStatement("""
                insert into sessions (node_id, session_id, machine_id, member_id, credential_hash, started_at, ended_at,
                                      wall_seconds, active_seconds, energy_wh, end_reason, interrupted, offline)
                values ('laser-1', ?, 'laser-1', ?, 'h', ?, ?, 3600, 1200, 0, 'badge-out', false, true)""")) {
            ps.setString(1, sessionId);
            ps.setString(2, member);
            ps.setLong(3, NOW.minusSeconds(3600).toEpochMilli());
            ps.setLong(4, NOW.toEpochMilli());
            ps.executeUpdate();
        }
    }

    @Test
    void aCauseIsChargedOnce_evenWhenWrittenAgain() {
        Optional<List<LedgerEntry>> first = charges.writeCharge(new ChargeWrite(charge("session:laser-1:s-1", "m-alice",
                600, 150), LocalDate.parse("2026-11-20"), "EUR", SESSION_FACTS));
        Optional<List<LedgerEntry>> again = charges.writeCharge(new ChargeWrite(charge("session:laser-1:s-1", "m-alice",
                600, 150), LocalDate.parse("2026-11-20"), "EUR", SESSION_FACTS));

        assertThat(first).hasValueSatisfying(entries -> assertThat(entries).extracting(LedgerEntry::amountCents)
                .containsExactly(600L, 150L));
        assertThat(again).isEmpty();
        assertThat(ledger.owedByMember()).isEqualTo(Map.of("m-alice", 750L));
        assertThat(ledger.entriesCausedBy("session:laser-1:s-1")).hasSize(2);
    }

    @Test
    void endedSessions_arePendingUntilCharged_evenWhenTheChargeIsFree() throws SQLException {
        insertEndedSession("s-1", "m-alice");
        insertEndedSession("s-2", "m-bob");

        assertThat(charges.pendingSessions(10)).extracting(ChargeStore.PendingSession::sessionId)
                .containsExactlyInAnyOrder("s-1", "s-2");
        ChargeStore.PendingSession s1 = charges.pendingSessions(10).stream()
                .filter(s -> s.sessionId().equals("s-1")).findFirst().orElseThrow();
        assertThat(s1.machineKind()).isEqualTo("laser-cutter");
        assertThat(s1.busyMillis()).isEqualTo(1_200_000);

        charges.writeCharge(new ChargeWrite(new Charge("session:laser-1:s-1", "m-alice", List.of(), List.of()),
                LocalDate.parse("2026-11-23"), "EUR", SESSION_FACTS));

        assertThat(charges.pendingSessions(10)).extracting(ChargeStore.PendingSession::sessionId)
                .containsExactly("s-2");
        assertThat(ledger.owedByMember()).isEmpty();
    }

    @Test
    void aChargeDatedInAClosedMonth_isDatedOnTheFirstDayOfTheNextOpenMonth_andManualEntriesAreRefused() {
        periods.closePeriod(YearMonth.parse("2026-10"), NOW, "treasurer", audit("period.closed"));

        List<LedgerEntry> late = charges.writeCharge(new ChargeWrite(charge("session:laser-1:late", "m-alice", 300),
                LocalDate.parse("2026-10-30"), "EUR", SESSION_FACTS)).orElseThrow();

        assertThat(late).extracting(LedgerEntry::date).containsExactly(LocalDate.parse("2026-11-01"));
        assertThatThrownBy(() -> ledger.writeEntry(new LedgerDraft(LocalDate.parse("2026-10-15"), "m-alice",
                LedgerKind.PAYMENT, -300, "EUR", "payment:p-1", "payment p-1", 0), audit("ledger.payment")))
                .isInstanceOf(Conflict.class).hasMessageContaining("2026-10 is closed");
        assertThat(periods.closePeriod(YearMonth.parse("2026-09"), NOW, "treasurer", audit("period.closed")).month())
                .isEqualTo(YearMonth.parse("2026-10"));
        assertThat(periods.periods().isClosed(LocalDate.parse("2026-09-01"))).isTrue();
    }

    @Test
    void aManualEntry_isRefusedWhenItsCauseIsAlreadyInTheLedger() {
        LedgerDraft payment = new LedgerDraft(LocalDate.parse("2026-11-15"), "m-alice", LedgerKind.PAYMENT, -300,
                "EUR", "payment:p-1", "payment p-1", 0);
        ledger.writeEntry(payment, audit("ledger.payment"));

        assertThatThrownBy(() -> ledger.writeEntry(payment, audit("ledger.payment")))
                .isInstanceOf(Conflict.class).hasMessageContaining("payment:p-1");
        assertThat(ledger.ledger(LedgerStore.LedgerFilter.newest(10).member("m-alice"))).hasSize(1);
    }

    @Test
    void aPayment_keepsItsMethodBesideTheLedger_andItsHashIsTheOneWithoutIt() {
        LedgerDraft byCard = new LedgerDraft(LocalDate.parse("2026-11-15"), "m-alice", LedgerKind.PAYMENT, -300,
                "EUR", "payment:p-1", "payment p-1", 0);
        LedgerEntry written = ledger.writePayment(byCard, PaymentMethod.CARD, audit("ledger.payment"));
        ledger.writeEntry(new LedgerDraft(LocalDate.parse("2026-11-16"), "m-alice", LedgerKind.PAYMENT, -100, "EUR",
                "payment:p-2", "payment p-2", 0), audit("ledger.payment"));

        assertThat(written.hash()).isEqualTo(LedgerChain.append(null, byCard).hash());
        assertThatThrownBy(() -> ledger.writePayment(byCard, PaymentMethod.CASH, audit("ledger.payment")))
                .isInstanceOf(Conflict.class).hasMessageContaining("payment:p-1");
        assertThatThrownBy(() -> ledger.writePayment(new LedgerDraft(LocalDate.parse("2026-11-15"), "m-alice",
                LedgerKind.CREDIT, -300, "EUR", "credit:c-1", "credit", 0), PaymentMethod.CASH, audit("ledger.credit")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ledger.ledger(LedgerStore.LedgerFilter.newest(10).member("m-alice")))
                .extracting(line -> line.entry().cause(), LedgerStore.LedgerLine::paymentMethod)
                .containsExactly(tuple("payment:p-2", Optional.empty()),
                        tuple("payment:p-1", Optional.of(PaymentMethod.CARD)));
    }

    @Test
    void statements_areIssuedForClosedMonthsOnly_numberedWithoutGapsAcrossMonths() {
        charges.writeCharge(new ChargeWrite(charge("c-oct-alice", "m-alice", 500), LocalDate.parse("2026-10-03"), "EUR",
                SESSION_FACTS));
        charges.writeCharge(new ChargeWrite(charge("c-oct-bob", "m-bob", 700), LocalDate.parse("2026-10-09"), "EUR",
                SESSION_FACTS));
        ledger.writeEntry(new LedgerDraft(LocalDate.parse("2026-10-20"), "m-alice", LedgerKind.PAYMENT, -200, "EUR",
                "payment:p-1", "payment p-1", 0), audit("ledger.payment"));
        charges.writeCharge(new ChargeWrite(charge("c-nov-bob", "m-bob", 900), LocalDate.parse("2026-11-02"), "EUR",
                SESSION_FACTS));

        assertThatThrownBy(() -> periods.issueStatements(YearMonth.parse("2026-10"), NOW, audit("statements.issued")))
                .isInstanceOf(Conflict.class).hasMessageContaining("close 2026-10");

        periods.closePeriod(YearMonth.parse("2026-10"), NOW, "treasurer", audit("period.closed"));
        List<PeriodStore.IssuedStatement> october = periods.issueStatements(YearMonth.parse("2026-10"), NOW,
                audit("statements.issued"));
        assertThat(october).extracting(PeriodStore.IssuedStatement::number, PeriodStore.IssuedStatement::memberId,
                PeriodStore.IssuedStatement::totalCents).containsExactly(
                tuple("2026-000001", "m-alice", 300L),
                tuple("2026-000002", "m-bob", 700L));
        assertThat(periods.issueStatements(YearMonth.parse("2026-10"), NOW.plusSeconds(1), audit("statements.issued")))
                .isEmpty();

        periods.closePeriod(YearMonth.parse("2026-11"), NOW.plusSeconds(2), "treasurer", audit("period.closed"));
        assertThat(periods.issueStatements(YearMonth.parse("2026-11"), NOW.plusSeconds(3), audit("statements.issued")))
                .extracting(PeriodStore.IssuedStatement::number).containsExactly("2026-000003");

        Statement alice = periods.statement("2026-000001").statement();
        assertThat(alice.entries()).extracting(LedgerEntry::amountCents).containsExactly(500L, -200L);
        assertThat(alice.totalCents()).isEqualTo(300);
        assertThat(alice.paymentsCents()).isEqualTo(-200);
    }

    @Test
    void aCoupon_isRedeemedOncePerMember_withinItsRedemptionsAndDate() {
        tariffs.createCoupon(new TariffStore.Coupon("WELCOME", 500, 1, Optional.of(LocalDate.parse("2026-12-31")), 0),
                NOW, audit("coupon.created"));

        LedgerEntry credit = ledger.redeemCoupon("WELCOME", "m-alice", LocalDate.parse("2026-11-23"), "EUR", NOW,
                audit("coupon.redeemed"));

        assertThat(credit.kind()).isEqualTo(LedgerKind.CREDIT);
        assertThat(credit.amountCents()).isEqualTo(-500);
        assertThatThrownBy(() -> ledger.redeemCoupon("WELCOME", "m-alice", LocalDate.parse("2026-11-23"), "EUR", NOW,
                audit("coupon.redeemed"))).isInstanceOf(Conflict.class);
        assertThatThrownBy(() -> ledger.redeemCoupon("WELCOME", "m-bob", LocalDate.parse("2026-11-23"), "EUR", NOW,
                audit("coupon.redeemed"))).isInstanceOf(Conflict.class).hasMessageContaining("used up");
        tariffs.createCoupon(new TariffStore.Coupon("OLD", 500, 10, Optional.of(LocalDate.parse("2026-01-31")), 0),
                NOW, audit("coupon.created"));
        assertThatThrownBy(() -> ledger.redeemCoupon("OLD", "m-bob", LocalDate.parse("2026-11-23"), "EUR", NOW,
                audit("coupon.redeemed"))).isInstanceOf(Conflict.class).hasMessageContaining("expired");
        assertThat(tariffs.coupons()).filteredOn(c -> c.code().equals("WELCOME"))
                .extracting(TariffStore.Coupon::redeemed).containsExactly(1);
    }

    @Test
    void theNetworksPriceLists_areKeptApartFromOurs_replacedByKind_andRemovedOnce() {
        PriceList ours = PriceList.forKind("laser-cutter").wall(new BlockRate(15, 200)).vatBasisPoints(2000).build();
        PriceList network = PriceList.forKind("laser-cutter").busy(new BlockRate(10, 150)).sessionFeeCents(100)
                .minimumBillable(Duration.ofMinutes(5)).dailyCapCents(3000).vatBasisPoints(550).build();
        tariffs.savePriceList(ours, NOW, audit("price-list.saved"));

        tariffs.saveNetworkPriceList(network, NOW, audit("network-price-list.saved"));
        PriceList printer = PriceList.forKind("printer-3d").wall(new BlockRate(60, 100)).build();
        tariffs.saveNetworkPriceList(printer, NOW, audit("network-price-list.saved"));

        assertThat(tariffs.priceLists()).containsExactly(ours);
        assertThat(tariffs.networkPriceLists()).containsExactly(network, printer);
        PriceList cheaper = PriceList.forKind("printer-3d").wall(new BlockRate(60, 50)).build();
        tariffs.saveNetworkPriceList(cheaper, NOW, audit("network-price-list.saved"));
        assertThat(tariffs.networkPriceLists()).containsExactly(network, cheaper);

        tariffs.removeNetworkPriceList("laser-cutter", audit("network-price-list.removed"));
        assertThat(tariffs.networkPriceLists()).containsExactly(cheaper);
        assertThat(tariffs.priceLists()).as("ours untouched").containsExactly(ours);
        assertThatThrownBy(() -> tariffs.removeNetworkPriceList("laser-cutter", audit("network-price-list.removed")))
                .isInstanceOf(NotFound.class).hasMessageContaining("no network price list for laser-cutter");
    }

    @Test
    void terms_sumThePlanTimeOfTheMonth_andTheCappedCentsOfEachDay() {
        tariffs.savePlan(new TariffStore.PlanRecord("maker-plus", new Plan("Maker+", 1500, 120,
                Set.of("laser-cutter"), 2000), true), audit("plan.saved"));
        tariffs.saveGroup(new MemberGroup("students", 2500), audit("group.saved"));
        try (var c = database.dataSource().getConnection(); var s = c.createStatement()) {
            s.executeUpdate("update members set plan_id = 'maker-plus', member_group = 'students' where id = 'm-alice'");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        charges.writeCharge(new ChargeWrite(charge("session:laser-1:s-1", "m-alice", 600), LocalDate.parse("2026-11-20"),
                "EUR", SESSION_FACTS));

        ChargeStore.MemberBilling alice = charges.memberBilling("m-alice");
        MemberTerms terms = charges.terms(alice, "laser-cutter", List.of(LocalDate.parse("2026-11-20"),
                LocalDate.parse("2026-11-21")));

        assertThat(alice.group()).contains(new MemberGroup("students", 2500));
        assertThat(terms.plan().name()).isEqualTo("Maker+");
        assertThat(terms.planUsed()).isEqualTo(Map.of(YearMonth.parse("2026-11"), Duration.ofMinutes(30)));
        assertThat(terms.cappedCharged()).isEqualTo(Map.of(LocalDate.parse("2026-11-20"), 600L));
        assertThat(charges.membersOwingPlanFee(YearMonth.parse("2026-11"))).containsExactly("m-alice");
    }

    @Test
    void consumableRecords_withoutMemberOrCatalogueItem_waitUnchargedAndVisible() {
        tariffs.saveItem(new TariffStore.ItemRecord(new CatalogueItem("pla", "PLA filament", CatalogueItem.Unit.GRAM,
                5, 2000), true), audit("consumable.saved"));
        charges.recordConsumable(ConsumableRecord.of("r-1", "pla", 120).member("m-alice")
                .recorded(NOW, "maker", "member").build(), audit("consumable.recorded"));
        charges.recordConsumable(ConsumableRecord.of("r-2", "pla", 40).node("laser-1").session("s-9")
                .recorded(NOW, "node:laser-1", "node").build(), audit("consumable.recorded"));
        charges.recordConsumable(ConsumableRecord.of("r-3", "plywood", 1).member("m-bob")
                .recorded(NOW, "maker", "member").build(), audit("consumable.recorded"));

        assertThat(charges.pendingConsumables(10)).extracting(ConsumableRecord::id).containsExactly("r-1");
        charges.writeCharge(new ChargeWrite(new Charge("consumable:r-1", "m-alice", List.of(new ChargeLine("PLA", 120,
                "g", 5, 2000, 0, 600)), List.of()), LocalDate.parse("2026-11-23"), "EUR", new LineFacts(Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of("pla"), "consumable")));

        assertThat(charges.pendingConsumables(10)).isEmpty();
        assertThat(charges.consumableRecord("r-1")).hasValueSatisfying(r -> assertThat(r.chargedCents()).isEqualTo(600));
        assertThat(charges.consumableRecords(Optional.empty(), Optional.of(LocalDate.parse("2026-11-23")),
                Optional.of(LocalDate.parse("2026-11-23")), 10)).hasSize(3);
        assertThatThrownBy(() -> charges.recordConsumable(ConsumableRecord.of("r-1", "pla", 1).member("m-alice")
                .recorded(NOW, "maker", "member").build(), audit("consumable.recorded"))).isInstanceOf(Conflict.class);
    }

    @Test
    void parkedCauses_areLeftOutOfEveryPendingList_untilUnparked() throws SQLException {
        tariffs.saveItem(new TariffStore.ItemRecord(new CatalogueItem("pla", "PLA filament", CatalogueItem.Unit.GRAM,
                5, 2000), true), audit("consumable.saved"));
        charges.recordConsumable(ConsumableRecord.of("r-1", "pla", 120).member("m-alice")
                .recorded(NOW, "maker", "member").build(), audit("consumable.recorded"));
        insertEndedSession("s-1", "m-alice");

        charges.park("consumable:r-1", "m-alice", "long overflow");
        charges.park("consumable:r-1", "m-alice", "parked again");
        charges.park("session:laser-1:s-1", "m-alice", "no price");

        assertThat(charges.pendingConsumables(10)).isEmpty();
        assertThat(charges.pendingSessions(10)).isEmpty();
        assertThat(charges.parkedCauses()).extracting(ChargeStore.ParkedCause::cause, ChargeStore.ParkedCause::memberId,
                ChargeStore.ParkedCause::reason, ChargeStore.ParkedCause::parkedAt).containsExactly(
                tuple("consumable:r-1", "m-alice", "long overflow", NOW),
                tuple("session:laser-1:s-1", "m-alice", "no price", NOW));
        charges.unpark("consumable:r-1", audit("billing.parked.retry"));
        assertThat(charges.pendingConsumables(10)).extracting(ConsumableRecord::id).containsExactly("r-1");
        assertThat(charges.parkedCauses()).extracting(ChargeStore.ParkedCause::cause)
                .containsExactly("session:laser-1:s-1");
        assertThatThrownBy(() -> charges.unpark("consumable:r-1", audit("billing.parked.retry")))
                .isInstanceOf(NotFound.class);
    }
}
