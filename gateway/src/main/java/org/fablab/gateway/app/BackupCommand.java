package org.fablab.gateway.app;

import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fablab.gateway.adapter.jdbc.SqliteBackup;
import org.fablab.gateway.billing.ChainCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fablab backup}: a consistent copy of the gateway's SQLite database, taken while the gateway runs
 * (docs/backup.md). PostgreSQL has its own tools, which this word names rather than wraps: {@code pg_dump} must match
 * the server's major version, which only the operator knows is installed.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Copy the SQLite database while the gateway runs.",
                "The copy is consistent and readable by its owner only. Exit 2 when --out exists (see --force), "
                        + "3 when the copied ledger is broken, 4 when there is no database."})
final class BackupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", description = "The gateway's YAML config file, or one holding only store.*.")
    Path config;

    @Option(names = "--out", required = true, description = "The backup file to write.")
    Path out;

    @Option(names = "--force", description = "Replace --out if it exists.")
    boolean force;

    @Override
    public Integer call() {
        GatewayConfig settings = ConfigLoader.loadForReading(Optional.ofNullable(config), System.getenv());
        Optional<Path> database = SqliteBackup.databaseFile(settings.store().url());
        if (database.isEmpty()) {
            spec.commandLine().getErr().printf("fablab backup copies a SQLite store only; store.url is %s.%n"
                            + "For PostgreSQL use its own tool, as the database's owner, for example:%n"
                            + "  pg_dump -Fc -f %s '%s'%n(docs/backup.md, PostgreSQL)%n",
                    settings.store().url(), out, settings.store().url().replaceFirst("^jdbc:", ""));
            return 1;
        }
        if (!database.get().toFile().isFile()) {
            spec.commandLine().getErr().printf("no database at %s (store.url): nothing to back up%n", database.get());
            return RestoreCommand.MISSING;
        }
        if (SqliteBackup.isPartOf(database.get(), out)) {
            spec.commandLine().getErr().printf("--out %s would replace the database itself or its log; write the "
                    + "backup elsewhere%n", out);
            return 2;
        }
        SqliteBackup.Contents contents;
        try {
            contents = SqliteBackup.backUp(database.get(), out, force, Clock.systemUTC());
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof FileAlreadyExistsException) {
                spec.commandLine().getErr().printf("%s exists; give --force to replace it%n", out.toAbsolutePath());
                return 2;
            }
            throw e;
        }
        spec.commandLine().getOut().printf("backup written: %s (%d bytes, schema version %s)%n",
                out.toAbsolutePath(), contents.bytes(), contents.schemaVersion());
        spec.commandLine().getOut().printf("node events: %d%n", contents.nodeEvents());
        if (contents.ledger() instanceof ChainCheck.Verified verified) {
            spec.commandLine().getOut().printf("ledger head: entry %d, hash %s (%d entries, verified)%n",
                    contents.ledgerHeadSequence(), verified.headHash(), verified.entries());
            return 0;
        }
        ChainCheck.Broken broken = (ChainCheck.Broken) contents.ledger();
        spec.commandLine().getErr().printf("the copied ledger is broken at entry %d: %s; the backup is written, "
                + "but restore refuses it: run fablab ledger verify on the gateway's database%n", broken.sequence(),
                broken.why());
        return LedgerCommand.BROKEN;
    }
}
