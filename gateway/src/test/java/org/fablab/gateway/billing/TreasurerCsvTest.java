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
            new ChargeRow(LocalDate.of(2026, 11, 23), HOSTILE, "0042", "Laser; Trotec", "s-1", 3, "15 min", 200, 2000,
                    600),
            new ChargeRow(LocalDate.of(2026, 11, 24), "Zoë \"la\" Dupont\nligne 2", "-12", null, null, 37, "g", 5, 550,
                    185),
            new ChargeRow(LocalDate.of(2026, 11, 25), "@admin", "7", "+laser", "\tS", 3, "15 min", 200, 2000, -600));

    @Test
    void layouts_areFoundByTheirName_andDescribedByItOrByTheirSettings() {
        assertThat(CsvLayout.named("standard")).containsSame(CsvLayout.STANDARD);
        assertThat(CsvLayout.named("french")).containsSame(CsvLayout.FRENCH);
        assertThat(CsvLayout.named("French")).isEmpty();
        assertThat(CsvLayout.FRENCH.describe()).isEqualTo("french");
        assertThat(CsvLayout.STANDARD.describe()).isEqualTo("standard");
        assertThat(new CsvLayout('\t', '.', "yyyyMMdd", StandardCharsets.ISO_8859_1).describe())
                .isEqualTo("separator '\t', decimal mark '.', dates yyyyMMdd, ISO-8859-1");
    }

    @Test
    void charges_inTheFrenchLayout_matchTheGoldenFileByteForByte() throws IOException {
        StringWriter out = new StringWriter();

        long rows = TreasurerCsv.writeCharges(CHARGES.iterator(), out, CsvLayout.FRENCH);

        assertThat(rows).isEqualTo(3);
        assertThat(out.toString()).isEqualTo(
                "date;member;member_number;machine;session_id;quantity;unit;unit_price;vat_rate;amount\r\n"
                + "23/11/2026;\"'=HYPERLINK(\"\"http://evil\"\";\"\"click\"\")\";0042;\"Laser; Trotec\";s-1;3;15 min;"
                + "2,00;20,00;6,00\r\n"
                + "24/11/2026;\"Zoë \"\"la\"\" Dupont\nligne 2\";'-12;;;37;g;0,05;5,50;1,85\r\n"
                + "25/11/2026;'@admin;7;'+laser;'\tS;3;15 min;2,00;20,00;-6,00\r\n");
    }

    @Test
    void charges_parsedBackWithARealCsvParser_giveEveryFieldBack_withFormulaCellsDefused() throws IOException {
        StringWriter out = new StringWriter();
        TreasurerCsv.writeCharges(CHARGES.iterator(), out, CsvLayout.FRENCH);

        List<CSVRecord> records = parse(out.toString(), ';');

        assertThat(records.get(0).getParser().getHeaderNames()).isEqualTo(TreasurerCsv.CHARGE_COLUMNS);
        assertThat(records).hasSize(CHARGES.size());
        for (int i = 0; i < CHARGES.size(); i++) {
            ChargeRow row = CHARGES.get(i);
            CSVRecord r = records.get(i);
            assertThat(r.get("member")).isEqualTo(TreasurerCsv.defuse(row.member()));
            assertThat(r.get("member_number")).isEqualTo(TreasurerCsv.defuse(row.memberNumber()));
            assertThat(r.get("machine")).isEqualTo(row.machine() == null ? "" : TreasurerCsv.defuse(row.machine()));
            assertThat(r.get("session_id")).isEqualTo(row.sessionId() == null ? ""
                    : TreasurerCsv.defuse(row.sessionId()));
            assertThat(r.get("date")).isEqualTo(CsvLayout.FRENCH.dates().format(row.date()));
            assertThat(r.get("quantity")).isEqualTo(Long.toString(row.quantity()));
            assertThat(r.get("unit")).isEqualTo(row.unit());
            assertThat(r.get("amount").replace(',', '.')).isEqualTo(
                    new BigDecimal(row.amountCents()).movePointLeft(2).toPlainString());
        }
        assertThat(records.get(0).get("member")).isEqualTo("'" + HOSTILE);
        assertThat(records.get(1).get("member")).isEqualTo("Zoë \"la\" Dupont\nligne 2");
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
        assertThat(records.get(0).getParser().getHeaderNames()).isEqualTo(TreasurerCsv.JOURNAL_COLUMNS);
        assertThat(records.get(0).get("account_label")).isEqualTo("Zoë, member");
        assertThat(records.get(1).get("credit")).isEqualTo("13.85");
    }

    @Test
    void open_writesTheLayoutsEncoding_andRefusesCharactersItCannotHold() throws IOException {
        CsvLayout latin1 = new CsvLayout(';', ',', "dd/MM/yyyy", Charset.forName("ISO-8859-1"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer w = TreasurerCsv.open(bytes, latin1)) {
            TreasurerCsv.writeCharges(CHARGES.subList(1, 2).iterator(), w, latin1);
        }
        assertThat(bytes.toString(StandardCharsets.ISO_8859_1)).contains("Zoë");
        assertThat(bytes.toByteArray()).contains((byte) 0xEB);

        ChargeRow japanese = new ChargeRow(LocalDate.of(2026, 11, 23), "山田", "1", null, null, 1, "g", 5, 0, 5);
        Writer w = TreasurerCsv.open(new ByteArrayOutputStream(), latin1);
        assertThatThrownBy(() -> {
            TreasurerCsv.writeCharges(List.of(japanese).iterator(), w, latin1);
            w.flush();
        }).isInstanceOf(CharacterCodingException.class);
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
        assertThatThrownBy(() -> new CsvLayout(',', '.', pattern, StandardCharsets.UTF_8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("date format");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"yyyy-MM-dd", "dd/MM/yyyy", "dd.MM.yyyy", "yyyyMMdd", "d MMM yyyy", "MM:dd"})
    void layout_acceptsDayMonthYearWithSeparators(String pattern) {
        assertThat(new CsvLayout(',', '.', pattern, StandardCharsets.UTF_8).datePattern()).isEqualTo(pattern);
    }

    @Test
    void layout_refusesASeparatorEqualToTheDecimalMark() {
        assertThatThrownBy(() -> new CsvLayout(',', ',', "yyyy-MM-dd", StandardCharsets.UTF_8))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<CSVRecord> parse(String csv, char separator) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(separator).setHeader().get();
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(csv)).setFormat(format).get()) {
            return parser.getRecords();
        }
    }
}
