package org.fablab.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVRecord;
import org.fablab.gateway.CsvRows;
import org.fablab.gateway.pdf.Poppler;
import org.fablab.gateway.port.FakeReportStore;
import org.fablab.gateway.report.ReportLabels;
import org.fablab.gateway.report.ReportPeriod;
import org.fablab.gateway.report.SampleFigures;
import org.fablab.protocol.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code fablab report} over a SQLite store, with the figures of an in-memory report store. */
class ReportCommandTest {
    @TempDir
    Path folder;
    private final StringWriter err = new StringWriter();
    private final FakeReportStore store = new FakeReportStore()
            .put(ReportPeriod.month(YearMonth.of(2026, 3)), SampleFigures.every(2));

    private int run(String... args) {
        CommandLine cli = new CommandLine(new ReportCommand(dataSource -> store));
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    private Path config() throws IOException {
        return config("EUR");
    }

    private Path config(String currency) throws IOException {
        Path config = folder.resolve("gateway.yaml");
        Files.writeString(config, """
                lab: lab-nord
                timeZone: Europe/Paris
                store:
                  url: jdbc:sqlite:%s
                billing:
                  currency: %s
                report:
                  regularMinDays: 3
                  smallCountThreshold: 10
                """.formatted(folder.resolve("fablab.db"), currency));
        return config;
    }

    @Test
    void json_isTheReportAsTheApiGivesIt_suppressedWithTheConfiguredThreshold() throws IOException {
        Path out = folder.resolve("march.json");

        assertThat(run("--config", config().toString(), "--from", "2026-03-01", "--to", "2026-03-31", "--format",
                "json", "--out", out.toString())).isZero();

        JsonNode report = Json.mapper().readTree(out.toFile());
        assertThat(report.get("schema").asText()).isEqualTo("fablab-impact-report/1");
        assertThat(report.get("lab").asText()).isEqualTo("lab-nord");
        assertThat(report.at("/settings/regularMinDays").asInt()).isEqualTo(3);
        assertThat(report.at("/current/figures/people/activeMembers").asText()).isEqualTo("<10");
        assertThat(report.at("/previous/figures/people/activeMembers").asText()).isEqualTo("<10");
        assertThat(report.at("/previous/period/from").asText()).isEqualTo("2026-02-01");
        assertThat(store.asked).hasSize(3);
        assertThat(err.toString()).contains("impact report 2026-03-01 to 2026-03-31 written to " + out);
    }

    @Test
    void csv_inFrench_usesTheFrenchLabelsAndLayout() throws IOException {
        Path out = folder.resolve("march.csv");

        assertThat(run("--config", config().toString(), "--from", "2026-03-01", "--to", "2026-03-31", "--format",
                "csv", "--lang", "fr", "--out", out.toString())).isZero();

        List<CSVRecord> rows = CsvRows.parse(Files.readString(out, StandardCharsets.UTF_8), ';');
        assertThat(rows).filteredOn(r -> r.get(1).equals("machines.wallSeconds")).singleElement()
                .satisfies(r -> assertThat(r.toList()).containsExactly("Machines", "machines.wallSeconds",
                        "Temps machine (heures)", "", "0,00", "0,00", "0,00"));
        assertThat(rows).filteredOn(r -> r.get(1).equals("people.activeMembers")).singleElement()
                .satisfies(r -> assertThat(r.get(4)).isEqualTo("<10"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--from 2026-03-01 --to 2026-03-31 --format xml    | --format must be json, csv or pdf, was 'xml'",
            "--from 2026-03-01 --to 2026-03-31 --format pdf --lang de | lang must be one of en, fr",
            "--from 2026-03-31 --to 2026-03-01 --format json   | to must not be before from",
            "--from 2020-01-01 --to 2026-01-01 --format json   | a report covers at most 5 years",
            "--from 2026-03-01 --to 2026-03-31 --format csv --lang de | lang must be one of en, fr",
            "--from 2026-03-01 --to 2026-03-31                 | --format"})
    void badArguments_exit2Saying_andTouchNothing(String arguments, String message) throws IOException {
        List<String> args = new ArrayList<>(List.of("--config", config().toString(), "--out",
                folder.resolve("out").toString()));
        args.addAll(List.of(arguments.split(" +")));

        assertThat(run(args.toArray(String[]::new))).isEqualTo(2);
        assertThat(err.toString()).contains(message);
        assertThat(folder.resolve("fablab.db")).doesNotExist();
        assertThat(folder.resolve("out")).doesNotExist();
    }

    @Test
    void pdf_inFrenchAndEnglish_hasEverySection_withMoneyInTheConfiguredCurrency() throws Exception {
        for (String lang : List.of("fr", "en")) {
            Path out = folder.resolve("march-" + lang + ".pdf");

            assertThat(run("--config", config("CHF").toString(), "--from", "2026-03-01", "--to", "2026-03-31",
                    "--format", "pdf", "--lang", lang, "--out", out.toString())).isZero();

            assertThat(Files.readAllBytes(out)).startsWith("%PDF-".getBytes(StandardCharsets.US_ASCII));
            String text = Poppler.text(Files.readAllBytes(out), folder.resolve("text").resolve(out.getFileName()));
            ReportLabels labels = ReportLabels.of(Locale.forLanguageTag(lang));
            for (String section : List.of("people", "machines", "skills", "materials", "money", "months")) {
                assertThat(text).contains(labels.text("section." + section));
            }
            assertThat(text).contains(labels.text("report.title"), "lab-nord", "CHF").doesNotContain("€");
        }
        assertThat(err.toString()).contains("written to " + folder.resolve("march-en.pdf"));
    }

    @Test
    void csv_namesTheConfiguredCurrencyInTheMoneyLabels() throws IOException {
        Path out = folder.resolve("march.csv");

        assertThat(run("--config", config("CHF").toString(), "--from", "2026-03-01", "--to", "2026-03-31",
                "--format", "csv", "--out", out.toString())).isZero();

        List<CSVRecord> rows = CsvRows.parse(Files.readString(out, StandardCharsets.UTF_8), ',');
        assertThat(rows).filteredOn(r -> r.get(1).equals("money.otherCents")).singleElement()
                .satisfies(r -> assertThat(r.get(2)).isEqualTo("Other revenue (CHF)"));
    }

    @Test
    void theHelp_saysWhichFormatsItWrites() {
        String help = new CommandLine(new ReportCommand()).getUsageMessage();

        assertThat(help).contains("JSON, CSV or PDF", "json, csv or pdf (A4, with charts)", "--lang");
    }
}
