package org.fablab.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.fablab.gateway.domain.auth.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger names what caused each entry (the session with its machine, start, duration and member), and a maker's
 * sessions carry what each cost, to whoever may read that member's billing only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LedgerCauseApiTest {
    @TempDir
    static Path folder;
    private ApiHarness api;
    private ApiHarness.Client treasurer;
    private ApiHarness.Client maker;
    // 10:00 UTC the day before: every session stays inside one day in any lab time zone, so none is split at midnight
    private final Instant yesterday = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofHours(14));

    @BeforeAll
    void start() throws SQLException {
        api = new ApiHarness(folder);
        treasurer = api.browser(Role.TREASURER);
        maker = api.browser(Role.MAKER);
        try (Connection c = api.dataSource().getConnection()) {
            c.createStatement().executeUpdate("insert into machines (id, name, kind) values ('mill-1', 'Mill', 'cnc')");
        }
        // 20 minutes of laser: two 15-minute blocks at 2.00 plus the 1.00 fee; the mill's kind has no price list.
        insertSession("laser-1", "s-laser", "laser-1", "m-maker", yesterday, Duration.ofMinutes(20));
        insertSession("laser-1", "s-mill", "mill-1", "m-maker", yesterday.plusSeconds(3_600), Duration.ofMinutes(5));
        insertSession("laser-1", "s-trainer", "laser-1", "m-trainer", yesterday.plusSeconds(7_200),
                Duration.ofMinutes(10));
        api.billing.charging().catchUp();
        insertSession("laser-1", "s-later", "laser-1", "m-maker", yesterday.plusSeconds(9_000), Duration.ofMinutes(5));
    }

    @AfterAll
    void stop() {
        api.close();
    }

    private void insertSession(String node, String id, String machine, String member, Instant start, Duration wall)
            throws SQLException {
        try (Connection c = api.dataSource().getConnection(); PreparedStatement insert = c.prepareStatement("""
                insert into sessions (node_id, session_id, machine_id, member_id, credential_hash, started_at,
                                      ended_at, wall_seconds, active_seconds, energy_wh, end_reason, interrupted, offline)
                values (?, ?, ?, ?, 'hash', ?, ?, ?, 0, 0, 'badge-out', false, false)""")) {
            insert.setString(1, node);
            insert.setString(2, id);
            insert.setString(3, machine);
            insert.setString(4, member);
            insert.setLong(5, start.toEpochMilli());
            insert.setLong(6, start.plus(wall).toEpochMilli());
            insert.setLong(7, wall.toSeconds());
            insert.executeUpdate();
        }
    }

    @Test
    void aSessionCharge_namesItsMachineStartDurationAndMember_andItsReversalNamesTheSameSession() {
        List<JsonNode> charges = entries(treasurer.get("/api/v1/ledger?member=m-maker&kind=charge").json());
        assertThat(charges).hasSize(2).allSatisfy(charge -> {
            JsonNode cause = charge.get("resolvedCause");
            assertThat(cause.get("kind").asText()).isEqualTo("session");
            assertThat(cause.get("sessionId").asText()).isEqualTo("s-laser");
            assertThat(cause.get("nodeId").asText()).isEqualTo("laser-1");
            assertThat(cause.get("machineName").asText()).isEqualTo("Laser cutter");
            assertThat(Instant.parse(cause.get("startedAt").asText()).toEpochMilli())
                    .isEqualTo(yesterday.toEpochMilli());
            assertThat(cause.get("durationSeconds").asLong()).isEqualTo(1_200);
            assertThat(cause.get("memberId").asText()).isEqualTo("m-maker");
            assertThat(cause.get("memberName").asText()).isEqualTo("Member maker");
            assertThat(charge.get("cause").asText()).isEqualTo("session:laser-1:s-laser");
        });

        long fee = charges.stream().filter(c -> c.get("amountCents").asLong() == 100).findFirst().orElseThrow()
                .get("sequence").asLong();
        ApiHarness.Response reversal = treasurer.post("/api/v1/ledger/" + fee + "/reversal", "{\"reason\":\"test\"}");
        assertThat(reversal.status()).as(reversal.body()).isEqualTo(201);
        JsonNode correction = treasurer.get("/api/v1/ledger?member=m-maker&kind=correction").json().get(0);
        assertThat(correction.get("resolvedCause").get("kind").asText()).isEqualTo("reversal");
        assertThat(correction.get("resolvedCause").get("reversedSequence").asLong()).isEqualTo(fee);
        assertThat(correction.get("resolvedCause").get("sessionId").asText()).isEqualTo("s-laser");
        assertThat(correction.get("resolvedCause").get("machineName").asText()).isEqualTo("Laser cutter");

        JsonNode sessions = maker.get("/api/v1/sessions").json();
        assertThat(session(sessions, "s-laser").get("cost").get("amountCents").asLong()).isEqualTo(400);
    }

    @Test
    void aPaymentAndAConsumable_nameTheirReferenceAndItem() {
        treasurer.post("/api/v1/ledger/payments", "{\"memberId\":\"m-maker\",\"amountCents\":700,\"method\":\"cash\","
                + "\"reference\":\"till-7\"}");
        maker.post("/api/v1/consumable-records", "{\"itemId\":\"pla\",\"quantity\":10}");

        List<JsonNode> entries = entries(maker.get("/api/v1/ledger").json());

        JsonNode payment = entries.stream().filter(e -> e.get("kind").asText().equals("payment")).findFirst()
                .orElseThrow().get("resolvedCause");
        assertThat(payment.get("kind").asText()).isEqualTo("payment");
        assertThat(payment.get("reference").asText()).isEqualTo("till-7");
        assertThat(payment.has("sessionId")).isFalse();
        JsonNode consumable = entries.stream()
                .filter(e -> e.get("resolvedCause").get("kind").asText().equals("consumable")).findFirst()
                .orElseThrow().get("resolvedCause");
        assertThat(consumable.get("itemLabel").asText()).isEqualTo("PLA filament");
        assertThat(consumable.get("recordId").asText()).isNotBlank();
    }

    @Test
    void aRedeemedCoupon_namesTheSameCode_inItsLabelAndItsCause() {
        assertThat(treasurer.post("/api/v1/coupons", "{\"code\":\"OPEN-DAY\",\"amountCents\":300}").status())
                .isEqualTo(201);
        assertThat(maker.post("/api/v1/coupons/OPEN-DAY/redemptions", "{}").status()).isEqualTo(201);

        JsonNode credit = entries(maker.get("/api/v1/ledger").json()).stream()
                .filter(e -> e.get("resolvedCause").get("kind").asText().equals("coupon")).findFirst().orElseThrow();
        assertThat(credit.get("cause").asText()).isEqualTo("coupon:OPEN-DAY:m-maker");
        assertThat(credit.get("labelCode").asText()).isEqualTo("coupon");
        assertThat(credit.get("labelParams").get("code").asText()).isEqualTo("OPEN-DAY");
        assertThat(credit.get("resolvedCause").get("code").asText()).isEqualTo("OPEN-DAY");
    }

    @Test
    void aMaker_seesWhatEachOfTheirSessionsCost_chargedFreeOrPending() {
        ApiHarness.Response answer = maker.get("/api/v1/sessions");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode sessions = answer.json();
        assertThat(sessions).hasSize(3).allSatisfy(s -> assertThat(s.get("memberId").asText()).isEqualTo("m-maker"));
        JsonNode mill = session(sessions, "s-mill").get("cost");
        assertThat(mill.get("state").asText()).isEqualTo("free");
        assertThat(mill.get("amountCents").asLong()).isZero();
        JsonNode later = session(sessions, "s-later");
        assertThat(later.get("cost").get("state").asText()).isEqualTo("pending");
        assertThat(later.get("machine").asText()).as("the session's own fields stay as they were").isEqualTo("laser-1");
        assertThat(later.get("state").asText()).isEqualTo("ended");
        JsonNode laser = session(sessions, "s-laser").get("cost");
        assertThat(laser.get("state").asText()).isEqualTo("charged");
        long laserEntries = entries(treasurer.get("/api/v1/ledger?member=m-maker").json()).stream()
                .filter(e -> e.get("resolvedCause").path("sessionId").asText().equals("s-laser"))
                .mapToLong(e -> e.get("amountCents").asLong()).sum();
        assertThat(laserEntries).isPositive();
        assertThat(laser.get("amountCents").asLong()).as("its charges less their reversals").isEqualTo(laserEntries);
        assertThat(laser.get("currency").asText()).isEqualTo("EUR");
    }

    @Test
    void costs_areShownOnlyToWhoeverMayReadThatMembersBilling() {
        assertThat(maker.get("/api/v1/sessions?member=m-trainer").status()).isEqualTo(403);

        JsonNode seenByFabmanager = api.browser(Role.FABMANAGER).get("/api/v1/sessions").json();
        assertThat(seenByFabmanager).hasSize(4)
                .allSatisfy(s -> assertThat(s.get("cost").isNull()).as(s.toString()).isTrue());

        JsonNode seenByTreasurer = treasurer.get("/api/v1/sessions?member=m-trainer").json();
        assertThat(session(seenByTreasurer, "s-trainer").get("cost").get("amountCents").asLong()).isEqualTo(300);
    }

    private static JsonNode session(JsonNode sessions, String id) {
        for (JsonNode s : sessions) {
            if (s.get("id").asText().equals(id)) {
                return s;
            }
        }
        throw new AssertionError("no session " + id + " in " + sessions);
    }

    private static List<JsonNode> entries(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list;
    }
}
