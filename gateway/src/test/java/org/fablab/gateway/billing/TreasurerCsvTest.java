package org.fablab.gateway.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TreasurerCsvTest {
    static final String HOSTILE = "=HYPERLINK(\"http://evil\";\"click\")";
    static final List<ChargeRow> CHARGES = List.of(
            new ChargeRow(LocalDate.of(2026, 11, 23), HOSTILE, "0042", "Laser; Trotec", "s-1", "Laser; Trotec", 3,
                    "15 min", 200, 2000, 600),
            new ChargeRow(LocalDate.of(2026, 11, 24), "Zoë \"la\" Dupont\nligne 2", "-12", null, null, "PLA", 37, "g",
                    5, 550, 185),
            new ChargeRow(LocalDate.of(2026, 11, 25), "@admin", "7", "+laser", "\tS", "+laser", 3, "15 min", 200, 2000,
                    -600));

    @Test
    void layouts_areFoundByTheirName_andDescribedByItOrByTheirSettings() {
        assertThat(CsvLayout.named("standard")).containsSame(CsvLayout.STANDARD);
        assertThat(CsvLayout.named("french")).containsSame(CsvLayout.FRENCH);
        assertThat(CsvLayout.named("French")).isEmpty();
        assertThat(CsvLayout.FRENCH.describe()).isEqualTo("french");
        assertThat(CsvLayout.STANDARD.describe()).isEqualTo("standard");
        assertThat(new CsvLayout('\t', '.', "yyyyMMdd", StandardCharsets.ISO_8859_1, false, CsvLayout.Language.ENGLISH).describe())
                .isEqualTo("separator '\t', decimal mark '.', dates yyyyMMdd, iso-8859-1, english headers");
        assertThat(CsvLayout.FRENCH.withEncoding("utf-8").describe())
                .isEqualTo("separator ';', decimal mark ',', dates dd/MM/yyyy, utf-8, french headers");
    }

    @Test
    void charges_inTheFrenchLayout_matchTheGoldenFileByteForByte() throws IOException {
        StringWriter out = new StringWriter();

        long rows = TreasurerCsv.writeCharges(CHARGES.iterator(), out, CsvLayout.FRENCH);

        assertThat(rows).isEqualTo(3);
        assertThat(out.toString()).isEqualTo(
                "Date;Adhérent;N° adhérent;Machine;Session;Article;Quantité;Unité;Prix unitaire TTC;Taux TVA %;"
                + "Montant HT;TVA;Montant TTC\r\n"
                + "23/11/2026;\"'=HYPERLINK(\"\"http://evil\"\";\"\"click\"\")\";0042;\"Laser; Trotec\";s-1;"
                + "\"Laser; Trotec\";3;15 min;2,00;20,00;5,00;1,00;6,00\r\n"
                + "24/11/2026;\"Zoë \"\"la\"\" Dupont\nligne 2\";'-12;;;PLA;37;g;0,05;5,50;1,75;0,10;1,85\r\n"
                + "25/11/2026;'@admin;7;'+laser;'\tS;'+laser;3;15 min;2,00;20,00;-5,00;-1,00;-6,00\r\n");
    }

    @Test
    void charges_inTheStandardLayout_haveEnglishHeaders() throws IOException {
        StringWriter out = new StringWriter();

        TreasurerCsv.writeCharges(CHARGES.subList(1, 2).iterator(), out, CsvLayout.STANDARD);

        assertThat(out.toString()).isEqualTo(
                "date,member,member_number,machine,session_id,item,quantity,unit,unit_price,vat_rate,"
                + "amount_excl_vat,vat,amount_incl_vat\r\n"
                + "2026-11-24,\"Zoë \"\"la\"\" Dupont\nligne 2\",'-12,,,PLA,37,g,0.05,5.50,1.75,0.10,1.85\r\n");
    }

    @ParameterizedTest(name = "{0} basis points")
    @ValueSource(ints = {0, 210, 550, 1000, 2000, 10_000})
    void lineAmounts_netPlusVat_areTheVatInclusiveAmount_onEveryRow(int vatBasisPoints) throws IOException {
        List<ChargeRow> rows = new java.util.ArrayList<>();
        for (long cents = -2_000; cents <= 2_000; cents += 7) {
            rows.add(new ChargeRow(LocalDate.of(2026, 11, 23), "Ada", "1", null, null, "PLA", 1, "g",
                    Math.abs(cents), vatBasisPoints, cents));
        }
        StringWriter out = new StringWriter();
        TreasurerCsv.writeCharges(rows.iterator(), out, CsvLayout.STANDARD);

        List<CSVRecord> records = parse(out.toString(), ',');
        assertThat(records).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            CSVRecord r = records.get(i);
            BigDecimal net = new BigDecimal(r.get("amount_excl_vat"));
            BigDecimal vat = new BigDecimal(r.get("vat"));
            assertThat(net.add(vat)).isEqualTo(new BigDecimal(r.get("amount_incl_vat")));
            assertThat(vat.movePointRight(2).longValueExact())
                    .isEqualTo(Money.vatIncluded(rows.get(i).amountCents(), vatBasisPoints));
        }
    }

    @Test
    void charges_parsedBackWithARealCsvParser_giveEveryFieldBack_withFormulaCellsDefused() throws IOException {
        StringWriter out = new StringWriter();
        TreasurerCsv.writeCharges(CHARGES.iterator(), out, CsvLayout.FRENCH);

        List<CSVRecord> records = parse(out.toString(), ';');

        assertThat(records.get(0).getParser().getHeaderNames())
                .isEqualTo(TreasurerCsv.Table.CHARGES.headers(CsvLayout.Language.FRENCH));
        assertThat(records).hasSize(CHARGES.size());
        for (int i = 0; i < CHARGES.size(); i++) {
            ChargeRow row = CHARGES.get(i);
            CSVRecord r = records.get(i);
            assertThat(r.get("Adhérent")).isEqualTo(TreasurerCsv.defuse(row.member()));
            assertThat(r.get("N° adhérent")).isEqualTo(TreasurerCsv.defuse(row.memberNumber()));
            assertThat(r.get("Machine")).isEqualTo(row.machine() == null ? "" : TreasurerCsv.defuse(row.machine()));
            assertThat(r.get("Session")).isEqualTo(row.sessionId() == null ? ""
                    : TreasurerCsv.defuse(row.sessionId()));
            assertThat(r.get("Date")).isEqualTo(CsvLayout.FRENCH.dates().format(row.date()));
            assertThat(r.get("Quantité")).isEqualTo(Long.toString(row.quantity()));
            assertThat(r.get("Unité")).isEqualTo(row.unit());
            assertThat(r.get("Article")).isEqualTo(TreasurerCsv.defuse(row.item()));
            assertThat(r.get("Montant TTC").replace(',', '.')).isEqualTo(
                    new BigDecimal(row.amountCents()).movePointLeft(2).toPlainString());
        }
        assertThat(records.get(0).get("Adhérent")).isEqualTo("'" + HOSTILE);
        assertThat(records.get(1).get("Adhérent")).isEqualTo("Zoë \"la\" Dupont\nligne 2");
    }

    @Test
    void journal_inTheStandardLayout_matchesTheGoldenFile_andParsesBack() throws IOException {
        List<JournalRow> rows = List.of(
                new JournalRow("VE", LocalDate.of(2026, 11, 30), "411M0042", "Zoë, member", "2026-000123",
                        "statement 2026-11", 1385, 0),
                new JournalRow("VE", LocalDate.of(2026, 11, 30), "706000", "Machine time", "2026-000123",
                        "-laser time", 0, 1385));
        StringWriter out = new StringWriter();

        TreasurerCsv.writeJournal(rows.iterator(), out, CsvLayout.STANDARD);

        assertThat(out.toString()).isEqualTo(
                "journal_code,date,account_code,account_label,piece,label,debit,credit\r\n"
                + "VE,2026-11-30,411M0042,\"Zoë, member\",2026-000123,statement 2026-11,13.85,0.00\r\n"
                + "VE,2026-11-30,706000,Machine time,2026-000123,'-laser time,0.00,13.85\r\n");
        List<CSVRecord> records = parse(out.toString(), ',');
        assertThat(records.get(0).getParser().getHeaderNames())
                .isEqualTo(TreasurerCsv.Table.JOURNAL.headers(CsvLayout.Language.ENGLISH));
        assertThat(records.get(0).get("account_label")).isEqualTo("Zoë, member");
        assertThat(records.get(1).get("credit")).isEqualTo("13.85");
    }

    @Test
    void open_writesTheLayoutsEncoding_andRefusesCharactersItCannotHold() throws IOException {
        CsvLayout latin1 = new CsvLayout(';', ',', "dd/MM/yyyy", Charset.forName("ISO-8859-1"), false,
                CsvLayout.Language.FRENCH);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer w = TreasurerCsv.open(bytes, latin1)) {
            TreasurerCsv.writeCharges(CHARGES.subList(1, 2).iterator(), w, latin1);
        }
        assertThat(bytes.toString(StandardCharsets.ISO_8859_1)).contains("Zoë");
        assertThat(bytes.toByteArray()).contains((byte) 0xEB);

        ChargeRow japanese = new ChargeRow(LocalDate.of(2026, 11, 23), "山田", "1", null, null, "PLA", 1, "g", 5, 0,
                5);
        Writer w = TreasurerCsv.open(new ByteArrayOutputStream(), latin1);
        assertThatThrownBy(() -> {
            TreasurerCsv.writeCharges(List.of(japanese).iterator(), w, latin1);
            w.flush();
        }).isInstanceOf(CharacterCodingException.class);
    }

    @Test
    void open_startsTheFileWithAByteOrderMark_onlyWhenTheLayoutAsksForOne() throws IOException {
        assertThat(opened(CsvLayout.FRENCH)).startsWith(0xEF, 0xBB, 0xBF, 'D');
        assertThat(opened(CsvLayout.FRENCH.withEncoding("utf-8"))).startsWith('D');
        assertThat(opened(CsvLayout.STANDARD.withEncoding("UTF-8-BOM"))).startsWith(0xEF, 0xBB, 0xBF, 'd');
        byte[] ansi = opened(CsvLayout.FRENCH.withEncoding("windows-1252"));
        assertThat(new String(ansi, Charset.forName("windows-1252"))).startsWith("Date;Adhérent;N° adhérent;");
        assertThatThrownBy(() -> CsvLayout.STANDARD.withEncoding("latin-42"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'latin-42'");
        assertThatThrownBy(() -> new CsvLayout(',', '.', "yyyy-MM-dd", StandardCharsets.ISO_8859_1, true,
                CsvLayout.Language.ENGLISH)).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] opened(CsvLayout layout) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer w = TreasurerCsv.open(bytes, layout)) {
            TreasurerCsv.writeCharges(CHARGES.subList(1, 2).iterator(), w, layout);
        }
        return bytes.toByteArray();
    }

    @Test
    void writeCharges_streams_writingEarlyRowsBeforeTheLastIsRead() throws IOException {
        StringBuilder sink = new StringBuilder();
        Writer direct = new Writer() {
            @Override
            public void write(char[] buf, int off, int len) {
                sink.append(buf, off, len);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        int total = 5_000;
        Iterator<ChargeRow> rows = new Iterator<>() {
            int given;

            @Override
            public boolean hasNext() {
                return given < total;
            }

            @Override
            public ChargeRow next() {
                if (given == total - 1) {
                    assertThat(sink.length()).as("output written before the last row is read").isGreaterThan(0);
                }
                given++;
                return CHARGES.get(0);
            }
        };

        assertThat(TreasurerCsv.writeCharges(rows, direct, CsvLayout.FRENCH)).isEqualTo(total);
        assertThat(sink.toString().split("\r\n", -1)).hasSize(total + 2);
    }

    @Test
    void defuse_prefixesOnlyCellsStartingWithAFormulaCharacter() {
        for (String risky : List.of("=1+1", "+33 6", "-5", "@SUM(A1)", "\tx", "\rx")) {
            assertThat(TreasurerCsv.defuse(risky)).isEqualTo("'" + risky);
        }
        for (String safe : List.of("Zoë", "1=1", " =1", "'quoted", "")) {
            assertThat(TreasurerCsv.defuse(safe)).isEqualTo(safe);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"'=1+1'", "yyyy'=1+1'", "=1+1", "-yyyy-MM-dd", "yyyy-MM-dd HH:mm", "EEEE dd", "qqqq",
            "", "dd/MM/yyyy/dd/MM/yyyy/dd/MM/yyyy/"})
    void layout_refusesADateFormatThatIsNotOnlyDayMonthYearAndSeparators(String pattern) {
        assertThatThrownBy(() -> new CsvLayout(',', '.', pattern, StandardCharsets.UTF_8, false, CsvLayout.Language.ENGLISH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("date format");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"yyyy-MM-dd", "dd/MM/yyyy", "dd.MM.yyyy", "yyyyMMdd", "d MMM yyyy", "MM:dd"})
    void layout_acceptsDayMonthYearWithSeparators(String pattern) {
        assertThat(new CsvLayout(',', '.', pattern, StandardCharsets.UTF_8, false, CsvLayout.Language.ENGLISH).datePattern()).isEqualTo(pattern);
    }

    @Test
    void layout_refusesASeparatorEqualToTheDecimalMark() {
        assertThatThrownBy(() -> new CsvLayout(',', ',', "yyyy-MM-dd", StandardCharsets.UTF_8, false, CsvLayout.Language.ENGLISH))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<CSVRecord> parse(String csv, char separator) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(separator).setHeader().get();
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(csv)).setFormat(format).get()) {
            return parser.getRecords();
        }
    }
}
