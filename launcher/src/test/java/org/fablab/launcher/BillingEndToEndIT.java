package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import org.apache.commons.csv.CSVRecord;
import org.fablab.gateway.CsvRows;
import org.fablab.node.app.MachineNode;
import org.fablab.protocol.MachineState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions and consumables from simulated nodes over the real Mosquitto become charges: the member's statement and the
 * treasurer's CSV show the right amounts, and treasurer-only endpoints refuse a maker and a fabmanager.
 */
class BillingEndToEndIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;
    private Demo demo;
    private DemoApi treasurer;
    private final Clock clock = TestLabs.midday();

    @BeforeEach
    void startLab() throws Exception {
        // at midday in the lab: the session is not split at midnight, and the day and month asked for are its own
        demo = TestLabs.onMosquitto(dataDir, "bil", Optional.empty(), clock);
        await().atMost(WAIT).until(() -> demo.node("printer-1").aclIssuedAt().isPresent());
        treasurer = new DemoApi(demo.gateway().httpPort(), "treasurer");
        assertThat(treasurer.put("/api/v1/prices/3d-printer", "{\"wall\":{\"blockMinutes\":1,\"centsPerBlock\":50},"
                + "\"sessionFeeCents\":100,\"vatBasisPoints\":2000}").statusCode()).isEqualTo(200);
        assertThat(treasurer.put("/api/v1/free-windows", "{\"windows\":[]}").statusCode()).isEqualTo(200);
    }

    @AfterEach
    void stopLab() {
        demo.close();
    }

    @Test
    void aPrinterSessionWithFilament_isChargedOnce_andShowsOnTheMembersStatement() throws Exception {
        DemoLab.Member alice = Demo.members().get(0);
        MachineNode printer = demo.node("printer-1");
        demo.reader("printer-1").present(alice.badgeType(), alice.badgeUid());
        await().atMost(WAIT).until(() -> printer.state() == MachineState.ACTIVE);
        printer.recordConsumable("pla", 40, "g");
        demo.reader("printer-1").present(alice.badgeType(), alice.badgeUid());
        await().atMost(WAIT).until(() -> printer.state() == MachineState.IDLE);

        String month = YearMonth.now(clock.withZone(TestLabs.ZONE)).toString();
        DemoApi maker = new DemoApi(demo.gateway().httpPort(), "maker");
        await().atMost(WAIT).untilAsserted(() -> assertThat(maker.json("/api/v1/statements/draft?month=" + month)
                .get("totalCents").asLong()).isEqualTo(100 + 50 + 40 * 5));
        JsonNode statement = maker.json("/api/v1/statements/draft?month=" + month);
        assertThat(statement.get("entries").findValuesAsText("label")).anySatisfy(label ->
                assertThat(label).startsWith("3d-printer session fee")).anySatisfy(label ->
                assertThat(label).startsWith("PLA filament: 40"));
        assertThat(statement.get("vatTotals").get(0).get("vatCents").asLong()).isEqualTo(58);
        assertThat(statement.get("issuer").asText()).isEqualTo(DemoLab.ISSUER);

        demo.gateway().billing().charging().catchUp();
        assertThat(maker.json("/api/v1/members/m-alice/balance").get("balanceCents").asLong()).isEqualTo(-350);
        JsonNode records = maker.json("/api/v1/consumable-records");
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.get("source").asText()).isEqualTo("node");
            assertThat(record.get("machineId").asText()).isEqualTo("printer-1");
            assertThat(record.get("chargedCents").asLong()).isEqualTo(200);
        });
        assertThat(treasurer.json("/api/v1/ledger/verify").get("ok").asBoolean()).isTrue();

        String today = LocalDate.now(clock.withZone(TestLabs.ZONE)).toString();
        HttpResponse<String> csv = treasurer.get("/api/v1/exports/charges.csv?from=" + today + "&to=" + today
                + "&layout=french");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body()).as("the French layout's byte order mark").startsWith("\uFEFF");
        List<CSVRecord> rows = CsvRows.parse(csv.body().substring(1), ';');
        assertThat(rows).extracting(r -> r.get("Adhérent"), r -> r.get("Machine"), r -> r.get("Unité"),
                r -> r.get("Montant TTC")).containsExactlyInAnyOrder(
                tuple("Alice Martin", "Prusa MK4 #1", "session", "1,00"),
                tuple("Alice Martin", "Prusa MK4 #1", "1 min", "0,50"),
                tuple("Alice Martin", "Prusa MK4 #1", "g", "2,00"));
        assertThat(new DemoApi(demo.gateway().httpPort(), "fabmanager").get("/api/v1/exports/charges.csv?from="
                + today + "&to=" + today).statusCode()).isEqualTo(403);
    }

    @Test
    void treasurerOnlyEndpoints_refuseAMakerAndAFabmanager() throws Exception {
        for (String username : new String[] {"maker", "fabmanager"}) {
            DemoApi other = new DemoApi(demo.gateway().httpPort(), username);
            assertThat(other.get("/api/v1/ledger/verify").statusCode()).as(username).isEqualTo(403);
            assertThat(other.get("/api/v1/balances").statusCode()).as(username).isEqualTo(403);
            assertThat(other.post("/api/v1/periods/2020-01/close", null).statusCode()).as(username).isEqualTo(403);
            assertThat(other.put("/api/v1/prices/3d-printer", "{\"vatBasisPoints\":0}").statusCode()).as(username)
                    .isEqualTo(403);
        }
        assertThat(treasurer.get("/api/v1/ledger/verify").statusCode()).isEqualTo(200);
    }
}
