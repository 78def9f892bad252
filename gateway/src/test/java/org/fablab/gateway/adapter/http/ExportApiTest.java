package org.fablab.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.fablab.gateway.CsvRows;
import org.fablab.gateway.adapter.jdbc.BillingFixture;
import org.fablab.gateway.billing.CsvLayout;
import org.fablab.gateway.billing.TreasurerCsv;
import org.fablab.gateway.domain.auth.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CSV downloads over HTTP: headers, streamed bodies, audit, and a 400 naming the field for bad arguments. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportApiTest {
    private static final int BULK = 10_000;
    @TempDir
    static Path folder;
    private ApiHarness api;
    private ApiHarness.Client treasurer;

    @BeforeAll
    void start() {
        api = new ApiHarness(folder);
        BillingFixture.seed(api.dataSource());
        BillingFixture.appendCharges(api.dataSource(), LocalDate.of(2027, 1, 15), BULK);
        treasurer = api.script(Role.TREASURER);
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void charges_downloadAsAnAttachment_inTheFrenchLayout_withHostileNamesDefused() throws IOException {
        ApiHarness.Response response = treasurer.get("/api/v1/exports/charges.csv?from=2026-11-01&to=2026-11-30"
                + "&layout=french");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"charges-2026-11-01-2026-11-30.csv\"");
        assertThat(response.body()).as("the French layout's byte order mark").startsWith("\uFEFF");
        List<CSVRecord> rows = CsvRows.parse(response.body().substring(1), ';');
        assertThat(rows).hasSize(5);
        // the harness numbers one member per role first, so the fixture's first member comes after them
        String hostileNumber = Integer.toString(Role.values().length + 1);
        assertThat(rows.get(0).toList()).containsExactly("02/11/2026", "'" + BillingFixture.HOSTILE, hostileNumber,
                BillingFixture.LASER, "s-1", BillingFixture.LASER, "3", "15 min", "2,00", "20,00", "5,00", "1,00", "6,00");
        assertThat(rows.get(1).get("Adhérent")).isEqualTo(BillingFixture.ZOE);
        assertThat(rows.get(1).get("Article")).isEqualTo("'-PLA");
    }

    @Test
    void theJournal_inTheFrenchLayout_namesItsAccountsAndLabelsInFrench_andInTheStandardOneInEnglish()
            throws IOException {
        List<CSVRecord> french = CsvRows.parse(treasurer.get("/api/v1/exports/journal.csv?from=2026-11-01"
                + "&to=2026-11-30&layout=french").body().substring(1), ';');
        List<CSVRecord> standard = CsvRows.parse(treasurer.get("/api/v1/exports/journal.csv?from=2026-11-01"
                + "&to=2026-11-30").body(), ',');

        assertThat(french).extracting(r -> r.get("Libellé compte")).contains("Ventes", "TVA collectée", "Banque")
                .doesNotContain("Sales", "VAT collected", "Bank");
        assertThat(french).extracting(r -> r.get("Libellé")).contains("Paiement p-1").doesNotContain("cash");
        assertThat(standard).extracting(r -> r.get("account_label")).contains("Sales", "VAT collected", "Bank");
        assertThat(standard).extracting(r -> r.get("label")).contains("Payment p-1");
    }

    @Test
    void aLargeExport_isStreamedWhole_andAuditedWithTheLedgerHead() throws IOException {
        ApiHarness.Response response = api.browser(Role.ADMIN).get("/api/v1/exports/charges.csv?from=2027-01-01"
                + "&to=2027-01-31");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().length()).isGreaterThan(256 * 1024);
        List<CSVRecord> rows = CsvRows.parse(response.body(), ',');
        assertThat(rows).hasSize(BULK);
        assertThat(rows.get(BULK - 1).get("session_id")).isEqualTo("bulk-" + (BULK - 1));
        assertThat(api.browser(Role.ADMIN).get("/api/v1/audit?actor=admin").json().get("entries")).anySatisfy(entry -> {
            assertThat(entry.get("action").asText()).isEqualTo("billing.exported");
            assertThat(entry.get("params").get("rows").asText()).isEqualTo(Integer.toString(BULK));
            assertThat(entry.get("params").get("ledgerHead").asText())
                    .isEqualTo(Long.toString(BillingFixture.LAST_SEQUENCE + BULK));
        });
    }

    @Test
    void everyExport_answersCsvStartingWithItsHeaderRow() {
        Map<String, List<String>> headers = Map.of("charges", english(TreasurerCsv.Table.CHARGES),
                "consumables", english(TreasurerCsv.Table.CONSUMABLES), "journal", english(TreasurerCsv.Table.JOURNAL),
                "members", english(TreasurerCsv.Table.MEMBERS));
        headers.forEach((kind, columns) -> {
            ApiHarness.Response response = treasurer.get("/api/v1/exports/" + kind + ".csv?from=2026-11-01"
                    + "&to=2026-11-30");

            assertThat(response.status()).as(kind).isEqualTo(200);
            assertThat(response.body()).as(kind).startsWith(String.join(",", columns) + "\r\n");
        });
    }

    @Test
    void aCustomLayout_setsTheSeparatorDatesAndEncoding() throws IOException {
        ApiHarness.Response response = treasurer.get("/api/v1/exports/charges.csv?from=2026-11-01&to=2026-11-30"
                + "&layout=french&separator=tab&dateFormat=yyyyMMdd&encoding=windows-1252");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/csv; charset=windows-1252");
        List<CSVRecord> rows = CsvRows.parse(response.body(), '\t');
        assertThat(response.body()).startsWith("Date\tAdhérent\tN° adhérent\t");
        assertThat(rows.get(0).get("Date")).isEqualTo("20261102");
        assertThat(rows.get(0).get("Montant TTC")).isEqualTo("6,00");
        assertThat(rows.get(0).get("Montant HT")).isEqualTo("5,00");
        assertThat(rows.get(1).get("Adhérent")).isEqualTo(BillingFixture.ZOE);
    }

    @ParameterizedTest(name = "{0} -> field {1}")
    @CsvSource(delimiter = '|', value = {
            "to=2026-11-30                           | from",
            "from=2026-11-01                         | to",
            "from=2026-13-01&to=2026-11-30           | from",
            "from=2026-11-01&to=30/11/2026           | to",
            "from=2026-11-30&to=2026-11-01           | to",
            "from=2026-11-01&to=2026-11-30&layout=excel | layout",
            "from=2026-11-01&to=2026-11-30&separator=%3B%3B | separator",
            "from=2026-11-01&to=2026-11-30&layout=french&decimal=%3B | decimal",
            "from=2026-11-01&to=2026-11-30&dateFormat=qqqq-bb | dateFormat",
            "from=2026-11-01&to=2026-11-30&dateFormat=%27%3D1%2B1%27 | dateFormat",
            "from=2026-11-01&to=2026-11-30&dateFormat=yyyy%27%3D1%2B1%27 | dateFormat",
            "from=2026-11-01&to=2026-11-30&dateFormat=-yyyy-MM | dateFormat",
            "from=2026-11-01&to=2026-11-30&dateFormat=yyyy-MM-dd%20HH%3Amm | dateFormat",
            "from=2026-11-01&to=2026-11-30&encoding=klingon | encoding"})
    void badArguments_are400NamingTheField(String query, String field) {
        ApiHarness.Response response = treasurer.get("/api/v1/exports/charges.csv?" + query);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Content-Disposition")).isEmpty();
        assertThat(response.json().get("field").asText()).isEqualTo(field);
    }

    private static List<String> english(TreasurerCsv.Table table) {
        return table.headers(CsvLayout.Language.ENGLISH);
    }
}
