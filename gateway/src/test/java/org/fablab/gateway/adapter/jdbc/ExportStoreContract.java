package org.fablab.gateway.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.fablab.gateway.adapter.jdbc.BillingFixture.ADA;
import static org.fablab.gateway.adapter.jdbc.BillingFixture.LASER;
import static org.fablab.gateway.adapter.jdbc.BillingFixture.ZOE;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.fablab.gateway.billing.CsvLayout;
import org.fablab.gateway.billing.Journal;
import org.fablab.gateway.billing.LedgerEntry;
import org.fablab.gateway.billing.TreasurerCsv.Table;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.port.AuditLog;
import org.fablab.gateway.service.ExportService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The four exports read from a real database, written as CSV and parsed back with Apache Commons CSV, compared
 * field by field with what the fixture's month must give.
 */
abstract class ExportStoreContract {
    private static final String HOSTILE = "'" + BillingFixture.HOSTILE;
    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");

    private Database database;
    private ExportService exports;

    abstract Database openEmptyDatabase();

    abstract void dropDatabase();

    @BeforeEach
    void open() {
        database = openEmptyDatabase();
        BillingFixture.seed(database.dataSource());
        exports = new ExportService(new JdbcExports(database.dataSource(), BillingFixture.ZONE), Journal.Accounts.DEFAULT,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        database.close();
        dropDatabase();
    }

    private static final List<List<String>> CHARGES = List.of(
            List.of("2026-11-02", HOSTILE, "1", LASER, "s-1", LASER, "3", "15 min", "2.00", "20.00", "5.00", "1.00",
                    "6.00"),
            List.of("2026-11-03", ZOE, "2", LASER, "s-2", "'-PLA", "37", "g", "0.05", "5.50", "1.75", "0.10", "1.85"),
            List.of("2026-11-05", ADA, "3", "", "", "Plan Maker 2026-11", "1", "month", "25.00", "20.00", "20.83",
                    "4.17", "25.00"),
            List.of("2026-11-12", HOSTILE, "1", LASER, "s-1", LASER, "3", "15 min", "2.00", "20.00", "-5.00", "-1.00",
                    "-6.00"),
            List.of("2026-11-14", ADA, "3", "", "", "Plan Maker 2026-11", "1", "month", "25.00", "20.00", "-20.83",
                    "-4.17", "-25.00"));

    @Test
    void charges_areTheMonthsChargeAndCorrectionEntries_withTheirLines_reversalsNegative() throws IOException {
        assertThat(export("charges", "standard")).isEqualTo(table(english(Table.CHARGES), CHARGES));
    }

    @Test
    void charges_inTheFrenchLayout_useSemicolonsDecimalCommasAndFrenchDates() throws IOException {
        List<List<String>> french = CHARGES.stream().map(row -> french(row, Set.of(0), Set.of(8, 9, 10, 11, 12)))
                .toList();

        assertThat(export("charges", "french")).isEqualTo(table(french(Table.CHARGES), french));
        assertThat(french.get(0).get(0)).isEqualTo("02/11/2026");
    }

    @Test
    void consumables_areTheUsesRecordedOnTheLabsLocalDaysOfThePeriod_uncharged_onesAtZero() throws IOException {
        assertThat(export("consumables", "standard")).isEqualTo(table(english(Table.CONSUMABLES), List.of(
                List.of("2026-11-03", ZOE, "2", LASER, "s-2", "'-PLA", "37", "g", "0.05", "5.50", "1.75", "0.10",
                        "1.85"),
                List.of("2026-11-30", "", "", "", "", "'-PLA", "5", "g", "0.05", "5.50", "0.00", "0.00", "0.00"))));
    }

    @Test
    void members_sumTheMonthPerKind_byMemberNumber_paymentsAndCreditsAsAmountsReceived_balanceOwedPositive() throws IOException {
        List<List<String>> rows = List.of(
                List.of(HOSTILE, "1", "6.00", "0.00", "6.00", "-6.00", "-6.00"),
                List.of(ZOE, "2", "1.85", "1.00", "0.00", "0.00", "0.85"),
                List.of(ADA, "3", "25.00", "0.00", "0.00", "-25.00", "0.00"));

        assertThat(export("members", "standard")).isEqualTo(table(english(Table.MEMBERS), rows));
        assertThat(export("members", "french")).isEqualTo(table(french(Table.MEMBERS),
                rows.stream().map(row -> french(row, Set.of(), Set.of(2, 3, 4, 5, 6))).toList()));
    }

    @Test
    void journal_postsEveryEntryOfTheMonth_asABalancedPieceNumberedByItsSequence() throws IOException {
        List<List<String>> english = journalRows(List.of("Sales", "VAT collected", "Bank", "Payment p-1",
                "Reversal of entry #2: wrong machine", "Reversal of entry #4: left the lab"));
        List<List<String>> french = journalRows(List.of("Ventes", "TVA collectée", "Banque", "Paiement p-1",
                "Annulation de l’écriture n° 2 : wrong machine", "Annulation de l’écriture n° 4 : left the lab"));

        assertThat(export("journal", "standard")).isEqualTo(table(english(Table.JOURNAL), english));
        assertThat(export("journal", "french")).isEqualTo(table(french(Table.JOURNAL),
                french.stream().map(row -> french(row, Set.of(1), Set.of(6, 7))).toList()));
    }

    /**
     * The journal of the fixture's November with the words of one language: the sales, VAT and bank accounts' names,
     * the payment's label and the two reversals' labels; the other labels are stored text that no code matches.
     */
    private static List<List<String>> journalRows(List<String> words) {
        String sales = words.get(0);
        String vat = words.get(1);
        String bank = words.get(2);
        String payment = words.get(3);
        String reversal2 = words.get(4);
        String reversal4 = words.get(5);
        return List.of(
                journal("2026-11-02", "4111", HOSTILE, "2", "Laser", "6.00", "0.00"),
                journal("2026-11-02", "706000", sales, "2", "Laser", "0.00", "5.00"),
                journal("2026-11-02", "445710", vat, "2", "Laser", "0.00", "1.00"),
                journal("2026-11-03", "4112", ZOE, "3", "'-PLA", "1.85", "0.00"),
                journal("2026-11-03", "706000", sales, "3", "'-PLA", "0.00", "1.75"),
                journal("2026-11-03", "445710", vat, "3", "'-PLA", "0.00", "0.10"),
                journal("2026-11-05", "4113", ADA, "4", "Plan Maker 2026-11", "25.00", "0.00"),
                journal("2026-11-05", "706000", sales, "4", "Plan Maker 2026-11", "0.00", "20.83"),
                journal("2026-11-05", "445710", vat, "4", "Plan Maker 2026-11", "0.00", "4.17"),
                journal("2026-11-10", "4111", HOSTILE, "5", payment, "0.00", "6.00"),
                journal("2026-11-10", "512000", bank, "5", payment, "6.00", "0.00"),
                journal("2026-11-12", "4111", HOSTILE, "6", reversal2, "0.00", "6.00"),
                journal("2026-11-12", "706000", sales, "6", reversal2, "5.00", "0.00"),
                journal("2026-11-12", "445710", vat, "6", reversal2, "1.00", "0.00"),
                journal("2026-11-13", "4112", ZOE, "7", "Welcome", "0.00", "1.00"),
                journal("2026-11-13", "706000", sales, "7", "Welcome", "0.83", "0.00"),
                journal("2026-11-13", "445710", vat, "7", "Welcome", "0.17", "0.00"),
                journal("2026-11-14", "4113", ADA, "8", reversal4, "0.00", "25.00"),
                journal("2026-11-14", "706000", sales, "8", reversal4, "20.83", "0.00"),
                journal("2026-11-14", "445710", vat, "8", reversal4, "4.17", "0.00"));
    }

    @Test
    void anExport_isAudited_withItsPeriodRowsAndTheLedgerHeadItWasReadAt() throws IOException {
        LedgerEntry last = new JdbcLedgerStore(database.dataSource(), Clock.systemUTC()).scan(entries -> {
            LedgerEntry e = entries.next();
            while (entries.hasNext()) {
                e = entries.next();
            }
            return e;
        });

        ExportService.Result result = exports.write("treasurer", ExportService.Request.parse("charges",
                "2026-11-01", "2026-11-30", ExportService.LayoutChoice.named("french")), new ByteArrayOutputStream());

        assertThat(result.rows()).isEqualTo(5);
        assertThat(result.head()).isEqualTo(new org.fablab.gateway.port.ExportStore.Head(BillingFixture.LAST_SEQUENCE,
                last.hash()));
        List<AuditEntry> audit = new JdbcAuditLog(database.dataSource()).entries(new AuditLog.Filter(Optional.empty(),
                Optional.empty(), Optional.of("treasurer"), Optional.empty(),
                Optional.empty(), Optional.empty()), 0, 10).entries().stream().map(AuditLog.Line::entry).toList();
        assertThat(audit).singleElement().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo("billing.exported");
            assertThat(entry.subjectId()).isEqualTo("charges.csv");
            assertThat(entry.at()).isEqualTo(NOW);
            assertThat(entry.params()).containsExactly(entry("file", "charges.csv"), entry("from", "2026-11-01"),
                    entry("to", "2026-11-30"), entry("layout", "french"), entry("rows", "5"),
                    entry("ledgerHead", Long.toString(BillingFixture.LAST_SEQUENCE)), entry("ledgerHash", last.hash()));
        });
    }

    @Test
    void aPeriodWithoutEntries_givesTheHeaderOnly() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ExportService.Result result = exports.write("treasurer", new ExportService.Request(ExportService.Kind.JOURNAL,
                LocalDate.of(2025, 1, 1), LocalDate.of(2025, 1, 31), CsvLayout.STANDARD), out);

        assertThat(result.rows()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(String.join(",", english(Table.JOURNAL))
                + "\r\n");
    }

    private static List<String> journal(String date, String account, String accountLabel, String piece, String label,
                                        String debit, String credit) {
        return List.of("VE", date, account, accountLabel, piece, label, debit, credit);
    }

    /** The French form of a standard row: dd/MM/yyyy dates and decimal commas in the given columns. */
    private static List<String> french(List<String> row, Set<Integer> dates, Set<Integer> decimals) {
        List<String> out = new ArrayList<>(row);
        for (int i : dates) {
            LocalDate date = LocalDate.parse(row.get(i));
            out.set(i, "%02d/%02d/%d".formatted(date.getDayOfMonth(), date.getMonthValue(), date.getYear()));
        }
        for (int i : decimals) {
            out.set(i, row.get(i).replace('.', ','));
        }
        return out;
    }

    private static List<String> english(Table table) {
        return table.headers(CsvLayout.Language.ENGLISH);
    }

    private static List<String> french(Table table) {
        return table.headers(CsvLayout.Language.FRENCH);
    }

    private static List<List<String>> table(List<String> header, List<List<String>> rows) {
        List<List<String>> table = new ArrayList<>();
        table.add(header);
        table.addAll(rows);
        return table;
    }

    /** The export of the fixture's month parsed back: the header row, then every record's fields. */
    private List<List<String>> export(String kind, String layout) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        exports.write("treasurer", ExportService.Request.parse(kind, BillingFixture.FROM.toString(),
                BillingFixture.TO.toString(), ExportService.LayoutChoice.named(layout)), out);
        char separator = layout.equals("french") ? ';' : ',';
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).endsWith("\r\n");
        if (layout.equals("french")) {
            assertThat(text).as("the French layout's byte order mark").startsWith("\uFEFF");
            text = text.substring(1);
        }
        List<List<String>> table = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(text),
                CSVFormat.RFC4180.builder().setDelimiter(separator).get())) {
            for (CSVRecord record : parser) {
                table.add(record.toList());
            }
        }
        return table;
    }
}
