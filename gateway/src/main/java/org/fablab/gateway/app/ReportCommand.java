package org.fablab.gateway.app;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Currency;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import javax.sql.DataSource;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.domain.BadArgument;
import org.fablab.gateway.port.ReportStore;
import org.fablab.gateway.report.ImpactReport;
import org.fablab.gateway.report.ReportCsv;
import org.fablab.gateway.report.ReportLabels;
import org.fablab.gateway.report.ReportPdf;
import org.fablab.gateway.report.ReportPeriod;
import org.fablab.gateway.service.ReportService;
import org.fablab.protocol.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fablab report}: the impact report (docs/impact.md) of a period straight from the database, as the REST API
 * gives it, counts suppressed alike.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write an impact report as JSON, CSV or PDF (docs/impact.md).")
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", description = "The gateway's YAML config file: store, lab, timeZone and report "
            + "settings are read (no keys needed).")
    Path config;

    @Option(names = "--from", required = true, description = "First local date, YYYY-MM-DD, inclusive.")
    String from;

    @Option(names = "--to", required = true, description = "Last local date, YYYY-MM-DD, inclusive; at most "
            + ReportService.MAX_YEARS + " years after --from.")
    String to;

    @Option(names = "--format", required = true, description = "json, csv or pdf (A4, with charts).")
    String format;

    @Option(names = "--lang", description = "en (the default) or fr: words and numbers of the CSV and PDF, and the "
            + "CSV's separator and decimal mark.")
    String lang;

    @Option(names = "--encoding", description = "utf-8 (the default), utf-8-bom or windows-1252, for the CSV.")
    String encoding;

    @Option(names = "--out", required = true, description = "The file to write.")
    Path out;

    private final Function<DataSource, ReportStore> stores;

    ReportCommand() {
        this(Reports::store);
    }

    /** @param stores the store of the figures over the configured database */
    ReportCommand(Function<DataSource, ReportStore> stores) {
        this.stores = stores;
    }

    /** How the report is written to the file. */
    @FunctionalInterface
    private interface Output {
        void write(ImpactReport report, Currency currency, OutputStream file) throws IOException;
    }

    @Override
    public Integer call() throws IOException {
        ReportPeriod period;
        Output output;
        try {
            period = ReportService.period(from, to);
            output = output();
        } catch (BadArgument e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        GatewayConfig settings = ConfigLoader.loadForReading(Optional.ofNullable(config), System.getenv());
        try (Database database = Database.open(settings.store().url(), settings.store().username(),
                settings.store().password(), 1)) {
            ReportService reports = Reports.service(settings, database.dataSource(),
                    stores.apply(database.dataSource()), Clock.systemUTC());
            ImpactReport report = reports.report(period);
            try (OutputStream file = Files.newOutputStream(out)) {
                output.write(report, reports.currency(), file);
            }
        }
        spec.commandLine().getErr().printf("impact report %s to %s written to %s%n", period.from(), period.to(), out);
        return 0;
    }

    private Output output() {
        return switch (format) {
            case "json" -> (report, currency, file) -> file.write(Json.mapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(report).getBytes(StandardCharsets.UTF_8));
            case "csv" -> {
                ReportCsv.Options options = ReportCsv.Options.parse(Optional.ofNullable(lang),
                        Optional.ofNullable(encoding));
                yield (report, currency, file) -> ReportCsv.write(report, options, currency, file);
            }
            case "pdf" -> {
                Locale locale = ReportLabels.language(Optional.ofNullable(lang));
                yield (report, currency, file) -> file.write(ReportPdf.render(report, locale, currency));
            }
            default -> throw new ParameterException(spec.commandLine(), "--format must be json, csv or pdf, was '"
                    + format + "'");
        };
    }
}
