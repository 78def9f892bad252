package org.fablab.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcBillingStores;
import org.fablab.gateway.adapter.jdbc.JdbcEventStore;
import org.fablab.gateway.adapter.jdbc.JdbcLabDirectory;
import org.fablab.gateway.billing.BlockRate;
import org.fablab.gateway.billing.CatalogueItem;
import org.fablab.gateway.billing.ChainCheck;
import org.fablab.gateway.billing.ConsumableRecord;
import org.fablab.gateway.billing.Invoice;
import org.fablab.gateway.billing.Issuer;
import org.fablab.gateway.billing.LedgerKind;
import org.fablab.gateway.billing.PaymentMethod;
import org.fablab.gateway.billing.Plan;
import org.fablab.gateway.billing.PriceList;
import org.fablab.gateway.domain.BadgeRecord;
import org.fablab.gateway.pdf.InvoicePdf;
import org.fablab.gateway.pdf.Poppler;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.MemberRecord;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.port.BillingStores;
import org.fablab.gateway.port.ChangeFeed;
import org.fablab.gateway.port.JobLease;
import org.fablab.gateway.port.LedgerStore;
import org.fablab.gateway.port.TariffStore;
import org.fablab.gateway.port.Conflict;
import org.fablab.gateway.port.NotFound;
import org.fablab.gateway.port.EventStore.AcceptedEvent;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.CredentialRef;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.EndReason;
import org.fablab.protocol.EventData;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.OfflinePolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Billing over a real SQLite store: node events as ingestion stores them become charges once, consumables are
 * charged and corrected, plans and the prepaid minimum act on members.
 */
class BillingServicesTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant START = Instant.parse("2026-11-20T14:00:00Z");
    private static final Principal TREASURER = new Principal("treasurer", Role.TREASURER, null, "Treasurer");
    private static final Principal MANAGER = new Principal("fabmanager", Role.FABMANAGER, null, "Fab Manager");
    private static final CredentialRef ALICE_BADGE = new CredentialHasher(new byte[16]).hash("mifare-uid", "04A1B2C3", false);

    @TempDir
    Path folder;
    private Database database;
    private JdbcEventStore events;
    private BillingServices billing;
    private ChargingEngine charging;
    private TariffService tariffs;
    private LedgerService ledger;
    private PeriodService periods;
    private LedgerAudit ledgerCheck;
    private final AtomicInteger accessChanges = new AtomicInteger();
    private long seq;

    @BeforeEach
    void start() {
        database = Database.open("jdbc:sqlite:" + folder.resolve("gateway.db"), "", "", 4);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        JdbcLabDirectory directory = new JdbcLabDirectory(database.dataSource(), clock);
        directory.upsert(new MachineRecord("laser-1", "Laser", "laser-cutter"));
        directory.upsert(new NodeRecord("laser-1", "laser-1", Ed25519Keys.encode(Ed25519Keys.generate().getPublic()),
                OfflinePolicy.FAIL_CLOSED, Duration.ofMinutes(15)));
        directory.upsert(new MemberRecord("m-alice", "Alice", true));
        directory.upsert(new BadgeRecord(ALICE_BADGE, "m-alice"));
        events = new JdbcEventStore(database.dataSource());
        BillingStores stores = JdbcBillingStores.over(database.dataSource(), clock, PARIS);
        ledgerCheck = new LedgerAudit(stores.ledger(), stores.periods());
        billing = BillingServices.start(stores, clock, PARIS,
                "EUR", new Issuer("Test lab", "", "", ""), accessChanges::incrementAndGet, JobLease.SOLE,
                ChangeFeed.SOLE);
        charging = billing.charging();
        tariffs = billing.tariffs();
        ledger = billing.ledger();
        periods = billing.periods();
        tariffs.savePriceList(TREASURER, PriceList.forKind("laser-cutter").wall(new BlockRate(15, 200))
                .sessionFeeCents(100).vatBasisPoints(2000).build());
    }

    @AfterEach
    void stop() {
        billing.close();
        database.close();
    }

    private void ingest(EventData data) {
        seq++;
        events.store(List.of(new AcceptedEvent(NodeEvent.of("demo-lab", "laser-1", START.plusSeconds(seq), seq,
                UUID.randomUUID().toString(), data), "{}", NOW)), List.of());
    }

    private void aliceUsesTheLaserForAnHour(String session) {
        ingest(new EventData.SessionStarted(session, START, ALICE_BADGE, null, true));
        ingest(new EventData.SessionEnded(session, START, START.plusSeconds(3600), 3600, 1200, 12.5,
                EndReason.BADGE_OUT, false));
    }

    private long ledgerTotal() {
        return ledger.ledger(LedgerStore.LedgerFilter.newest(1000)).stream().mapToLong(l -> l.entry().amountCents())
                .sum();
    }

    @Test
    void anEndedSession_isChargedOnce_evenWhenItsEventsAreIngestedAgain() {
        aliceUsesTheLaserForAnHour("s-1");
        charging.catchUp();
        ingest(new EventData.SessionEnded("s-1", START, START.plusSeconds(3600), 3600, 1200, 12.5,
                EndReason.BADGE_OUT, false));
        charging.catchUp();

        assertThat(ledgerTotal()).isEqualTo(100 + 4 * 200);
        assertThat(charging.owed("m-alice")).isEqualTo(900);
        assertThat(ledgerCheck.verify()).isInstanceOf(ChainCheck.Verified.class);
        assertThat(periods.draftStatement("m-alice", YearMonth.parse("2026-11")).statement().totalCents())
                .isEqualTo(900);
    }

    @Test
    void redeliveredAndRepeatedSessionEvents_neverChargeASessionTwice_seeded() {
        for (long seed = 1; seed <= 5; seed++) {
            Random random = new Random(seed);
            long expected = 0;
            List<EventData> delivered = new ArrayList<>();
            for (int n = 0; n < 12; n++) {
                String session = "p" + seed + "-" + n;
                long seconds = 60 + random.nextInt(4 * 3600);
                Instant start = START.plusSeconds(n * 86_400L + seed * 600);
                EventData.SessionEnded ended = new EventData.SessionEnded(session, start, start.plusSeconds(seconds),
                        seconds, random.nextInt((int) seconds), 1.0, EndReason.BADGE_OUT, false);
                delivered.add(new EventData.SessionStarted(session, start, ALICE_BADGE, null, true));
                for (int copies = 1 + random.nextInt(3); copies > 0; copies--) {
                    delivered.add(ended);
                }
                expected += 100 + 200 * ((seconds * 1000 + 15 * 60_000 - 1) / (15 * 60_000));
            }
            long owedBefore = charging.owed("m-alice");
            for (EventData data : delivered) {
                ingest(data);
                if (random.nextInt(4) == 0) {
                    charging.catchUp();
                }
            }
            charging.catchUp();
            charging.catchUp();

            assertThat(charging.owed("m-alice") - owedBefore).as("seed %d", seed).isEqualTo(expected);
        }
        assertThat(ledgerCheck.verify()).isInstanceOf(ChainCheck.Verified.class);
    }

    @Test
    void aNodeRecordedConsumable_waitsForItsCatalogueItem_thenIsChargedToTheSessionsMember() {
        aliceUsesTheLaserForAnHour("s-1");
        ingest(new EventData.ConsumableRecorded("s-1", "pla", 120, "g"));
        charging.catchUp();
        assertThat(charging.owed("m-alice")).isEqualTo(900);

        tariffs.saveItem(TREASURER, new TariffStore.ItemRecord(new CatalogueItem("pla", "PLA", CatalogueItem.Unit.GRAM,
                5, 2000), true));
        charging.catchUp();

        assertThat(charging.owed("m-alice")).isEqualTo(900 + 600);
        assertThat(ledger.consumableRecords(Optional.of("m-alice"), Optional.empty(), Optional.empty(), 10))
                .singleElement().satisfies(r -> {
                    assertThat(r.source()).isEqualTo("node");
                    assertThat(r.machineId()).contains("laser-1");
                    assertThat(r.chargedCents()).isEqualTo(600);
                });
    }

    @Test
    void aThousandRecordsWhoseAmountOverflows_areParked_andEveryGoodRecordAfterThemIsCharged() {
        tariffs.saveItem(TREASURER, new TariffStore.ItemRecord(new CatalogueItem("pla", "PLA", CatalogueItem.Unit.GRAM,
                5, 2000), true));
        aliceUsesTheLaserForAnHour("s-1");
        List<AcceptedEvent> records = new ArrayList<>();
        for (int n = 0; n < 1007; n++) {
            seq++;
            long quantity = n < 1000 ? Long.MAX_VALUE / 2 : 10;
            records.add(new AcceptedEvent(NodeEvent.of("demo-lab", "laser-1", START.plusSeconds(seq), seq,
                    UUID.randomUUID().toString(), new EventData.ConsumableRecorded("s-1", "pla", quantity, "g")), "{}",
                    NOW));
        }
        events.store(records, List.of());

        charging.catchUp();
        int again = charging.catchUp();

        assertThat(charging.owed("m-alice")).isEqualTo(900 + 7 * 50);
        assertThat(again).isZero();
        assertThat(charging.parkedCauses()).hasSize(1000).allSatisfy(p -> {
            assertThat(p.cause()).startsWith("consumable:");
            assertThat(p.memberId()).isEqualTo("m-alice");
            assertThat(p.reason()).contains("overflow");
            assertThat(p.parkedAt()).isEqualTo(NOW);
        });
        assertThat(ledgerCheck.verify()).isInstanceOf(ChainCheck.Verified.class);
    }

    @Test
    void aParkedCause_retriedByTheTreasurer_isChargedOnceItsDataIsFixed() {
        ingest(new EventData.SessionStarted("s-late", START, ALICE_BADGE, null, true));
        ingest(new EventData.ConsumableRecorded("s-late", "resin", 3, "g"));
        tariffs.saveItem(TREASURER, new TariffStore.ItemRecord(new CatalogueItem("resin", "Resin",
                CatalogueItem.Unit.GRAM, Long.MAX_VALUE / 2, 2000), true));
        charging.catchUp();
        String cause = charging.parkedCauses().get(0).cause();

        tariffs.saveItem(TREASURER, new TariffStore.ItemRecord(new CatalogueItem("resin", "Resin",
                CatalogueItem.Unit.GRAM, 40, 2000), true));
        charging.catchUp();
        assertThat(charging.owed("m-alice")).isZero();
        charging.retryParked(TREASURER, cause);
        charging.catchUp();

        assertThat(charging.owed("m-alice")).isEqualTo(120);
        assertThat(charging.parkedCauses()).isEmpty();
        assertThatThrownBy(() -> charging.retryParked(TREASURER, cause)).isInstanceOf(NotFound.class);
    }

    @Test
    void aRecordThatCannotBeCharged_isParked_andTheOthersAreCharged() {
        tariffs.saveItem(TREASURER, new TariffStore.ItemRecord(new CatalogueItem("pla", "PLA", CatalogueItem.Unit.GRAM,
                5, 2000), true));
        ingest(new EventData.SessionStarted("s-ghost", START, new CredentialHasher(new byte[16]).hash("mifare-uid",
                "04FFFFFF", false), "m-ghost", true));
        ingest(new EventData.ConsumableRecorded("s-ghost", "pla", 10, "g"));
        aliceUsesTheLaserForAnHour("s-1");
        ingest(new EventData.ConsumableRecorded("s-1", "pla", 120, "g"));

        charging.catchUp();

        assertThat(charging.owed("m-alice")).isEqualTo(900 + 600);
        assertThat(ledger.consumableRecords(Optional.of("m-ghost"), Optional.empty(), Optional.empty(), 10))
                .singleElement().satisfies(r -> assertThat(r.chargedCents()).isZero());
        assertThat(charging.parkedCauses()).singleElement().satisfies(p -> {
            assertThat(p.memberId()).isEqualTo("m-ghost");
            assertThat(p.reason()).contains("m-ghost");
        });
    }

    @Test
    void aCorrectedConsumable_isReversedByACreditNote_andChargedAgainAtTheRightQuantity() {
        tariffs.saveItem(TREASURER, new TariffStore.ItemRecord(new CatalogueItem("pla", "PLA", CatalogueItem.Unit.GRAM,
                5, 2000), true));
        ConsumableRecord wrong = ledger.recordConsumable(MANAGER, "m-alice", Optional.empty(), "pla", 120,
                "fabmanager");

        ConsumableRecord right = ledger.correctConsumable(MANAGER, wrong.id(), 80, "weighed again");

        assertThat(wrong.chargedCents()).isEqualTo(600);
        assertThat(ledger.consumableRecord(wrong.id()).orElseThrow().chargedCents()).isZero();
        assertThat(right.chargedCents()).isEqualTo(400);
        assertThat(ledger.ledger(LedgerStore.LedgerFilter.newest(10).member("m-alice")
                .kind(LedgerKind.CORRECTION)))
                .singleElement().satisfies(l -> assertThat(l.entry().label()).contains("weighed again"));
        assertThat(charging.owed("m-alice")).isEqualTo(400);
        assertThatThrownBy(() -> ledger.correctConsumable(MANAGER, wrong.id(), 50, "again"))
                .isInstanceOf(Conflict.class).hasMessageContaining("already corrected");
    }

    @Test
    void aPlan_chargesItsFeeOncePerMonth_andItsMinutesCoverTheSession() {
        tariffs.savePlan(TREASURER, new TariffStore.PlanRecord("maker-plus", new Plan("Maker+", 1500, 30,
                Set.of("laser-cutter"), 2000), true));
        tariffs.assignPlan(TREASURER, "m-alice", Optional.of("maker-plus"));
        aliceUsesTheLaserForAnHour("s-1");

        charging.catchUp();
        charging.catchUp();

        assertThat(charging.owed("m-alice")).isEqualTo(1500 + 100 + 2 * 200);
    }

    @Test
    void thePrepaidMinimum_refusesAMemberInDebt_untilTheyPay_andAsksForNewAcls() {
        tariffs.saveSettings(TREASURER, new TariffStore.Settings(Optional.of(0L)));
        int before = accessChanges.get();
        aliceUsesTheLaserForAnHour("s-1");
        charging.catchUp();

        assertThat(charging.shortfall("m-alice", "laser-1")).hasValueSatisfying(why ->
                assertThat(why).contains("-9.00 EUR").contains("minimum 0.00"));
        assertThat(accessChanges.get()).isEqualTo(before + 1);

        ledger.payment(TREASURER, "m-alice", 900, Optional.empty(), PaymentMethod.CASH, "cash-1");

        assertThat(charging.shortfall("m-alice", "laser-1")).isEmpty();
        assertThat(accessChanges.get()).isEqualTo(before + 2);
    }

    @Test
    void paymentsWrittenWhileNodesEventsAreStored_allLand_andTheChainHolds() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int writer = 0; writer < 3; writer++) {
                int w = writer;
                writes.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        ledger.payment(TREASURER, "m-alice", 100, Optional.empty(), PaymentMethod.TRANSFER,
                                "w" + w + "-" + i);
                    }
                }));
            }
            writes.add(pool.submit(() -> {
                for (int n = 0; n < 30; n++) {
                    aliceUsesTheLaserForAnHour("c-" + n);
                    charging.catchUp();
                }
            }));
            for (Future<?> write : writes) {
                write.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(ledger.ledger(LedgerStore.LedgerFilter.newest(1000).member("m-alice")
                .kind(LedgerKind.PAYMENT))).hasSize(60);
        assertThat(charging.owed("m-alice")).isEqualTo(30 * 900 - 60 * 100);
        assertThat(ledgerCheck.verify()).isInstanceOf(ChainCheck.Verified.class);
    }

    @Test
    void aMonthCannotBeClosedBeforeItIsOver() {
        assertThatThrownBy(() -> periods.closePeriod(TREASURER, YearMonth.parse("2026-11")))
                .isInstanceOf(Conflict.class).hasMessageContaining("not over");
        assertThat(periods.closePeriod(TREASURER, YearMonth.parse("2026-10")).month())
                .isEqualTo(YearMonth.parse("2026-10"));
    }

    @Test
    void anIssuedStatement_printsAsAFrenchInvoice_withLinesExcludingAndIncludingVatAndVatPerRate() throws Exception {
        Instant october = Instant.parse("2026-10-20T14:00:00Z");
        ingest(new EventData.SessionStarted("s-oct", october, ALICE_BADGE, null, true));
        ingest(new EventData.SessionEnded("s-oct", october, october.plusSeconds(3600), 3600, 1200, 12.5,
                EndReason.BADGE_OUT, false));
        charging.catchUp();
        ledger.payment(TREASURER, "m-alice", 400, Optional.of(LocalDate.parse("2026-10-25")),
                PaymentMethod.CHEQUE, "cheque-7");
        periods.closePeriod(TREASURER, YearMonth.parse("2026-10"));
        String number = periods.issueStatements(TREASURER, YearMonth.parse("2026-10")).get(0).number();
        Invoice issued = periods.invoice(number);
        Invoice invoice = new Invoice(new Issuer("Fablab du Nord\n12 rue de l’Étoile\n59000 Lille", "12345678900012",
                "FR12345678901", "Payable sous 30 jours par virement."), issued.statement(), issued.memberName(),
                issued.issuedOn(), issued.currency(), issued.ledgerSequence(), issued.ledgerHead(),
                issued.machineNames());
        Path file = Path.of("target", "invoice-pdf", "invoice-fr.pdf");

        String text = Poppler.text(InvoicePdf.render(invoice, Locale.FRENCH), file);
        String rows = Poppler.rawText(file);

        assertThat(number).isEqualTo("2026-000001");
        assertThat(issued.issuer().name()).isEqualTo("Test lab");
        assertThat(issued.memberName()).isEqualTo("Alice");
        assertThat(issued.issuedOn()).isEqualTo(LocalDate.parse("2026-11-23"));
        assertThat(text).contains("Facture n° 2026-000001", "Fablab du Nord", "12 rue de l’Étoile", "59000 Lille",
                "SIRET 12345678900012", "N° de TVA intracommunautaire FR12345678901",
                "Date d’émission : 23 novembre 2026", "Prestations du 1 octobre 2026 au 31 octobre 2026",
                "Facturé à : Alice (membre m-alice)", "Montant HT", "Montant TTC", "TVA par taux",
                "Payable sous 30 jours par virement.", "page 1 sur 1");
        assertThat(rows).contains("20 % 7,50 € 1,50 € 9,00 €", "Total 7,50 € 1,50 € 9,00 €",
                "Total TTC : 9,00 €", "Paiements reçus ce mois-ci : 4,00 €");
        assertThat(issued.machineNames()).containsValue("Laser");
        assertThat(rows).contains("Laser, séance du 20/10/2026 : ");
        assertThat(text).doesNotContain("cheque-7", "Entry[", "null", "session fee", "wall time", "busy time");
        assertThat(Poppler.pages(file)).hasSize(1).allSatisfy(page -> assertThat(Poppler.inked(page))
                .isGreaterThan(0.01));
    }
}
