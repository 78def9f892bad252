package org.fablab.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fablab.gateway.domain.auth.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The billing API as a maker and a treasurer use it, and what it answers to bad input. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BillingApiTest {
    @TempDir
    static Path folder;
    private ApiHarness api;
    private ApiHarness.Client treasurer;
    private ApiHarness.Client maker;

    @BeforeAll
    void start() {
        // at midday in the lab: what the tests charge falls on one day and in the month of the draft
        api = new ApiHarness(folder, ApiHarness.midday());
        treasurer = api.browser(Role.TREASURER);
        maker = api.browser(Role.MAKER);
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void aMaker_recordsTheirOwnConsumable_seesItInTheirLedgerAndDraft_butNotOthers() {
        ApiHarness.Response recorded = maker.post("/api/v1/consumable-records", "{\"itemId\":\"pla\",\"quantity\":40}");

        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
        assertThat(recorded.json().get("memberId").asText()).isEqualTo("m-maker");
        assertThat(recorded.json().get("chargedCents").asLong()).isEqualTo(200);
        assertThat(recorded.json().get("source").asText()).isEqualTo("member");
        JsonNode ledger = maker.get("/api/v1/ledger").json();
        assertThat(ledger).isNotEmpty().allSatisfy(entry -> assertThat(entry.get("memberId").asText())
                .isEqualTo("m-maker"));
        JsonNode draft = maker.get("/api/v1/statements/draft").json();
        assertThat(draft.get("totalCents").asLong()).isEqualTo(ledger.findValues("amountCents").stream()
                .mapToLong(JsonNode::asLong).sum());
        JsonNode balance = maker.get("/api/v1/members/m-maker/balance").json();
        assertThat(balance.get("owedCents").asLong()).isEqualTo(draft.get("totalCents").asLong());
        assertThat(balance.get("balanceCents").asLong()).isEqualTo(-balance.get("owedCents").asLong());

        assertThat(maker.post("/api/v1/consumable-records", "{\"memberId\":\"m-admin\",\"itemId\":\"pla\","
                + "\"quantity\":1}").status()).isEqualTo(403);
        assertThat(maker.get("/api/v1/ledger?member=m-admin").status()).isEqualTo(403);
        assertThat(maker.get("/api/v1/statements/draft?member=m-admin").status()).isEqualTo(403);
        assertThat(maker.get("/api/v1/members/m-admin/balance").status()).isEqualTo(403);
    }

    @Test
    void aConsumable_namesAnyOfTheMembersSessions_evenBehindAThousandNewerOnes() throws SQLException {
        try (Connection c = api.dataSource().getConnection(); PreparedStatement insert = c.prepareStatement("""
                insert into sessions (node_id, session_id, machine_id, member_id, credential_hash, started_at,
                                      ended_at, wall_seconds, active_seconds, energy_wh, end_reason, interrupted, offline)
                values ('laser-1', ?, 'laser-1', 'm-trainer', 'hash', ?, ?, 60, 60, 0, 'badge-out', false, false)""")) {
            for (int i = 0; i < 1_200; i++) {
                insert.setString(1, "s-trainer-" + i);
                insert.setLong(2, 1_700_000_000_000L + i * 60_000L);
                insert.setLong(3, 1_700_000_000_000L + i * 60_000L + 60_000L);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        ApiHarness.Client trainer = api.browser(Role.TRAINER);

        ApiHarness.Response oldest = trainer.post("/api/v1/consumable-records",
                "{\"itemId\":\"pla\",\"quantity\":3,\"sessionId\":\"s-trainer-0\"}");
        ApiHarness.Response someoneElses = maker.post("/api/v1/consumable-records",
                "{\"itemId\":\"pla\",\"quantity\":3,\"sessionId\":\"s-trainer-1\"}");

        assertThat(oldest.status()).as(oldest.body()).isEqualTo(201);
        assertThat(oldest.json().get("sessionId").asText()).isEqualTo("s-trainer-0");
        assertThat(someoneElses.status()).isEqualTo(400);
        assertThat(someoneElses.json().get("field").asText()).isEqualTo("sessionId");
    }

    @Test
    void ledgerAndStatementLines_carryALabelCodeAndParameters_namingTheSessionsMachineAndDay() throws SQLException {
        // 10:00 to 10:10 in the lab, before the API's midday: a session of one day, never split at midnight
        Instant start = LocalDate.now(api.clock.withZone(ApiHarness.ZONE)).atTime(10, 0).atZone(ApiHarness.ZONE)
                .toInstant();
        try (Connection c = api.dataSource().getConnection(); PreparedStatement insert = c.prepareStatement("""
                insert into sessions (node_id, session_id, machine_id, member_id, credential_hash, started_at,
                                      ended_at, wall_seconds, active_seconds, energy_wh, end_reason, interrupted, offline)
                values ('laser-1', 's-labelled', 'laser-1', 'm-maker', 'hash', ?, ?, 600, 600, 0, 'badge-out', false,
                        false)""")) {
            insert.setLong(1, start.toEpochMilli());
            insert.setLong(2, start.plus(Duration.ofMinutes(10)).toEpochMilli());
            insert.executeUpdate();
        }
        api.billing.charging().catchUp();
        maker.post("/api/v1/consumable-records", "{\"itemId\":\"pla\",\"quantity\":40}");
        treasurer.post("/api/v1/ledger/payments", "{\"memberId\":\"m-maker\",\"amountCents\":300,"
                + "\"method\":\"cash\",\"reference\":\"till-4\"}");

        JsonNode ledger = treasurer.get("/api/v1/ledger?member=m-maker").json();
        JsonNode session = line(ledger, "session:laser-1:s-labelled", "sessionWall");
        JsonNode consumable = line(ledger, "consumable:", "consumable");
        JsonNode payment = line(ledger, "payment:till-4", "payment");
        JsonNode draft = maker.get("/api/v1/statements/draft").json();

        assertThat(session.get("labelParams").get("machine").asText()).isEqualTo("Laser cutter");
        assertThat(session.get("labelParams").get("machineKind").asText()).isEqualTo("laser-cutter");
        assertThat(LocalDate.parse(session.get("labelParams").get("date").asText())).isNotNull();
        assertThat(session.get("labelParams").get("quantity").asLong()).isEqualTo(1);
        assertThat(session.get("labelParams").get("blockMinutes").asLong()).isEqualTo(15);
        assertThat(session.get("label").asText()).startsWith("laser-cutter wall time ");
        assertThat(consumable.get("labelParams").get("unit").asText()).isEqualTo("g");
        assertThat(consumable.get("labelParams").get("quantity").asLong()).isEqualTo(40);
        assertThat(payment.get("labelParams").get("reference").asText()).isEqualTo("till-4");
        assertThat(draft.get("memberName").asText()).isNotBlank().isNotEqualTo("m-maker");
        assertThat(line(draft.get("entries"), "session:laser-1:s-labelled", "sessionWall").get("labelParams"))
                .isEqualTo(session.get("labelParams"));
    }

    /** The line whose cause starts with {@code cause} and whose label has {@code labelCode}. */
    private static JsonNode line(JsonNode lines, String cause, String labelCode) {
        for (JsonNode line : lines) {
            if (line.get("cause").asText().startsWith(cause) && line.get("labelCode").asText().equals(labelCode)) {
                return line;
            }
        }
        throw new AssertionError("no " + labelCode + " line caused by " + cause + " in " + lines);
    }

    @Test
    void aMaker_redeemsACouponOnce() {
        assertThat(treasurer.post("/api/v1/coupons", "{\"code\":\"OPEN-DAY\",\"amountCents\":500,"
                + "\"maxRedemptions\":10}").status()).isEqualTo(201);

        ApiHarness.Response redeemed = maker.post("/api/v1/coupons/OPEN-DAY/redemptions", "{}");

        assertThat(redeemed.status()).as(redeemed.body()).isEqualTo(201);
        assertThat(redeemed.json().get("amountCents").asLong()).isEqualTo(-500);
        assertThat(redeemed.json().get("kind").asText()).isEqualTo("credit");
        assertThat(maker.post("/api/v1/coupons/OPEN-DAY/redemptions", "{}").status()).isEqualTo(409);
        assertThat(maker.post("/api/v1/coupons/NOPE/redemptions", "{}").status()).isEqualTo(404);
    }

    @Test
    void aTreasurer_setsAPrice_takesAPayment_reversesIt_andTheChainStillVerifies() {
        ApiHarness.Response price = treasurer.send("PUT", "/api/v1/prices/3d-printer", "{\"busy\":{\"blockMinutes\":60,"
                + "\"centsPerBlock\":150},\"minimumBillableMinutes\":5,\"dailyCapCents\":1000,\"vatBasisPoints\":550}");
        assertThat(price.status()).as(price.body()).isEqualTo(200);
        assertThat(api.anonymous().get("/api/v1/prices").status()).isEqualTo(401);
        JsonNode printer = maker.get("/api/v1/prices").json().findParents("machineKind").stream()
                .filter(p -> p.get("machineKind").asText().equals("3d-printer")).findFirst().orElseThrow();
        assertThat(printer.get("busy").get("centsPerBlock").asLong()).isEqualTo(150);
        assertThat(printer.get("wall").isNull()).isTrue();
        assertThat(printer.get("vatBasisPoints").asInt()).isEqualTo(550);

        JsonNode payment = treasurer.post("/api/v1/ledger/payments", "{\"memberId\":\"m-trainer\",\"amountCents\":2000,"
                + "\"method\":\"cheque\",\"reference\":\"cheque-12\"}").json();
        assertThat(payment.get("amountCents").asLong()).isEqualTo(-2000);
        ApiHarness.Response reversal = treasurer.post("/api/v1/ledger/" + payment.get("sequence").asLong() + "/reversal",
                "{\"reason\":\"cheque bounced\"}");
        assertThat(reversal.status()).as(reversal.body()).isEqualTo(201);
        assertThat(reversal.json().get("amountCents").asLong()).isEqualTo(2000);
        assertThat(treasurer.post("/api/v1/ledger/" + payment.get("sequence").asLong() + "/reversal",
                "{\"reason\":\"twice\"}").status()).isEqualTo(409);
        JsonNode verify = treasurer.get("/api/v1/ledger/verify").json();
        assertThat(verify.get("ok").asBoolean()).isTrue();
        assertThat(verify.get("head").asText()).hasSize(64);
    }

    @Test
    void aPayment_keepsItsMethod_andTheLedgerListsIt_whileOtherEntriesHaveNone() {
        for (String method : List.of("cash", "cheque", "transfer", "card", "other")) {
            ApiHarness.Response paid = treasurer.post("/api/v1/ledger/payments", "{\"memberId\":\"m-maker\","
                    + "\"amountCents\":300,\"method\":\"" + method + "\",\"reference\":\"by-" + method + "\"}");
            assertThat(paid.status()).as(paid.body()).isEqualTo(201);
            assertThat(paid.json().get("paymentMethod").asText()).isEqualTo(method);
        }
        assertThat(treasurer.post("/api/v1/ledger/credits", "{\"memberId\":\"m-maker\",\"amountCents\":100,"
                + "\"label\":\"goodwill\"}").status()).isEqualTo(201);
        JsonNode entries = treasurer.get("/api/v1/ledger?member=m-maker").json();
        Map<String, String> methods = new HashMap<>();
        for (JsonNode e : entries) {
            if (e.get("kind").asText().equals("payment")) {
                methods.put(e.get("cause").asText(), e.get("paymentMethod").asText());
            } else {
                assertThat(e.has("paymentMethod")).as(e.toString()).isFalse();
            }
        }
        assertThat(methods).containsExactlyInAnyOrderEntriesOf(Map.of("payment:by-cash", "cash",
                "payment:by-cheque", "cheque", "payment:by-transfer", "transfer", "payment:by-card", "card",
                "payment:by-other", "other"));
        ApiHarness.Response bad = treasurer.post("/api/v1/ledger/payments", "{\"memberId\":\"m-maker\","
                + "\"amountCents\":300,\"method\":\"Cash\",\"reference\":\"by-upper\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("method").contains("cash, cheque, transfer, card, other");
        assertThat(treasurer.get("/api/v1/ledger?member=m-maker").json()).hasSize(entries.size());
    }

    @Test
    void aTreasurer_keepsTheNetworksPriceListsApartFromOurs_everyoneReadsThem_andRemovalIsAudited() {
        ApiHarness.Response saved = treasurer.send("PUT", "/api/v1/network/prices/laser-cutter", "{\"wall\":"
                + "{\"blockMinutes\":5,\"centsPerBlock\":70},\"dailyCapCents\":2000,\"vatBasisPoints\":2000}");

        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(saved.json().get("wall").get("centsPerBlock").asLong()).isEqualTo(70);
        assertThat(maker.get("/api/v1/network/prices").json()).singleElement().satisfies(list -> {
            assertThat(list.get("machineKind").asText()).isEqualTo("laser-cutter");
            assertThat(list.get("wall").get("blockMinutes").asInt()).isEqualTo(5);
            assertThat(list.get("busy").isNull()).isTrue();
            assertThat(list.get("dailyCapCents").asLong()).isEqualTo(2000);
        });
        assertThat(maker.get("/api/v1/prices").json()).as("ours are untouched")
                .filteredOn(list -> list.get("machineKind").asText().equals("laser-cutter")).singleElement()
                .satisfies(list -> assertThat(list.get("wall").get("centsPerBlock").asLong()).isEqualTo(200));
        assertThat(api.anonymous().get("/api/v1/network/prices").status()).isEqualTo(401);
        assertThat(maker.send("PUT", "/api/v1/network/prices/laser-cutter", "{\"vatBasisPoints\":0}").status())
                .isEqualTo(403);
        assertThat(maker.send("DELETE", "/api/v1/network/prices/laser-cutter", null).status()).isEqualTo(403);

        assertThat(treasurer.send("DELETE", "/api/v1/network/prices/laser-cutter", null).status()).isEqualTo(204);

        assertThat(maker.get("/api/v1/network/prices").json()).isEmpty();
        ApiHarness.Response again = treasurer.send("DELETE", "/api/v1/network/prices/laser-cutter", null);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.json().get("code").asText()).isEqualTo("network-price-list.not-found");
        assertThat(treasurer.send("DELETE", "/api/v1/network/prices/Laser%20Cutter", null).json().get("field")
                .asText()).isEqualTo("kind");
        assertThat(treasurer.get("/api/v1/audit").json().get("entries")).anySatisfy(entry -> {
            assertThat(entry.get("action").asText()).isEqualTo("network-price-list.saved");
            assertThat(entry.get("params").get("wallCents").asText()).isEqualTo("70");
        }).anySatisfy(entry -> {
            assertThat(entry.get("action").asText()).isEqualTo("network-price-list.removed");
            assertThat(entry.get("params").get("machineKind").asText()).isEqualTo("laser-cutter");
        });
    }

    @Test
    void aTreasurer_cannotCloseTheCurrentMonth_andIssuesStatementsOnlyForClosedOnes() {
        assertThat(treasurer.post("/api/v1/periods/2099-01/close", null).status()).isEqualTo(409);
        assertThat(treasurer.post("/api/v1/statements", "{\"month\":\"2098-12\"}").status()).isEqualTo(409);
        JsonNode periods = treasurer.get("/api/v1/periods").json();
        assertThat(periods.get("closedThrough").asText()).isEqualTo("2020-01");
        assertThat(periods.get("closed").get(0).get("ledgerHead").asText()).hasSize(64);
    }

    @ParameterizedTest(name = "{0} {1} -> field {3}")
    @CsvSource(delimiter = '|', value = {
            "PUT  | /api/v1/prices/laser-cutter | {\"sessionFeeCents\":100}                                  | vatBasisPoints",
            "PUT  | /api/v1/prices/laser-cutter | {\"vatBasisPoints\":\"20%\"}                               | vatBasisPoints",
            "PUT  | /api/v1/prices/laser-cutter | {\"vatBasisPoints\":2000,\"sessionFeeCents\":-1}            | sessionFeeCents",
            "PUT  | /api/v1/prices/laser-cutter | {\"vatBasisPoints\":2000,\"wall\":{\"centsPerBlock\":5}}    | wall.blockMinutes",
            "PUT  | /api/v1/prices/laser-cutter | {\"vatBasisPoints\":2000,\"price\":5}                       | price",
            "PUT  | /api/v1/prices/Laser%20Cutter | {\"vatBasisPoints\":2000}                                  | kind",
            "PUT  | /api/v1/network/prices/laser-cutter | {\"sessionFeeCents\":100}                          | vatBasisPoints",
            "PUT  | /api/v1/network/prices/laser-cutter | {\"vatBasisPoints\":2000,\"busy\":{\"centsPerBlock\":5}} | busy.blockMinutes",
            "PUT  | /api/v1/network/prices/laser-cutter | {\"vatBasisPoints\":2000,\"price\":5}               | price",
            "PUT  | /api/v1/network/prices/Laser%20Cutter | {\"vatBasisPoints\":2000}                          | kind",
            "PUT  | /api/v1/consumables/pla | {\"label\":\"PLA\",\"unit\":\"kg\",\"unitPriceCents\":5,\"vatBasisPoints\":2000} | unit",
            "PUT  | /api/v1/free-windows | {\"windows\":[{\"day\":\"caturday\",\"from\":\"14:00\",\"to\":\"18:00\"}]} | day",
            "PUT  | /api/v1/free-windows | {\"windows\":[{\"day\":\"monday\",\"from\":\"18:00\",\"to\":\"14:00\"}]}  | windows[0]",
            "POST | /api/v1/consumable-records | {\"itemId\":\"pla\",\"quantity\":0}                         | quantity",
            "POST | /api/v1/consumable-records | {\"memberId\":\"m-maker\",\"itemId\":\"pla\",\"quantity\":1.5} | quantity",
            "POST | /api/v1/ledger/payments | {\"memberId\":\"m-maker\",\"amountCents\":-5,\"reference\":\"x\"} | amountCents",
            "POST | /api/v1/ledger/payments | {\"memberId\":\"m-maker\",\"amountCents\":5,\"method\":\"card\"} | reference",
            "POST | /api/v1/ledger/payments | {\"memberId\":\"m-maker\",\"amountCents\":5,\"reference\":\"x\"} | method",
            "POST | /api/v1/ledger/payments | {\"memberId\":\"m-maker\",\"amountCents\":5,\"method\":\"bitcoin\",\"reference\":\"x\"} | method",
            "POST | /api/v1/periods/2026-13/close |                                                          | month",
            "POST | /api/v1/statements | {\"month\":\"November\"}                                             | month",
            "POST | /api/v1/coupons | {\"code\":\"=HYPERLINK()\",\"amountCents\":5}                           | code"})
    void aBadBillingRequest_is400NamingTheField(String method, String path, String body, String field) {
        ApiHarness.Response response = treasurer.send(method, path, body);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("field").asText()).isEqualTo(field);
    }

    @Test
    void aBadLedgerFilter_is400NamingTheParameter() {
        assertThat(treasurer.get("/api/v1/ledger?kind=refund").json().get("field").asText()).isEqualTo("kind");
        assertThat(treasurer.get("/api/v1/ledger?from=01/11/2026").json().get("field").asText()).isEqualTo("from");
        assertThat(treasurer.get("/api/v1/ledger?before=last").json().get("field").asText()).isEqualTo("before");
    }

    @Test
    void anUnknownConsumable_is404_andRecordsNothing() {
        ApiHarness.Response response = maker.post("/api/v1/consumable-records", "{\"itemId\":\"unobtainium\","
                + "\"quantity\":1}");

        assertThat(response.status()).isEqualTo(404);
        assertThat(maker.get("/api/v1/consumable-records").json().findValues("itemId"))
                .noneMatch(item -> item.asText().equals("unobtainium"));
    }
}
