package org.fablab.gateway.app;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcExports;
import org.fablab.gateway.billing.Journal;
import org.fablab.gateway.domain.BadArgument;
import org.fablab.gateway.service.ExportService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fablab export charges|consumables|journal|members}: the treasurer's CSV exports straight from the database,
 * to a file or standard output, recorded in the audit log with the ledger head they were read at.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a treasurer's CSV export (docs/billing.md §6) for a period.")
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KIND", description = "charges, consumables, journal or members.")
    String kind;

    @Option(names = "--config", description = "A YAML config file with the store settings and the lab's timeZone: "
            + "the gateway's own, or one holding only those (no keys needed).")
    Path config;

    @Option(names = "--from", required = true, description = "First accounting date, YYYY-MM-DD, inclusive.")
    String from;

    @Option(names = "--to", required = true, description = "Last accounting date, YYYY-MM-DD, inclusive.")
    String to;

    @Option(names = "--layout", description = "standard (, . yyyy-MM-dd, utf-8, English headers; the default) or french"
            + " (; , dd/MM/yyyy, utf-8-bom, French headers).")
    String layout;

    @Option(names = "--separator", description = "Field separator instead of the layout's: one character, or tab.")
    String separator;

    @Option(names = "--decimal", description = "Decimal mark instead of the layout's.")
    String decimal;

    @Option(names = "--date-format", description = "Date pattern instead of the layout's, e.g. dd.MM.yyyy: the letters"
            + " y M d and - / . : or space, starting with a letter.")
    String dateFormat;

    @Option(names = "--encoding", description = "Encoding instead of the layout's: utf-8, utf-8-bom (with the byte order"
            + " mark Excel needs to read accents), windows-1252 or another charset name.")
    String encoding;

    @Option(names = "--out", description = "The file to write; standard output when absent.")
    Path out;

    @Override
    public Integer call() throws IOException {
        ExportService.Request request;
        try {
            request = ExportService.Request.parse(kind, from, to, new ExportService.LayoutChoice(
                    Optional.ofNullable(layout), Optional.ofNullable(separator), Optional.ofNullable(decimal),
                    Optional.ofNullable(dateFormat), Optional.ofNullable(encoding)));
        } catch (BadArgument e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        GatewayConfig settings = ConfigLoader.loadForReading(Optional.ofNullable(config), System.getenv());
        Clock clock = Clock.systemUTC();
        try (Database database = Database.open(settings.store().url(), settings.store().username(),
                settings.store().password(), 1)) {
            ExportService exports = new ExportService(new JdbcExports(database.dataSource(), settings.zone()),
                    Journal.Accounts.DEFAULT, clock);
            ExportService.Result result;
            if (out == null) {
                result = exports.write(actor(), request, System.out);
            } else {
                try (OutputStream file = Files.newOutputStream(out)) {
                    result = exports.write(actor(), request, file);
                }
            }
            spec.commandLine().getErr().printf("%s: %d rows, ledger head %d %s%n", request.kind().fileName(),
                    result.rows(), result.head().sequence(), result.head().hash());
            return 0;
        }
    }

    /** How the audit log names an export made at the command line: the operating-system user. */
    private static String actor() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }
}
