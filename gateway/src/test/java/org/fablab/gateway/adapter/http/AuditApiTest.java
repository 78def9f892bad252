package org.fablab.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVRecord;
import org.fablab.gateway.CsvRows;
import org.fablab.gateway.adapter.jdbc.JdbcEventStore;
import org.fablab.gateway.domain.SecurityEvent;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.protocol.Rejection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The audit and security logs as the dashboard reads them: filters, pages, names, CSV; and what a badge list and a
 * duplicate enrolment tell each role.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditApiTest {
    private static final String HOSTILE = "=Zoé \"Hostile\"";

    @TempDir
    static Path folder;
    private ApiHarness api;
    private ApiHarness.Client manager;
    private String zoe;
    private LocalDate today;

    @BeforeAll
    void start() {
        // at midday in the lab: every entry below, refused signatures seconds old included, is of the day asked for
        api = new ApiHarness(folder, ApiHarness.midday());
        today = LocalDate.now(api.clock.withZone(ApiHarness.ZONE));
        manager = api.browser(Role.FABMANAGER);
        zoe = manager.post("/api/v1/members", "{\"name\":\"" + HOSTILE.replace("\"", "\\\"")
                + "\",\"email\":\"zoe@example.org\"}").json().get("id").asText();
        for (int i = 0; i < 3; i++) {
            manager.patch("/api/v1/members/" + zoe, "{\"email\":\"zoe" + i + "@example.org\"}");
        }
        manager.post("/api/v1/members/" + zoe + "/certifications", "{\"trainingId\":\"laser-safety\"}");
        manager.post("/api/v1/machines/laser-1/availability", "{\"availability\":\"blocked\",\"reason\":\"tube\"}");
        List<SecurityEvent> refused = new ArrayList<>();
        Instant now = api.clock.instant();
        for (int i = 0; i < 5; i++) {
            refused.add(new SecurityEvent("sig-" + i, now.minusSeconds(i), "laser-1",
                    "fablab/v1/test-lab/nodes/laser-1/events", Rejection.BAD_SIGNATURE, "signature does not verify"));
        }
        refused.add(new SecurityEvent("skew", now, "printer-1", "fablab/v1/test-lab/nodes/printer-1/events",
                Rejection.CLOCK_SKEW, "ts 2h ahead"));
        refused.add(new SecurityEvent("old", now.minusSeconds(3 * 86_400), "laser-1",
                "fablab/v1/test-lab/nodes/laser-1/events", Rejection.BAD_SIGNATURE, "signature does not verify"));
        new JdbcEventStore(api.dataSource()).store(List.of(), refused);
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void aMembersEntries_comeNewestFirst_withTheNamesOfActorMemberAndMachine_andTheirParameters() {
        JsonNode page = manager.get("/api/v1/audit?member=" + zoe).json();

        assertThat(page.get("total").asLong()).isEqualTo(5);
        JsonNode entries = page.get("entries");
        assertThat(entries).extracting(e -> e.get("action").asText()).containsExactly("certification.granted",
                "member.updated", "member.updated", "member.updated", "member.created");
        assertThat(entries.get(0).get("memberName").asText()).isEqualTo(HOSTILE);
        assertThat(entries.get(0).get("actorName").asText()).isEqualTo("Member fabmanager");
        assertThat(entries.get(0).get("actorMemberId").asText()).isEqualTo("m-fabmanager");
        assertThat(entries.get(0).get("params").get("training").asText()).isEqualTo("Laser safety");
        assertThat(entries.get(1).get("params").get("changed").asText()).isEqualTo("email");
        assertThat(manager.get("/api/v1/audit?machine=laser-1&action=machine.availability-changed").json()
                .get("entries")).singleElement().satisfies(entry -> {
                    assertThat(entry.get("machineName").asText()).isEqualTo("Laser cutter");
                    assertThat(entry.get("params").get("availability").asText()).isEqualTo("blocked");
                    assertThat(entry.get("reason").asText()).isEqualTo("tube");
                });
    }

    @Test
    void pages_ofAFilteredLog_followEachOther_andCountEveryMatch() {
        String filter = "/api/v1/audit?member=" + zoe + "&action=member.updated&limit=2";
        JsonNode first = manager.get(filter).json();
        JsonNode second = manager.get(filter + "&offset=2").json();

        assertThat(first.get("total").asLong()).isEqualTo(3);
        assertThat(second.get("total").asLong()).isEqualTo(3);
        assertThat(first.get("entries")).hasSize(2);
        assertThat(second.get("entries")).hasSize(1);
        assertThat(second.get("offset").asInt()).isEqualTo(2);
        assertThat(first.get("entries").get(1).get("id").asLong())
                .isGreaterThan(second.get("entries").get(0).get("id").asLong());
    }

    @Test
    void theActorFilter_takesAUsernameOrAPartOfTheActorsName_andDaysBoundTheLog() {
        assertThat(manager.get("/api/v1/audit?member=" + zoe + "&actor=fabmanager").json().get("total").asLong())
                .isEqualTo(5);
        assertThat(manager.get("/api/v1/audit?member=" + zoe + "&actor=MEMBER%20FAB").json().get("total").asLong())
                .isEqualTo(5);
        assertThat(manager.get("/api/v1/audit?member=" + zoe + "&actor=admin").json().get("total").asLong())
                .isZero();
        assertThat(manager.get("/api/v1/audit?member=" + zoe + "&from=" + today + "&to=" + today).json()
                .get("total").asLong()).isEqualTo(5);
        assertThat(manager.get("/api/v1/audit?member=" + zoe + "&to=" + today.minusDays(1)).json()
                .get("total").asLong()).isZero();
    }

    @ParameterizedTest(name = "{0} -> 400 on {1}")
    @CsvSource({
            "offset=-1, offset",
            "offset=ten, offset",
            "limit=0, limit",
            "from=2026-13-01, from",
            "from=2026-11-02&to=2026-11-01, to"})
    void aBadFilter_is400NamingIt(String query, String field) {
        ApiHarness.Response response = manager.get("/api/v1/audit?" + query);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("field").asText()).isEqualTo(field);
    }

    @Test
    void theCsv_inFrench_hasFrenchHeaders_namesAndParameters_andDefusesFormulas() throws IOException {
        ApiHarness.Response response = manager.get("/api/v1/audit.csv?member=" + zoe + "&lang=fr&layout=french");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"audit.csv\"");
        assertThat(response.body()).as("the French layout's byte order mark").startsWith("\uFEFF");
        List<CSVRecord> rows = CsvRows.parse(response.body().substring(1), ';');
        assertThat(rows).hasSize(5);
        CSVRecord granted = rows.get(0);
        assertThat(granted.get("date")).isEqualTo(today.format(java.time.format.DateTimeFormatter
                .ofPattern("dd/MM/yyyy")));
        assertThat(granted.get("auteur")).isEqualTo("fabmanager");
        assertThat(granted.get("nom de l'auteur")).isEqualTo("Member fabmanager");
        assertThat(granted.get("action")).isEqualTo("certification.granted");
        assertThat(granted.get("nom du membre")).isEqualTo("'" + HOSTILE);
        assertThat(granted.get("détails")).isEqualTo("training=Laser safety");
        assertThat(manager.get("/api/v1/audit.csv?lang=de").status()).isEqualTo(400);
    }

    @Test
    void theSecurityLog_isFilteredByNodeReasonAndDays_andPaged() {
        JsonNode laser = manager.get("/api/v1/security-events?node=laser-1&reason=bad-signature&from=" + today
                + "&limit=2").json();
        JsonNode rest = manager.get("/api/v1/security-events?node=laser-1&reason=bad-signature&from=" + today
                + "&limit=2&offset=4").json();

        assertThat(laser.get("total").asLong()).isEqualTo(5);
        assertThat(laser.get("entries")).extracting(e -> e.get("id").asText()).containsExactly("sig-0", "sig-1");
        assertThat(rest.get("entries")).extracting(e -> e.get("id").asText()).containsExactly("sig-4");
        assertThat(manager.get("/api/v1/security-events?node=laser-1").json().get("total").asLong()).isEqualTo(6);
        assertThat(manager.get("/api/v1/security-events?reason=clock-skew").json().get("entries"))
                .singleElement().satisfies(e -> assertThat(e.get("node").asText()).isEqualTo("printer-1"));
        ApiHarness.Response bad = manager.get("/api/v1/security-events?reason=nonsense");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asText()).isEqualTo("reason");
    }

    @Test
    void aTypedUid_isShownInFullToStaff_andMaskedToItsHolder() {
        assertThat(manager.post("/api/v1/members/m-maker/badges", "{\"type\":\"mifare-uid\","
                + "\"uid\":\"04:a1:b2:c3:d4:e5:f6\",\"label\":\"fob\"}").status()).isEqualTo(201);

        assertThat(uidOf(manager, "fob")).isEqualTo("04A1B2C3D4E5F6");
        assertThat(uidOf(api.browser(Role.ADMIN), "fob")).isEqualTo("04A1B2C3D4E5F6");
        assertThat(uidOf(api.browser(Role.MAKER), "fob")).isEqualTo("••••••••••E5F6");
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"FABMANAGER", "ADMIN"})
    void aDuplicateBadge_namesItsHolder_toThoseWhoEnrolBadges(Role role) {
        ApiHarness.Client staff = api.browser(role);
        assertThat(staff.post("/api/v1/members/m-trainer/badges", "{\"type\":\"em4100\",\"uid\":\"01020304"
                + role.ordinal() + "5\"}").status()).isEqualTo(201);
        long number = staff.get("/api/v1/members/m-trainer").json().get("number").asLong();

        ApiHarness.Response duplicate = staff.post("/api/v1/members/" + zoe + "/badges",
                "{\"type\":\"em4100\",\"uid\":\"01020304" + role.ordinal() + "5\"}");

        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().get("detail").asText())
                .isEqualTo("this badge is already enrolled for Member trainer (member no. " + number + ")");
    }

    private String uidOf(ApiHarness.Client client, String label) {
        for (JsonNode badge : client.get("/api/v1/members/m-maker/badges").json()) {
            if (badge.get("label").asText().equals(label)) {
                return badge.get("uid").asText();
            }
        }
        throw new AssertionError("no badge labelled " + label);
    }
}
