package org.fablab.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fablab.gateway.adapter.jdbc.JdbcVisitStore;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.network.Receipts;
import org.fablab.gateway.network.Settlements;
import org.fablab.gateway.network.VisitCharge;
import org.fablab.gateway.port.ManualClock;
import org.fablab.gateway.port.ManualScheduler;
import org.fablab.gateway.port.VisitStore;
import org.fablab.gateway.service.VisitReceipts;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.Json;
import org.fablab.protocol.Signer;
import org.fablab.protocol.network.NetworkInbound;
import org.fablab.protocol.network.NetworkMessage;
import org.fablab.protocol.network.NetworkTopic;
import org.fablab.protocol.network.NetworkVerifier;
import org.fablab.protocol.network.ReceiptAck;
import org.fablab.protocol.network.SettlementStatement;
import org.fablab.protocol.network.UsageReceipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Usage receipts both ways over a real SQLite ledger: as host, a visit charged to a partner's network account is
 * receipted once and sent until acknowledged; as home lab, a partner's receipt is recorded once on our member,
 * acknowledged every time, and charged as {@code network.visits} says. Then the month's settlement statement, sent
 * once the month is closed and compared with the partner's.
 */
class VisitReceiptsTest {
    private static final KeyPair PARTNER = Ed25519Keys.generate();
    private static final Instant NOON = Instant.parse("2026-12-04T11:00:00Z");

    @TempDir
    Path folder;
    private final ManualClock clock = new ManualClock(NOON);
    private ApiHarness api;
    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    private record Sent(NetworkTopic topic, String body) {
    }

    @BeforeEach
    void start() {
        api = new ApiHarness(folder, clock);
        api.browser(Role.ADMIN).post("/api/v1/partners", "{\"id\":\"lab-a\",\"name\":\"Fablab A\",\"publicKey\":\""
                + Ed25519Keys.encode(PARTNER.getPublic()) + "\"}");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private VisitReceipts receipts(VisitCharge visits) {
        return receipts(visits, new ManualScheduler(clock));
    }

    private VisitReceipts receipts(VisitCharge visits, ManualScheduler worker) {
        return new VisitReceipts("test-lab", new JdbcVisitStore(api.dataSource()),
                (topic, body) -> sent.add(new Sent(topic, body)), api.billing.charging()::chargeSoon, () -> { }, visits,
                "EUR", worker, clock, ApiHarness.ZONE);
    }

    // ---- as host ---------------------------------------------------------------------------------

    @Test
    void aChargedVisit_isReceiptedOnce_andSentAgainUntilAcknowledged_thenNoMore() throws Exception {
        insertVisit("s-visit", 1_200);
        api.billing.charging().catchUp();
        VisitReceipts receipts = receipts(VisitCharge.CHARGED);

        receipts.issueAndSend();

        assertThat(sent).singleElement().satisfies(message ->
                assertThat(message.topic().toString()).isEqualTo("fablab/v1/network/test-lab/lab-a/receipts"));
        UsageReceipt receipt = Json.mapper().readValue(sent.get(0).body(), UsageReceipt.class);
        assertThat(receipt.receiptId()).isEqualTo("session:laser-1:s-visit");
        assertThat(receipt.visitorId()).as("their id at home").isEqualTo("m-7");
        assertThat(receipt.amountCents()).as("1.00 a session and 20 min in started 15-min blocks at 2.00")
                .isEqualTo(500);
        assertThat(receipt.wallSeconds()).isEqualTo(1_200);
        assertThat(receipt.month()).isEqualTo("2026-12");

        receipts.issueAndSend();
        clock.advance(VisitReceipts.RESEND.minusSeconds(1));
        receipts.issueAndSend();
        assertThat(sent).as("neither a second receipt nor a resend before its time").hasSize(1);

        clock.advance(Duration.ofSeconds(2));
        receipts.issueAndSend();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).body()).as("the same body each time").isEqualTo(sent.get(0).body());

        receipts.received(accepted(new ReceiptAck(1, "lab-a", "test-lab", clock.instant(),
                List.of(new ReceiptAck.Recorded(receipt.receiptId(), "00".repeat(32))))));
        clock.advance(VisitReceipts.RESEND.multipliedBy(2));
        receipts.issueAndSend();
        assertThat(sent).as("an acknowledgement of another content stops nothing: sent after twice the first wait")
                .hasSize(3);

        receipts.received(accepted(new ReceiptAck(1, "lab-a", "test-lab", clock.instant(),
                List.of(new ReceiptAck.Recorded(receipt.receiptId(), Receipts.hash(sent.get(0).body()))))));
        clock.advance(Duration.ofHours(1));
        receipts.issueAndSend();
        assertThat(sent).as("acknowledged: never sent again").hasSize(3);
    }

    @Test
    void anAgreementsFreeMinutes_coverEachVisitorsFirstMinutesOfEveryMonth_andOurPricesApplyBeyond() throws Exception {
        assertThat(api.browser(Role.ADMIN).send("PATCH", "/api/v1/partners/lab-a", "{\"freeMinutesPerMonth\":30}")
                .json().get("freeMinutesPerMonth").asLong()).isEqualTo(30);
        assertThat(api.browser(Role.TREASURER).send("PUT", "/api/v1/prices/laser-cutter",
                "{\"wall\":{\"blockMinutes\":15,\"centsPerBlock\":200},\"vatBasisPoints\":2000}").status())
                .isEqualTo(200);
        insertVisitAt("s-1", Instant.parse("2026-11-03T10:00:00Z"), 1_200);
        insertVisitAt("s-2", Instant.parse("2026-11-10T10:00:00Z"), 1_200);
        insertVisitAt("s-3", Instant.parse("2026-12-01T10:00:00Z"), 1_200);

        api.billing.charging().catchUp();

        assertThat(api.ledgerOf("session:laser-1:s-1")).as("20 of the 30 free minutes").isEmpty();
        assertThat(api.ledgerOf("session:laser-1:s-2")).as("10 free, then 10 min in one started quarter hour")
                .singleElement().satisfies(entry -> {
                    assertThat(entry.account()).isEqualTo("network:lab-a");
                    assertThat(entry.amountCents()).isEqualTo(200);
                });
        assertThat(api.ledgerOf("session:laser-1:s-3")).as("a new month, 30 free minutes again").isEmpty();
        assertThat(api.browser(Role.ADMIN).send("PATCH", "/api/v1/partners/lab-a", "{\"freeMinutesPerMonth\":-1}")
                .status()).isEqualTo(400);
        assertThat(api.browser(Role.ADMIN).send("PATCH", "/api/v1/partners/lab-a", "{}").status()).isEqualTo(400);
    }

    @Test
    void aPartnerOnTheNetworksPrices_paysTheNetworksListBeyondItsFreeMinutes_aKindItDoesNotPriceIsFreeButReceipted()
            throws Exception {
        ApiHarness.Client admin = api.browser(Role.ADMIN);
        ApiHarness.Client treasurer = api.browser(Role.TREASURER);
        assertThat(admin.send("PATCH", "/api/v1/partners/lab-a",
                "{\"visitPricing\":\"network\",\"freeMinutesPerMonth\":10}").status()).isEqualTo(200);
        assertThat(treasurer.send("PUT", "/api/v1/network/prices/laser-cutter",
                "{\"wall\":{\"blockMinutes\":5,\"centsPerBlock\":70},\"vatBasisPoints\":2000}").status())
                .isEqualTo(200);
        insertVisitAt("s-network", Instant.parse("2026-12-01T10:00:00Z"), 1_200);
        api.billing.charging().catchUp();

        assertThat(api.ledgerOf("session:laser-1:s-network"))
                .as("10 free minutes, then 10 min in 5-min blocks at 0.70, no fee: not our 1.00 + 2.00 a quarter hour")
                .extracting(e -> e.account() + " " + e.amountCents()).containsExactly("network:lab-a 140");

        assertThat(treasurer.send("DELETE", "/api/v1/network/prices/laser-cutter", null).status()).isEqualTo(204);
        insertVisitAt("s-unpriced", Instant.parse("2026-12-02T10:00:00Z"), 1_200);
        api.billing.charging().catchUp();
        assertThat(api.ledgerOf("session:laser-1:s-unpriced")).as("no network list for the kind: free, though we price it")
                .isEmpty();
        assertThat(api.billing.charging().parkedCauses()).isEmpty();

        assertThat(admin.send("PATCH", "/api/v1/partners/lab-a", "{\"visitPricing\":\"host\"}").status())
                .isEqualTo(200);
        insertVisitAt("s-host", Instant.parse("2026-12-03T10:00:00Z"), 1_200);
        api.billing.charging().catchUp();
        assertThat(api.ledgerOf("session:laser-1:s-host"))
                .as("the month's free minutes used: our 1.00 fee and 20 min in started quarter hours at 2.00")
                .extracting(e -> e.account() + " " + e.amountCents())
                .containsExactly("network:lab-a 100", "network:lab-a 400");

        receipts(VisitCharge.CHARGED).issueAndSend();
        Map<String, Long> amounts = new HashMap<>();
        for (Sent message : sent) {
            UsageReceipt receipt = Json.mapper().readValue(message.body(), UsageReceipt.class);
            amounts.put(receipt.receiptId(), receipt.amountCents());
        }
        assertThat(amounts).containsExactlyInAnyOrderEntriesOf(Map.of("session:laser-1:s-network", 140L,
                "session:laser-1:s-unpriced", 0L, "session:laser-1:s-host", 500L));
    }

    @Test
    void overThreeDaysWithoutAnAcknowledgement_aReceiptIsSentAtWaitsThatDoubleUpToAnHour_thenNoMoreOnceAcknowledged()
            throws Exception {
        insertVisit("s-visit", 1_200);
        api.billing.charging().catchUp();
        ManualScheduler worker = new ManualScheduler(clock);
        VisitReceipts receipts = receipts(VisitCharge.CHARGED, worker);

        receipts.start();
        worker.advance(Duration.ofDays(3));

        // sent at 0, 2, 6, 14, 30 and 62 min, then every hour up to 72 h: 5 + 71 sendings, every minute's run checking
        assertThat(sent).hasSize(76).allSatisfy(copy -> assertThat(copy.body()).isEqualTo(sent.get(0).body()));
        receipts.received(accepted(new ReceiptAck(1, "lab-a", "test-lab", clock.instant(),
                List.of(new ReceiptAck.Recorded("session:laser-1:s-visit", Receipts.hash(sent.get(0).body()))))));
        worker.advance(Duration.ofDays(1));
        assertThat(sent).as("acknowledged: never sent again").hasSize(76);
    }

    @Test
    void aFreeVisit_isReceiptedTooWithNothingToPay() throws Exception {
        assertThat(api.browser(Role.TREASURER).send("PUT", "/api/v1/prices/laser-cutter",
                "{\"wall\":{\"blockMinutes\":15,\"centsPerBlock\":200},\"minimumBillableMinutes\":1,\"vatBasisPoints\":2000}").status())
                .isEqualTo(200);
        insertVisit("s-short", 30);
        api.billing.charging().catchUp();

        receipts(VisitCharge.CHARGED).issueAndSend();

        UsageReceipt receipt = Json.mapper().readValue(sent.get(0).body(), UsageReceipt.class);
        assertThat(receipt.amountCents()).as("below the minimum billable time").isZero();
        assertThat(receipt.wallSeconds()).isEqualTo(30);
    }

    // ---- as home lab -----------------------------------------------------------------------------

    @Test
    void aPartnersReceipt_isRecordedOnceOnOurMember_acknowledgedEachTime_andChargedOnce() throws Exception {
        VisitReceipts receipts = receipts(VisitCharge.CHARGED);
        NetworkInbound.Accepted receipt = accepted(receiptFor("m-maker", "r-1", 1_250, "EUR"));

        receipts.received(receipt);
        receipts.received(receipt);
        api.billing.charging().catchUp();
        api.billing.charging().catchUp();

        assertThat(sent).hasSize(2).allSatisfy(ack -> {
            assertThat(ack.topic().toString()).isEqualTo("fablab/v1/network/test-lab/lab-a/acks");
            assertThat(Json.mapper().readValue(ack.body(), ReceiptAck.class).receipts()).containsExactly(
                    new ReceiptAck.Recorded("r-1", Receipts.hash(receipt.body())));
        });
        assertThat(api.ledgerOf("visit:lab-a:r-1")).containsExactly(new ApiHarness.LedgerLine("m-maker", 1_250,
                "visit at Fablab A: laser-cutter 2026-12-04: 1 × visit"));
        assertThat(recorded("r-1")).isEqualTo("charged");
    }

    @Test
    void absorbedVisits_andVisitsIncludedInAPlan_areRecordedButChargeNothing_whileMembersWithoutAPlanPay()
            throws Exception {
        putOnAPlan("m-trainer");

        receipts(VisitCharge.ABSORBED).received(accepted(receiptFor("m-maker", "r-absorbed", 900, "EUR")));
        VisitReceipts included = receipts(VisitCharge.INCLUDED_IN_PLAN);
        included.received(accepted(receiptFor("m-trainer", "r-in-plan", 900, "EUR")));
        included.received(accepted(receiptFor("m-maker", "r-no-plan", 900, "EUR")));
        api.billing.charging().catchUp();

        assertThat(recorded("r-absorbed")).isEqualTo("absorbed");
        assertThat(recorded("r-in-plan")).isEqualTo("included");
        assertThat(recorded("r-no-plan")).isEqualTo("charged");
        assertThat(api.ledgerOf("visit:lab-a:r-absorbed")).isEmpty();
        assertThat(api.ledgerOf("visit:lab-a:r-in-plan")).isEmpty();
        assertThat(api.ledgerOf("visit:lab-a:r-no-plan")).hasSize(1);
    }

    @Test
    void aReceiptInAnotherCurrency_orForNoMemberOfOurs_isParkedForTheTreasurer_andStillAcknowledged()
            throws Exception {
        VisitReceipts receipts = receipts(VisitCharge.CHARGED);

        receipts.received(accepted(receiptFor("m-maker", "r-usd", 900, "USD")));
        receipts.received(accepted(receiptFor("m-nobody", "r-nobody", 900, "EUR")));
        api.billing.charging().catchUp();

        assertThat(sent).hasSize(2);
        assertThat(api.billing.charging().parkedCauses()).extracting(parked -> parked.cause() + " " + parked.reason())
                .containsExactlyInAnyOrder("visit:lab-a:r-usd receipt in USD, our ledger is in EUR",
                        "visit:lab-a:r-nobody no member m-nobody");
        assertThat(api.ledgerOf("visit:lab-a:r-usd")).isEmpty();
    }

    @Test
    void theMonthsVisits_areListedBothWays_withAmountsOnlyForWhoReadsBilling() throws Exception {
        insertVisit("s-visit", 1_200);
        api.billing.charging().catchUp();
        VisitReceipts receipts = receipts(VisitCharge.CHARGED);
        receipts.issueAndSend();
        receipts.received(accepted(receiptFor("m-maker", "r-abroad", 1_250, "EUR")));

        JsonNode treasurer = api.browser(Role.TREASURER).get("/api/v1/partners/lab-a/visits?month=2026-12").json();
        JsonNode manager = api.browser(Role.FABMANAGER).get("/api/v1/partners/lab-a/visits?month=2026-12").json();

        assertThat(treasurer.get("visits")).extracting(v -> v.get("direction").asText() + " "
                + v.get("memberId").asText() + " " + v.get("amountCents").asLong() + " " + v.get("treatment").asText())
                .containsExactly("hosted m-7 500 null", "abroad m-maker 1250 charged");
        assertThat(manager.get("visits")).hasSize(2).allSatisfy(v -> assertThat(v.get("amountCents").isNull())
                .isTrue());
        assertThat(api.browser(Role.MAKER).get("/api/v1/partners/lab-a/visits?month=2026-12").status())
                .isEqualTo(403);
        assertThat(api.browser(Role.TREASURER).get("/api/v1/partners/lab-a/visits").status()).isEqualTo(400);
    }

    // ---- monthly settlement ----------------------------------------------------------------------

    @Test
    void aClosedMonthsStatement_isSentWhenItChangesOnly_andThePartnersIsComparedWithItToTheFirstDifference()
            throws Exception {
        Instant november20 = Instant.parse("2026-11-20T10:00:00Z");
        insertVisitAt("s-nov", november20, 1_200);
        api.billing.charging().catchUp();
        receipts(VisitCharge.CHARGED).issueAndSend();
        String hash = Receipts.hash(sent.get(0).body());
        api.settlements.sendDue();
        assertThat(api.toPartners).as("November is not closed yet").isEmpty();

        api.billing.periods().closePeriod(new Principal("t", Role.TREASURER, null, "T"), YearMonth.parse("2026-11"));
        api.settlements.sendDue();
        api.settlements.sendDue();

        assertThat(api.toPartners).as("sent once while it does not change").singleElement().satisfies(body -> {
            SettlementStatement statement = Json.mapper().readValue(body, SettlementStatement.class);
            assertThat(statement.to()).isEqualTo("lab-a");
            assertThat(statement.statement().visits()).singleElement().satisfies(visit -> {
                assertThat(visit.host()).isEqualTo("test-lab");
                assertThat(visit.hash()).isEqualTo(hash);
            });
        });
        JsonNode before = settlementView();
        assertThat(before.get("closed").asBoolean()).isTrue();
        assertThat(before.get("agrees").asBoolean()).isFalse();
        assertThat(before.get("theirs").isNull()).isTrue();

        api.settlements.received(accepted(statementOfLabA(List.of())));
        JsonNode difference = settlementView().get("firstDifference");
        assertThat(difference.get("kind").asText()).isEqualTo("missing-there");
        assertThat(difference.get("values").get("receipt").asText()).isEqualTo("session:laser-1:s-nov");
        assertThat(difference.get("text").asText())
                .isEqualTo("receipt session:laser-1:s-nov (a visit at test-lab) is missing at lab-a");

        api.settlements.received(accepted(statementOfLabA(List.of(new VisitStore.RecordedReceipt("test-lab",
                "session:laser-1:s-nov", "m-7", "2026-11", 500, "EUR", 1_200, "laser-cutter", november20,
                november20, "{}", hash, VisitCharge.Treatment.CHARGED, november20)))));
        JsonNode agreed = settlementView();
        assertThat(agreed.get("agrees").asBoolean()).isTrue();
        assertThat(agreed.get("firstDifference").isNull()).isTrue();
        assertThat(agreed.get("theirHash").asText()).isEqualTo(agreed.get("hash").asText());
        assertThat(api.browser(Role.MAKER).get("/api/v1/partners/lab-a/settlements/2026-11").status())
                .isEqualTo(403);
    }

    @Test
    void theSettlementsCsv_listsEveryVisitTheTotalsAndTheBalance_andItsJournalOwesThePartnerWhatOurMembersCost()
            throws Exception {
        aVisitEachWayInNovember();

        String statement = api.browser(Role.TREASURER).get("/api/v1/partners/lab-a/settlements/2026-11/statement.csv")
                .body();
        String journal = api.browser(Role.TREASURER).get(
                "/api/v1/partners/lab-a/settlements/2026-11/journal.csv?layout=french").body();

        String hosted = Receipts.hash(sent.get(0).body());
        assertThat(statement.split("\r\n")).containsExactly(
                "line,host_lab,home_lab,receipt_id,receipt_hash,visits,hours,amount,currency",
                "visit,lab-a,test-lab,r-abroad," + recordedHash("r-abroad") + ",1,1.50,12.50,EUR",
                "visit,test-lab,lab-a,session:laser-1:s-nov," + hosted + ",1,0.33,5.00,EUR",
                "total,lab-a,test-lab,,,1,1.50,12.50,EUR",
                "total,test-lab,lab-a,,,1,0.33,5.00,EUR",
                "balance,lab-a,test-lab,,,,,7.50,EUR");
        assertThat(journal.replace("\uFEFF", "").split("\r\n")).containsExactly(
                "Code journal;Date;N° compte;Libellé compte;Pièce;Libellé;Débit;Crédit",
                "AC;30/11/2026;604000;Achats de prestations de services;settlement:lab-a:2026-11;"
                        + "Visites de nos adhérents chez Fablab A, novembre 2026 (EUR);12,50;0,00",
                "AC;30/11/2026;467lab-a;Fablab A;settlement:lab-a:2026-11;"
                        + "Visites de nos adhérents chez Fablab A, novembre 2026 (EUR);0,00;12,50");
        String statementHash = settlementView().get("hash").asText();
        assertThat(api.browser(Role.ADMIN).get("/api/v1/audit?action=settlement.exported").json().get("entries"))
                .as("each export, as the ledger's are").hasSize(2).allSatisfy(entry -> {
                    assertThat(entry.get("subjectType").asText() + " " + entry.get("subjectId").asText())
                            .isEqualTo("partner lab-a");
                    assertThat(entry.get("params").get("month").asText()).isEqualTo("2026-11");
                    assertThat(entry.get("params").get("hash").asText()).isEqualTo(statementHash);
                }).extracting(entry -> entry.get("params").get("file").asText() + " "
                        + entry.get("params").get("rows").asText())
                .containsExactlyInAnyOrder("statement.csv 5", "journal.csv 2");
        assertThat(api.browser(Role.FABMANAGER).get("/api/v1/partners/lab-a/settlements/2026-11/statement.csv")
                .status()).isEqualTo(403);
        assertThat(api.browser(Role.TREASURER).get("/api/v1/partners/lab-z/settlements/2026-11/statement.csv")
                .status()).isEqualTo(404);
    }

    @Test
    void aRemovedPartnersSettlement_ofAMonthWeHoldReceiptsOf_staysReadableAndExportable() throws Exception {
        aVisitEachWayInNovember();
        String statementBefore = api.browser(Role.TREASURER).get(
                "/api/v1/partners/lab-a/settlements/2026-11/statement.csv").body();
        String hashBefore = settlementView().get("hash").asText();

        assertThat(api.browser(Role.ADMIN).send("DELETE", "/api/v1/partners/lab-a", null).status()).isEqualTo(204);

        assertThat(settlementView().get("hash").asText()).isEqualTo(hashBefore);
        assertThat(api.browser(Role.TREASURER).get("/api/v1/partners/lab-a/settlements/2026-11/statement.csv")
                .body()).isEqualTo(statementBefore);
        assertThat(api.browser(Role.TREASURER).get("/api/v1/partners/lab-a/settlements/2026-11/journal.csv").body()
                .split("\r\n")).as("named by its id, as the ledger's journal names a removed partner's account")
                .contains("AC,2026-11-30,467lab-a,lab-a,settlement:lab-a:2026-11,"
                        + "\"Visits of our members at lab-a, November 2026 (EUR)\",0.00,12.50");
        assertThat(api.browser(Role.TREASURER).get("/api/v1/partners/lab-a/visits?month=2026-11").json()
                .get("visits")).hasSize(2);
        assertThat(api.browser(Role.TREASURER).get("/api/v1/partners/lab-a/settlements/2026-10").status())
                .as("a month we hold nothing of with the former partner").isEqualTo(404);
        assertThat(api.browser(Role.FABMANAGER).get("/api/v1/partners/lab-a/settlements/2026-11/statement.csv")
                .status()).isEqualTo(403);
    }

    private String recordedHash(String receiptId) throws Exception {
        try (Connection c = api.dataSource().getConnection(); PreparedStatement query = c.prepareStatement(
                "select hash from partner_receipts_in where partner_id = 'lab-a' and receipt_id = ?")) {
            query.setString(1, receiptId);
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    private JsonNode settlementView() {
        ApiHarness.Response response = api.browser(Role.TREASURER).get("/api/v1/partners/lab-a/settlements/2026-11");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    /** Lab A's statement of November with us, built from the receipts {@code abroad} it recorded of ours. */
    private SettlementStatement statementOfLabA(List<VisitStore.RecordedReceipt> abroad) {
        return new SettlementStatement(1, "lab-a", "test-lab", clock.instant(), Settlements.of("lab-a", "test-lab",
                YearMonth.parse("2026-11"), List.of(), abroad));
    }

    private UsageReceipt receiptFor(String member, String receiptId, long cents, String currency) {
        Instant end = clock.instant().minus(Duration.ofHours(1));
        return new UsageReceipt(1, "lab-a", "test-lab", clock.instant(), receiptId, member, "laser-cutter",
                end.minus(Duration.ofMinutes(45)), end, 2_700, 1_800, cents, currency, "2026-12");
    }

    private NetworkInbound.Accepted accepted(NetworkMessage message) {
        NetworkInbound verdict = new NetworkVerifier("test-lab", lab -> Optional.of(PARTNER.getPublic()), clock)
                .verify(message.topic().toString(), new Signer(PARTNER.getPrivate()).sign(message));
        return (NetworkInbound.Accepted) verdict;
    }

    private void insertVisit(String sessionId, long seconds) throws Exception {
        insertVisitAt(sessionId, clock.instant().minus(Duration.ofHours(2)), seconds);
    }

    /** Lab A's member here on 20 November for 20 min, receipted to lab A; our maker there that day, 90 min for 12.50. */
    private void aVisitEachWayInNovember() throws Exception {
        Instant november20 = Instant.parse("2026-11-20T10:00:00Z");
        insertVisitAt("s-nov", november20, 1_200);
        api.billing.charging().catchUp();
        VisitReceipts receipts = receipts(VisitCharge.CHARGED);
        receipts.issueAndSend();
        receipts.received(accepted(new UsageReceipt(1, "lab-a", "test-lab", clock.instant(), "r-abroad", "m-maker",
                "laser-cutter", november20, november20.plusSeconds(5_400), 5_400, 3_000, 1_250, "EUR", "2026-11")));
    }

    private void insertVisitAt(String sessionId, Instant start, long seconds) throws Exception {
        try (Connection c = api.dataSource().getConnection(); PreparedStatement insert = c.prepareStatement("""
                insert into sessions (node_id, session_id, machine_id, member_id, credential_hash, started_at,
                                      ended_at, wall_seconds, active_seconds, energy_wh, end_reason, interrupted, offline)
                values ('laser-1', ?, 'laser-1', 'lab-a:m-7', ?, ?, ?, ?, 0, 0, 'badge-out', false, false)""")) {
            insert.setString(1, sessionId);
            insert.setString(2, "ab".repeat(32));
            insert.setLong(3, start.toEpochMilli());
            insert.setLong(4, start.plusSeconds(seconds).toEpochMilli());
            insert.setLong(5, seconds);
            insert.executeUpdate();
        }
    }

    private void putOnAPlan(String member) throws Exception {
        try (Connection c = api.dataSource().getConnection()) {
            c.createStatement().executeUpdate("""
                    insert into plans (id, name, monthly_fee_cents, included_minutes, machine_kinds, vat_basis_points,
                                       active) values ('network', 'Network', 0, 0, 'laser-cutter', 0, true)""");
            try (PreparedStatement update = c.prepareStatement("update members set plan_id = 'network' where id = ?")) {
                update.setString(1, member);
                update.executeUpdate();
            }
        }
    }

    private String recorded(String receiptId) throws Exception {
        try (Connection c = api.dataSource().getConnection(); PreparedStatement query = c.prepareStatement(
                "select treatment from partner_receipts_in where partner_id = 'lab-a' and receipt_id = ?")) {
            query.setString(1, receiptId);
            try (var rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    /** The ledger entries of {@code cause}, as "account amount label". */
}
