package org.fablab.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.csv.CSVRecord;
import org.fablab.gateway.CsvRows;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.pdf.Poppler;
import org.fablab.gateway.report.ReportLabels;
import org.fablab.gateway.report.ReportPeriod;
import org.fablab.gateway.report.SampleFigures;
import org.fablab.protocol.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The impact report over HTTP, usage tags, member territories, and what a board account may call. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportApiTest {
    private static final String MARCH = "from=2026-03-01&to=2026-03-31";

    @TempDir
    static Path folder;
    private ApiHarness api;

    @BeforeAll
    void start() {
        api = new ApiHarness(folder);
        api.reports.put(ReportPeriod.month(YearMonth.of(2026, 3)), SampleFigures.every(3));
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void theJsonReport_comesWithItsSchema_periods_andEverySmallCountSuppressed() {
        ApiHarness.Response response = api.browser(Role.BOARD).get("/api/v1/reports/impact?" + MARCH);

        assertThat(response.status()).isEqualTo(200);
        JsonNode report = response.json();
        assertThat(report.get("schema").asText()).isEqualTo("fablab-impact-report/1");
        assertThat(report.get("lab").asText()).isEqualTo("test-lab");
        assertThat(report.get("zone").asText()).isEqualTo("Europe/Paris");
        assertThat(report.at("/settings/smallCountThreshold").asInt()).isEqualTo(5);
        assertThat(report.at("/current/period/from").asText()).isEqualTo("2026-03-01");
        assertThat(report.at("/previous/period/to").asText()).isEqualTo("2026-02-28");
        assertThat(report.at("/yearEarlier/period/from").asText()).isEqualTo("2025-03-01");
        assertThat(report.at("/current/figures/people/activeMembers").asText()).isEqualTo("<5");
        assertThat(report.at("/current/figures/machines/perMachine/1/sessions").asText()).isEqualTo("<5");
        assertThat(report.at("/current/figures/machines/wallSeconds").isIntegralNumber()).isTrue();
        assertThat(report.at("/current/figures/months/0/month").asText()).isEqualTo("2026-03");
        assertThat(report.at("/current/figures/machines/occupancy/0/day").asText()).isEqualTo("SATURDAY");
        assertThat(report.at("/previous/figures/people/activeMembers").isIntegralNumber()).isTrue();
        assertThat(report.at("/previous/figures/people/activeMembers").asLong()).isEqualTo(7);
        assertThat(report.at("/current/figures/network/visitsAbroad").asText()).isEqualTo("<5");
        assertThat(report.at("/current/figures/network/abroadSeconds").asLong()).isEqualTo(3);
    }

    @Test
    void theJsonReport_hasExactlyTheFieldsOfItsOpenApiSchema() throws Exception {
        JsonNode report = api.browser(Role.BOARD).get("/api/v1/reports/impact?" + MARCH).json();
        JsonNode schemas;
        try (InputStream in = HttpApi.class.getClassLoader().getResourceAsStream("api/openapi.json")) {
            schemas = Json.mapper().readTree(in).at("/components/schemas");
        }

        assertShape(report, schemas.get("ImpactReport"), schemas, "");
    }

    /**
     * Every object of {@code value} has exactly the properties its schema lists (each is required there and no
     * other is allowed), down through objects and arrays; values of other schemas (a Count) are not looked into.
     */
    private static void assertShape(JsonNode value, JsonNode schema, JsonNode schemas, String path) {
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asText().substring("#/components/schemas/".length());
            assertShape(value, schemas.get(name), schemas, path);
        } else if (schema.has("properties")) {
            List<String> fields = new ArrayList<>();
            value.fieldNames().forEachRemaining(fields::add);
            List<String> properties = new ArrayList<>();
            schema.get("properties").fieldNames().forEachRemaining(properties::add);
            assertThat(fields).as("fields of %s", path.isEmpty() ? "the report" : path)
                    .containsExactlyInAnyOrderElementsOf(properties);
            properties.forEach(name -> assertShape(value.get(name), schema.at("/properties/" + name), schemas,
                    path + "/" + name));
        } else if (schema.has("items")) {
            assertThat(value.isArray()).as(path).isTrue();
            value.forEach(element -> assertShape(element, schema.get("items"), schemas, path + "/0"));
        }
    }

    @Test
    void theCsvReport_inFrench_usesSemicolonsAndFrenchLabels_asAnAttachment() throws Exception {
        ApiHarness.Response response = api.browser(Role.TREASURER).get("/api/v1/reports/impact.csv?" + MARCH
                + "&lang=fr&encoding=utf-8");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"impact-2026-03-01-2026-03-31-fr.csv\"");
        List<CSVRecord> rows = CsvRows.parse(response.body(), ';');
        assertThat(rows).filteredOn(r -> r.get(1).equals("people.activeMembers")).singleElement()
                .satisfies(r -> assertThat(r.toList()).containsExactly("Personnes", "people.activeMembers",
                        "Membres actifs", "", "<5", "7", "7"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"fr, Rapport d’impact", "en, Impact report"})
    void thePdfReport_isAnAttachment_withEverySectionInTheAskedLanguage(String lang, String title) throws Exception {
        HttpResponse<byte[]> response = api.browser(Role.BOARD).bytes("/api/v1/reports/impact.pdf?" + MARCH
                + "&lang=" + lang);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"impact-2026-03-01-2026-03-31.pdf\"");
        assertThat(response.body()).startsWith("%PDF-".getBytes(StandardCharsets.US_ASCII));
        String text = Poppler.text(response.body(), folder.resolve("pdf").resolve("impact-" + lang + ".pdf"));
        ReportLabels labels = ReportLabels.of(Locale.forLanguageTag(lang));
        for (String section : List.of("people", "machines", "skills", "materials", "money", "months")) {
            assertThat(text).contains(labels.text("section." + section));
        }
        assertThat(text).contains(title, "test-lab", "€");
    }

    @Test
    void thePdfReport_withoutLang_isInEnglish_andAnotherLangIs400() throws Exception {
        HttpResponse<byte[]> english = api.browser(Role.FABMANAGER).bytes("/api/v1/reports/impact.pdf?" + MARCH);
        assertThat(english.statusCode()).isEqualTo(200);
        assertThat(Poppler.text(english.body(), folder.resolve("pdf").resolve("impact-default.pdf")))
                .contains("Impact report");

        ApiHarness.Response german = api.browser(Role.TREASURER).get("/api/v1/reports/impact.pdf?" + MARCH
                + "&lang=de");
        assertThat(german.status()).isEqualTo(400);
        assertThat(german.json().get("field").asText()).isEqualTo("lang");
        assertThat(german.json().get("detail").asText()).isEqualTo("lang must be one of en, fr");
        assertThat(german.json().get("code").asText()).isEqualTo("field.one-of");
        assertThat(german.json().get("params").get("values").asText()).isEqualTo("en, fr");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "from=2026-03-01&to=2026-02-01 | to      | field.before    | to must not be before from",
            "from=2026-3-1&to=2026-03-31   | from    | field.format    | from must look like 2026-11-30",
            "to=2026-03-31                 | from    | field.required  | from is required",
            "from=2020-01-01&to=2025-01-01 | to      | period.too-long | a report covers at most 5 years: it may end on 2024-12-31 at the latest"})
    void aBadPeriod_is400NamingTheField_withItsCode(String query, String field, String code, String detail) {
        for (String path : List.of("/api/v1/reports/impact?", "/api/v1/reports/impact.csv?",
                "/api/v1/reports/impact.pdf?")) {
            ApiHarness.Response response = api.browser(Role.FABMANAGER).get(path + query);

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().get("field").asText()).isEqualTo(field);
            assertThat(response.json().get("detail").asText()).isEqualTo(detail);
            assertThat(response.json().get("code").asText()).isEqualTo(code);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"lang=de | lang", "encoding=latin-9 | encoding"})
    void aBadCsvOption_is400NamingIt(String query, String field) {
        ApiHarness.Response response = api.browser(Role.ADMIN).get("/api/v1/reports/impact.csv?" + MARCH + "&"
                + query);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("field").asText()).isEqualTo(field);
    }

    /** Everything a board account may call; every other operation of openapi.json is a 403 for it. */
    private static final Set<String> BOARD_MAY = Set.of("POST /api/v1/login", "GET /api/v1/me",
            "POST /api/v1/me/password", "POST /api/v1/logout", "GET /api/v1/reports/impact",
            "GET /api/v1/reports/impact.csv", "GET /api/v1/reports/impact.pdf", "GET /api/v1/openapi.json",
            "GET /api/v1/machines", "GET /api/v1/stream");

    @Test
    void aBoardAccount_isRefusedEveryOperationButItsOwnSignInAndTheReport() throws Exception {
        ApiHarness.Client board = api.browser(Role.BOARD);
        List<String> refused = new ArrayList<>();
        List<String> allowed = new ArrayList<>();
        for (String operation : operations()) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = operation.substring(operation.indexOf(' ') + 1).replaceAll("\\{[A-Za-z]+}", "x");
            if (BOARD_MAY.contains(operation) || path.equals("/api/v1/stream")) {
                continue;
            }
            int status = board.send(method, path, method.equals("GET") ? null : "{}").status();
            (status == 403 ? refused : allowed).add(operation + " " + status);
        }

        assertThat(allowed).isEmpty();
        assertThat(refused).hasSizeGreaterThan(60);
        assertThat(board.get("/api/v1/me").json().at("/account/role").asText()).isEqualTo("board");
        assertThat(board.get("/api/v1/reports/impact?" + MARCH).status()).isEqualTo(200);
        assertThat(board.get("/api/v1/reports/impact.csv?" + MARCH).status()).isEqualTo(200);
        assertThat(board.bytes("/api/v1/reports/impact.pdf?" + MARCH).statusCode()).isEqualTo(200);
        assertThat(board.get("/api/v1/machines").status()).isEqualTo(200);
        assertThat(board.post("/api/v1/me/password", "{}").status()).isEqualTo(400);
        assertThat(board.get("/api/v1/members/").status()).isEqualTo(403);
        assertThat(board.get("/api/v1/prices?x=1").status()).isEqualTo(403);
        assertThat(board.post("/api/v1/logout", null).status()).isEqualTo(204);
        assertThat(board.get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void makersTrainersAndAnonymousCallers_mayNotReadTheReport() {
        for (Role role : List.of(Role.MAKER, Role.TRAINER)) {
            assertThat(api.browser(role).get("/api/v1/reports/impact?" + MARCH).status()).isEqualTo(403);
            assertThat(api.browser(role).get("/api/v1/reports/impact.csv?" + MARCH).status()).isEqualTo(403);
            assertThat(api.browser(role).get("/api/v1/reports/impact.pdf?" + MARCH).status()).isEqualTo(403);
        }
        assertThat(api.anonymous().get("/api/v1/reports/impact.pdf?" + MARCH).status()).isEqualTo(401);
        assertThat(api.anonymous().get("/api/v1/reports/impact?" + MARCH).status()).isEqualTo(401);
    }

    @Test
    void aMaker_tagsTheirOwnSession_butNotAnothers_andAFabmanagerTagsAny() throws Exception {
        insertSession("s-maker", "m-maker");
        insertSession("s-trainer", "m-trainer");
        ApiHarness.Client maker = api.browser(Role.MAKER);

        assertThat(maker.send("PUT", "/api/v1/sessions/laser-1/s-maker/tag", "{\"tag\":\"repair\"}").status())
                .isEqualTo(204);
        assertThat(maker.send("PUT", "/api/v1/sessions/laser-1/s-trainer/tag", "{\"tag\":\"repair\"}").status())
                .isEqualTo(403);
        assertThat(api.browser(Role.FABMANAGER).send("PUT", "/api/v1/sessions/laser-1/s-trainer/tag",
                "{\"tag\":\"reuse\"}").status()).isEqualTo(204);

        assertThat(tag("sessions", "session_id", "s-maker")).isEqualTo("repair");
        assertThat(tag("sessions", "session_id", "s-trainer")).isEqualTo("reuse");
        assertThat(maker.send("PUT", "/api/v1/sessions/laser-1/s-maker/tag", "{\"tag\":null}").status())
                .isEqualTo(204);
        assertThat(tag("sessions", "session_id", "s-maker")).isNull();
        JsonNode audit = api.browser(Role.FABMANAGER).get("/api/v1/audit?member=m-trainer").json();
        assertThat(audit.get("entries")).anySatisfy(entry -> {
            assertThat(entry.get("action").asText()).isEqualTo("usage.tagged");
            assertThat(entry.get("actor").asText()).isEqualTo("fabmanager");
            assertThat(entry.get("params").get("tag").asText()).isEqualTo("reuse");
        });
    }

    @Test
    void aConsumableRecord_isTaggedByItsMember_andABadTagOrUnknownRecordIsRefused() throws Exception {
        String id = api.browser(Role.FABMANAGER).post("/api/v1/consumable-records",
                "{\"memberId\":\"m-maker\",\"itemId\":\"pla\",\"quantity\":3}").json().get("id").asText();
        ApiHarness.Client maker = api.browser(Role.MAKER);

        assertThat(api.browser(Role.TRAINER).send("PUT", "/api/v1/consumable-records/" + id + "/tag",
                "{\"tag\":\"reuse\"}").status()).isEqualTo(403);
        assertThat(maker.send("PUT", "/api/v1/consumable-records/" + id + "/tag", "{\"tag\":\"reuse\"}").status())
                .isEqualTo(204);
        assertThat(tag("consumable_records", "id", id)).isEqualTo("reuse");

        ApiHarness.Response bad = maker.send("PUT", "/api/v1/consumable-records/" + id + "/tag",
                "{\"tag\":\"recycle\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asText()).isEqualTo("tag");
        assertThat(maker.send("PUT", "/api/v1/consumable-records/" + id + "/tag", "{}").status()).isEqualTo(400);
        assertThat(maker.send("PUT", "/api/v1/consumable-records/r-none/tag", "{\"tag\":\"reuse\"}").status())
                .isEqualTo(404);
        assertThat(tag("consumable_records", "id", id)).isEqualTo("reuse");
    }

    @Test
    void aMembersTerritory_isTrimmed_shown_cleared_andLimitedTo80Characters() {
        ApiHarness.Client manager = api.browser(Role.FABMANAGER);
        JsonNode created = manager.post("/api/v1/members", "{\"name\":\"Zoé Territory\",\"email\":\"zoe@example.org\","
                + "\"territory\":\"  59100 Roubaix \"}").json();
        String path = "/api/v1/members/" + created.get("id").asText();

        assertThat(created.get("territory").asText()).isEqualTo("59100 Roubaix");
        assertThat(manager.get(path).json().get("territory").asText()).isEqualTo("59100 Roubaix");
        assertThat(manager.patch(path, "{\"territory\":\"Tourcoing\"}").json().get("territory").asText())
                .isEqualTo("Tourcoing");
        assertThat(manager.patch(path, "{\"group\":\"students\"}").json().get("territory").asText())
                .isEqualTo("Tourcoing");
        assertThat(manager.patch(path, "{\"territory\":null}").json().has("territory")).isFalse();
        ApiHarness.Response tooLong = manager.patch(path, "{\"territory\":\"" + "x".repeat(81) + "\"}");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("field").asText()).isEqualTo("territory");
    }

    private void insertSession(String sessionId, String memberId) throws Exception {
        try (Connection c = api.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into sessions (node_id, session_id, machine_id, member_id, credential_hash, started_at,
                                      active_seconds, energy_wh, interrupted, offline)
                values ('laser-1', ?, 'laser-1', ?, 'h', 0, 0, 0, false, false)""")) {
            ps.setString(1, sessionId);
            ps.setString(2, memberId);
            ps.executeUpdate();
        }
    }

    private String tag(String table, String key, String id) throws Exception {
        try (Connection c = api.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("select tag from " + table + " where " + key + " = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    private static List<String> operations() throws Exception {
        List<String> operations = new ArrayList<>();
        try (InputStream in = HttpApi.class.getClassLoader().getResourceAsStream("api/openapi.json")) {
            Json.mapper().readTree(in).get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                    .forEachRemaining(method -> {
                        if (path.getKey().startsWith("/api/v1/")) {
                            operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                        }
                    }));
        }
        return operations;
    }
}
