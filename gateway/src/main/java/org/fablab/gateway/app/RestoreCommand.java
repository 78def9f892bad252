package org.fablab.gateway.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fablab.gateway.adapter.jdbc.SqliteBackup;
import org.fablab.gateway.billing.ChainCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fablab restore}: puts a backup made by {@code fablab backup} in the place of the gateway's SQLite database,
 * once the gateway is stopped and the backup has passed every check (docs/backup.md). Each refusal has its own exit
 * code and changes nothing.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Put a backup back, the gateway stopped.",
                "The replaced database is kept beside it. Exit 2 while a gateway uses the data, 3 when the backup's "
                        + "ledger is broken, 4 when --from is missing, 5 when it is not a gateway database, 6 when "
                        + "its schema is newer."})
final class RestoreCommand implements Callable<Integer> {
    /** Exit code of a file that is not there (a missing backup, or for {@code backup} a missing database). */
    static final int MISSING = 4;
    static final int NOT_A_DATABASE = 5;
    static final int NEWER_SCHEMA = 6;
    private static final int GATEWAY_RUNNING = 2;
    private static final Map<SqliteBackup.Problem, Integer> EXIT_CODES = Map.of(
            SqliteBackup.Problem.NOT_A_DATABASE, NOT_A_DATABASE,
            SqliteBackup.Problem.NOT_THIS_SCHEMA, NOT_A_DATABASE,
            SqliteBackup.Problem.NEWER_SCHEMA, NEWER_SCHEMA,
            SqliteBackup.Problem.LEDGER_BROKEN, LedgerCommand.BROKEN);
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Option(names = "--config", description = "The gateway's own YAML config file: its store.url is replaced, and "
            + "its mqtt.dataDir tells whether an embedded-broker gateway runs.")
    Path config;

    @Option(names = "--from", required = true, description = "The backup file, as written by fablab backup.")
    Path from;

    @Override
    public Integer call() throws Exception {
        GatewayConfig settings = ConfigLoader.loadForReading(Optional.ofNullable(config), System.getenv());
        Optional<Path> database = SqliteBackup.databaseFile(settings.store().url());
        if (database.isEmpty()) {
            spec.commandLine().getErr().printf("fablab restore puts back a SQLite store only; store.url is %s.%n"
                    + "For PostgreSQL, with the gateway stopped, use pg_restore on a dump made by pg_dump -Fc, "
                    + "for example:%n  pg_restore --clean --if-exists -d '%s' FILE%n(docs/backup.md, PostgreSQL)%n",
                    settings.store().url(), settings.store().url().replaceFirst("^jdbc:", ""));
            return 1;
        }
        if (!Files.isRegularFile(from)) {
            spec.commandLine().getErr().printf("restore refused: no backup file at %s; nothing was changed%n",
                    from.toAbsolutePath());
            return MISSING;
        }
        // the lock an embedded-broker gateway holds, kept until the database is in place so that none starts meanwhile
        Optional<DataFolderLock> folder;
        try {
            folder = settings.mqtt().mode() == GatewayConfig.MqttMode.EMBEDDED
                    ? Optional.of(DataFolderLock.acquire(settings.mqtt().dataDir(), "mqtt.dataDir"))
                    : Optional.empty();
        } catch (DataFolderLock.InUse e) {
            spec.commandLine().getErr().printf("restore refused: %s; nothing was changed%n", e.getMessage());
            return GATEWAY_RUNNING;
        }
        try {
            return restore(database.get());
        } catch (SqliteBackup.Unusable e) {
            spec.commandLine().getErr().printf("restore refused: %s: %s; nothing was changed%n", from.toAbsolutePath(),
                    e.getMessage());
            return EXIT_CODES.get(e.problem());
        } finally {
            if (folder.isPresent()) {
                folder.get().close();
            }
        }
    }

    private int restore(Path database) {
        if (SqliteBackup.inUse(database)) {
            spec.commandLine().getErr().printf("restore refused: %s is open in another process (a gateway?); "
                    + "stop it first; nothing was changed%n", database);
            return GATEWAY_RUNNING;
        }
        Clock clock = Clock.systemUTC();
        SqliteBackup.Restored restored = SqliteBackup.restore(from, database, SUFFIX.format(clock.instant()), clock);
        ChainCheck.Verified ledger = (ChainCheck.Verified) restored.contents().ledger();
        spec.commandLine().getOut().printf("restored %s from %s (schema version %s)%n", database,
                from.toAbsolutePath(), restored.contents().schemaVersion());
        spec.commandLine().getOut().printf("node events: %d%nledger head: entry %d, hash %s (%d entries, verified)%n",
                restored.contents().nodeEvents(), restored.contents().ledgerHeadSequence(), ledger.headHash(),
                ledger.entries());
        restored.replaced().ifPresent(before -> spec.commandLine().getOut()
                .printf("the database it replaced is kept as %s%n", before));
        return 0;
    }
}
