package org.fablab.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.commons.csv.CSVRecord;
import org.fablab.gateway.CsvRows;
import org.fablab.gateway.domain.BadArgument;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.report.ImpactFigures.Machines;
import org.fablab.gateway.report.ImpactFigures.MachineUsage;
import org.fablab.gateway.report.ImpactFigures.Materials;
import org.fablab.gateway.report.ImpactFigures.MaterialUse;
import org.fablab.gateway.report.ImpactFigures.Money;
import org.fablab.gateway.report.ImpactFigures.MonthUsage;
import org.fablab.gateway.report.ImpactFigures.Network;
import org.fablab.gateway.report.ImpactFigures.OccupancyCell;
import org.fablab.gateway.report.ImpactFigures.People;
import org.fablab.gateway.report.ImpactFigures.Share;
import org.fablab.gateway.report.ImpactFigures.Skills;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportCsvTest {
    private static final ReportPeriod MARCH = ReportPeriod.month(YearMonth.of(2026, 3));

    @Test
    void english_hasOneRowPerFigure_withHoursKwhAndMoneyAsDecimals() throws IOException {
        List<CSVRecord> rows = CsvRows.parse(write(report(), "en", "utf-8", StandardCharsets.UTF_8), ',');

        assertThat(row(rows, "people.activeMembers", "")).containsExactly("People", "people.activeMembers",
                "Active members", "", "42", "<5", "0");
        assertThat(row(rows, "machines.wallSeconds", "")).containsExactly("Machines", "machines.wallSeconds",
                "Machine time (hours)", "", "12.50", "1.00", "0.00");
        assertThat(row(rows, "materials.energyWh", "")).containsSubsequence("Energy measured (kWh)", "", "3.46");
        assertThat(row(rows, "money.machineTimeCents", "")).containsSubsequence("Revenue from machine time (EUR)", "",
                "1234.56");
        assertThat(row(rows, "machines.occupancy", "Saturday 14:00")).endsWith("1.50", "0.00", "0.00");
        assertThat(row(rows, "machines.refusals", "Training expired")).endsWith("12", "0", "0");
        assertThat(row(rows, "machines.refusals", "relay-stuck")).endsWith("<5", "0", "0");
        assertThat(row(rows, "people.byGroup", "(no group)")).endsWith("7", "0", "0");
        assertThat(row(rows, "materials.consumables", "PLA filament (g)")).endsWith("750", "0", "0");
        assertThat(row(rows, "months.sessions", "2026-03")).endsWith("30", "<5", "0");
        assertThat(row(rows, "network.visitorsFromPartners", "")).containsExactly("Partner labs",
                "network.visitorsFromPartners", "Visitors from partner labs", "", "6", "0", "0");
        assertThat(row(rows, "network.visitsHosted", "")).endsWith("<5", "0", "0");
        assertThat(row(rows, "network.abroadSeconds", "")).containsSubsequence(
                "Machine time at partner labs (hours)", "", "2.00", "0.00", "0.00");
        assertThat(row(rows, "network.abroadChargedCents", "")).containsSubsequence(
                "Charged to members for visits at partners (EUR)", "", "123.45", "0.00", "0.00");
    }

    @Test
    void aNameInOnlyOnePart_showsZeroInTheOthers_inTheOrderFirstSeen() throws IOException {
        List<CSVRecord> rows = CsvRows.parse(write(report(), "en", "utf-8", StandardCharsets.UTF_8), ',');

        assertThat(rows.stream().filter(r -> r.get(1).equals("machines.perMachine.sessions")).map(r -> r.get(3)))
                .containsExactly("Laser", "'=cmd|' /C calc'!A0", "Printer");
        assertThat(row(rows, "machines.perMachine.sessions", "Printer")).endsWith("0", "9", "0");
    }

    @Test
    void theHeader_namesEachPartsDates() throws IOException {
        String csv = write(report(), "en", "utf-8", StandardCharsets.UTF_8);

        assertThat(csv.lines().findFirst()).hasValue("section,figure,label,detail,current period (2026-03-01 – "
                + "2026-03-31),previous period (2026-02-01 – 2026-02-28),a year earlier (2025-03-01 – 2025-03-31)");
    }

    @Test
    void french_usesSemicolonsDecimalCommasFrenchDatesAndWords() throws IOException {
        String csv = write(report(), "fr", "utf-8", StandardCharsets.UTF_8);
        List<CSVRecord> rows = CsvRows.parse(csv, ';');

        assertThat(csv.lines().findFirst().orElseThrow()).startsWith("section;indicateur;libellé;détail;période "
                + "(01/03/2026 – 31/03/2026)");
        assertThat(row(rows, "machines.wallSeconds", "")).containsExactly("Machines", "machines.wallSeconds",
                "Temps machine (heures)", "", "12,50", "1,00", "0,00");
        assertThat(row(rows, "machines.occupancy", "samedi 14 h")).endsWith("1,50", "0,00", "0,00");
        assertThat(row(rows, "machines.refusals", "Formation expirée")).endsWith("12", "0", "0");
        assertThat(row(rows, "network.hostedSeconds", "")).containsExactly("Labs partenaires",
                "network.hostedSeconds", "Temps machine des visiteurs (heures)", "", "1,50", "0,00", "0,00");
    }

    @Test
    void everyMoneyFigure_namesTheLabsCurrencyInItsLabel() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportCsv.write(report(), ReportCsv.Options.parse(Optional.of("fr"), Optional.empty()),
                Currency.getInstance("CHF"), out);
        List<CSVRecord> rows = CsvRows.parse(out.toString(StandardCharsets.UTF_8), ';');

        assertThat(row(rows, "money.machineTimeCents", "")).containsExactly("Argent", "money.machineTimeCents",
                "Recettes du temps machine (CHF)", "", "1234,56", "0,00", "0,00");
        Predicate<CSVRecord> money = r -> r.get(1).startsWith("money.") || r.get(1).endsWith("Cents");
        assertThat(rows.stream().filter(money).map(r -> r.get(2)))
                .hasSize(8).allSatisfy(label -> assertThat(label).endsWith(" (CHF)"));
        assertThat(rows.stream().filter(money.negate()).map(r -> r.get(2)))
                .noneSatisfy(label -> assertThat(label).contains("CHF"));
    }

    @Test
    void utf8Bom_startsWithTheMark_andWindows1252_encodesAccents() throws IOException {
        byte[] bom = bytes(report(), "fr", "utf-8-bom");
        byte[] ansi = bytes(report(), "fr", "windows-1252");

        assertThat(bom).startsWith(0xEF, 0xBB, 0xBF);
        assertThat(new String(ansi, Charset.forName("windows-1252"))).startsWith("section;indicateur;libellé;");
        assertThat(ansi).doesNotContain(0xEF);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {"lang | de | en, fr",
            "encoding | latin-9 | utf-8, utf-8-bom, windows-1252"})
    void aWrongOption_isNamed_withTheValuesItTakes(String field, String value, String values) {
        Optional<String> lang = Optional.of(field.equals("lang") ? value : "en");
        Optional<String> encoding = Optional.of(field.equals("encoding") ? value : "utf-8");

        assertThatThrownBy(() -> ReportCsv.Options.parse(lang, encoding)).isInstanceOf(BadArgument.class)
                .hasMessage(field + " must be one of " + values)
                .satisfies(e -> assertThat(((BadArgument) e).field()).isEqualTo(field))
                .extracting(e -> ((BadArgument) e).reason())
                .isEqualTo(ErrorCode.FIELD_ONE_OF.with(field, values));
    }

    @Test
    void everyFigureOfTheSample_hasAtLeastOneRow() throws IOException {
        ImpactReport full = new ImpactReport(ImpactReport.SCHEMA, "lab", ZoneId.of("Europe/Paris"),
                new ReportSettings(4, 5), Instant.EPOCH, new ImpactReport.Part(MARCH, SampleFigures.every(9)),
                new ImpactReport.Part(MARCH.previous(), SampleFigures.every(9)),
                new ImpactReport.Part(MARCH.yearEarlier(), SampleFigures.every(9)));
        List<CSVRecord> rows = CsvRows.parse(write(full, "en", "utf-8", StandardCharsets.UTF_8), ',');

        assertThat(rows.stream().map(r -> "figure." + r.get(1)).distinct())
                .containsAll(ReportLabelsTest.figureKeys().stream()
                        .filter(key -> !key.equals("figure.months") && !key.matches("figure.machines.per(Machine|Kind)"))
                        .toList());
    }

    private static List<String> row(List<CSVRecord> rows, String code, String detail) {
        return rows.stream().filter(r -> r.get(1).equals(code) && r.get(3).equals(detail)).findFirst()
                .map(CSVRecord::toList).orElseThrow(() -> new AssertionError("no row " + code + " / " + detail));
    }

    private static String write(ImpactReport report, String lang, String encoding, Charset charset)
            throws IOException {
        return new String(bytes(report, lang, encoding), charset);
    }

    private static byte[] bytes(ImpactReport report, String lang, String encoding) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportCsv.write(report, ReportCsv.Options.parse(Optional.of(lang), Optional.of(encoding)),
                Currency.getInstance("EUR"), out);
        return out.toByteArray();
    }

    static ImpactReport report() {
        Count few = new Count.Below(5);
        ImpactFigures current = new ImpactFigures(
                new People(Count.exact(42), Count.exact(6), Count.exact(20), Count.exact(22),
                        List.of(new Share("", Count.exact(7)), new Share("students", Count.exact(35))),
                        List.of(new Share("Lille", Count.exact(30)))),
                new Machines(Count.exact(80), 45_000, 30_000, 3_600,
                        List.of(new MachineUsage("Laser", "laser-cutter", Count.exact(50), 36_000, 20_000),
                                new MachineUsage("'=cmd|' /C calc'!A0", "3d-printer", few, 9_000, 10_000)),
                        List.of(new MachineUsage("laser-cutter", "laser-cutter", Count.exact(50), 36_000, 20_000)),
                        List.of(new OccupancyCell(DayOfWeek.SATURDAY, 14, 5_400)),
                        List.of(new Share("training-expired", Count.exact(12)), new Share("relay-stuck", few))),
                new Skills(Count.exact(10), Count.exact(6), few, Count.exact(60), Count.exact(0), Count.exact(5),
                        List.of(new Share("Laser safety", Count.exact(10)))),
                new Materials(List.of(new MaterialUse("PLA filament", "g", 750)), 3_456, few, Count.exact(0),
                        Count.exact(0), Count.exact(0)),
                new Money(123_456, 4_500, 30_000, 0, 2_000, 1_500, 9_900),
                new Network(Count.exact(6), few, 5_400, few, few, 7_200, 12_345),
                List.of(new MonthUsage(YearMonth.of(2026, 3), Count.exact(30), 45_000, Count.exact(42))));
        ImpactFigures previous = new ImpactFigures(
                new People(few, Count.exact(0), few, Count.exact(0), List.of(), List.of()),
                new Machines(few, 3_600, 1_800, 0,
                        List.of(new MachineUsage("Printer", "3d-printer", Count.exact(9), 3_600, 1_800)),
                        List.of(), List.of(), List.of()),
                new Skills(Count.exact(0), Count.exact(0), Count.exact(0), Count.exact(0), Count.exact(0),
                        Count.exact(0), List.of()),
                new Materials(List.of(), 0, Count.exact(0), Count.exact(0), Count.exact(0), Count.exact(0)),
                new Money(0, 0, 0, 0, 0, 0, 0), noVisits(),
                List.of(new MonthUsage(YearMonth.of(2026, 2), few, 3_600, few)));
        ImpactFigures empty = new ImpactFigures(
                new People(Count.exact(0), Count.exact(0), Count.exact(0), Count.exact(0), List.of(), List.of()),
                new Machines(Count.exact(0), 0, 0, 0, List.of(), List.of(), List.of(), List.of()),
                new Skills(Count.exact(0), Count.exact(0), Count.exact(0), Count.exact(0), Count.exact(0),
                        Count.exact(0), List.of()),
                new Materials(List.of(), 0, Count.exact(0), Count.exact(0), Count.exact(0), Count.exact(0)),
                new Money(0, 0, 0, 0, 0, 0, 0), noVisits(), List.of());
        return new ImpactReport(ImpactReport.SCHEMA, "lab", ZoneId.of("Europe/Paris"), new ReportSettings(4, 5),
                Instant.parse("2026-04-02T09:30:00Z"), new ImpactReport.Part(MARCH, current),
                new ImpactReport.Part(MARCH.previous(), previous), new ImpactReport.Part(MARCH.yearEarlier(), empty));
    }

    static Network noVisits() {
        return new Network(Count.exact(0), Count.exact(0), 0, Count.exact(0), Count.exact(0), 0, 0);
    }
}
