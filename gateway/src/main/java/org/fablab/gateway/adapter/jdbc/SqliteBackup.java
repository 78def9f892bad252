package org.fablab.gateway.adapter.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.fablab.gateway.billing.ChainCheck;
import org.fablab.gateway.service.LedgerAudit;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Copies, checks and puts back the gateway's SQLite database file (docs/backup.md). Blocking; every method works on
 * files named by the caller and leaves no connection open.
 */
public final class SqliteBackup {
    private static final byte[] HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    /** SQLite's suffixes for the logs beside a database that hold committed changes not yet in the file. */
    private static final List<String> LOGS = List.of("-wal", "-journal");
    /** The write-ahead log's index: rebuilt from the log, stale without it. */
    private static final String SHARED_MEMORY = "-shm";

    /** What a backup holds, read from the file itself. */
    public record Contents(long bytes, String schemaVersion, long nodeEvents, long ledgerHeadSequence,
                           ChainCheck ledger) {
    }

    /** @param replaced where the database that was there before is kept, if there was one */
    public record Restored(Contents contents, Optional<Path> replaced) {
    }

    /** Why a file cannot be restored. */
    public enum Problem {
        NOT_A_DATABASE, NOT_THIS_SCHEMA, NEWER_SCHEMA, LEDGER_BROKEN
    }

    /** The file cannot be restored: nothing was changed. */
    public static final class Unusable extends RuntimeException {
        private final Problem problem;

        Unusable(Problem problem, String message) {
            super(message, null, false, false);
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    private SqliteBackup() {
    }

    /** The database file a {@code jdbc:sqlite:} URL names; empty for PostgreSQL, in-memory and URI forms. */
    public static Optional<Path> databaseFile(String url) {
        if (!url.startsWith("jdbc:sqlite:")) {
            return Optional.empty();
        }
        String file = url.substring("jdbc:sqlite:".length());
        if (file.isBlank() || file.startsWith(":memory:") || file.startsWith("file:")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(file).toAbsolutePath());
    }

    /** Whether {@code file} is {@code database} itself or one of the files SQLite keeps beside it. */
    public static boolean isPartOf(Path database, Path file) {
        Path live = database.toAbsolutePath().normalize();
        Path other = file.toAbsolutePath().normalize();
        if (other.equals(live)) {
            return true;
        }
        return Stream.concat(LOGS.stream(), Stream.of(SHARED_MEMORY)).anyMatch(s -> other.equals(companion(live, s)));
    }

    /**
     * Writes a consistent copy of {@code database} to {@code target} while the gateway may be writing to it: first to
     * a hidden temporary file beside {@code target}, readable by its owner only from its creation (it holds password
     * and credential hashes and the ledger), then renamed over {@code target} in one step.
     * <p>
     * {@code VACUUM INTO}, not the online backup API ({@code sqlite3_backup_step}, sqlite-jdbc's {@code backup to}):
     * it reads the whole database in one read transaction, so in WAL mode it copies exactly one committed state and
     * neither waits for the gateway's writes nor holds them up. The backup API copies pages in steps and starts over
     * whenever another connection writes the source between two steps, which under steady ingestion can go on for
     * ever. {@code VACUUM INTO} also accepts an existing empty file (so the permissions are set before any byte is
     * written) and writes a compact file with no log beside it. It does not flush its output, so this method does,
     * before the rename.
     *
     * @param replace whether an existing {@code target} is replaced
     * @throws FileAlreadyExistsException (unchecked as {@link UncheckedIOException}) when {@code target} exists and
     *                                    {@code replace} is false
     */
    public static Contents backUp(Path database, Path target, boolean replace, Clock clock) {
        Path out = target.toAbsolutePath();
        Path temporary = out.resolveSibling("." + out.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            if (!replace && Files.exists(out)) {
                throw new FileAlreadyExistsException(out.toString());
            }
            Files.createDirectories(out.getParent());
            Files.deleteIfExists(temporary);
            ownerOnly(temporary);
            try (Connection c = connection(database);
                 PreparedStatement vacuum = c.prepareStatement("vacuum into ?")) {
                vacuum.setString(1, temporary.toString());
                vacuum.execute();
            }
            force(temporary);
            Contents contents = contents(temporary, dataSource(temporary, true), clock);
            // rename(2): replaces an existing target in one step (allowed by the check above)
            Files.move(temporary, out, StandardCopyOption.ATOMIC_MOVE);
            force(out.getParent());
            return contents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new StoreException("backup of " + database + " failed: " + e.getMessage(), e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    /**
     * Whether another connection has {@code database} open: a gateway keeps its pool's connections open, and in WAL
     * mode each holds a shared lock on the file as long as it is open, so the exclusive lock taken here, without
     * waiting, is refused while any gateway (in any process) uses it. A database that does not exist is not in use.
     * When it is free, closing this connection folds the write-ahead log back into the file.
     */
    public static boolean inUse(Path database) {
        if (!Files.exists(database)) {
            return false;
        }
        try (Connection c = connection(database); Statement s = c.createStatement()) {
            s.execute("pragma busy_timeout = 0");
            s.execute("pragma locking_mode = exclusive");
            s.execute("begin exclusive");
            s.execute("commit");
            return false;
        } catch (SQLiteException e) {
            // the primary result code, without the extended bits (SQLITE_BUSY_SNAPSHOT and the like)
            int primary = e.getResultCode().code & 0xff;
            if (primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code) {
                return true;
            }
            throw new StoreException("cannot open " + database + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new StoreException("cannot open " + database + ": " + e.getMessage(), e);
        }
    }

    /**
     * Puts the backup {@code source} in the place of {@code database} after checking it on a private copy: a SQLite
     * file, intact, of this gateway's schema (brought to its latest migration, as the gateway would at start), with a
     * ledger that verifies. The database it replaces, if any, is kept as {@code <database>.before-restore-<suffix>};
     * the copy is renamed into place in one step. The caller makes sure no gateway uses {@code database}.
     *
     * @throws Unusable when the file fails a check; then nothing was changed
     */
    public static Restored restore(Path source, Path database, String suffix, Clock clock) {
        Path live = database.toAbsolutePath();
        Path candidate = live.resolveSibling("." + live.getFileName() + ".restore-" + suffix);
        try {
            Files.createDirectories(live.getParent());
            Files.deleteIfExists(candidate);
            ownerOnly(candidate);
            try (OutputStream out = Files.newOutputStream(candidate, StandardOpenOption.TRUNCATE_EXISTING)) {
                Files.copy(source, out);
            }
            checkStructure(candidate);
            Contents contents;
            // brought to this gateway's latest migration, as the gateway would at start, so that the ledger is read
            // as this gateway reads it
            try (Database migrated = Database.open("jdbc:sqlite:" + candidate, "", "", 1)) {
                contents = contents(candidate, migrated.dataSource(), clock);
            }
            if (contents.ledger() instanceof ChainCheck.Broken broken) {
                throw new Unusable(Problem.LEDGER_BROKEN, "the ledger in " + source + " is broken at entry "
                        + broken.sequence() + ": " + broken.why());
            }
            force(candidate);
            Optional<Path> kept = Optional.empty();
            if (Files.exists(live)) {
                for (String log : LOGS) {
                    if (Files.exists(companion(live, log))) {
                        throw new IllegalStateException(companion(live, log) + " is still there: the database was "
                                + "not closed cleanly; start and stop the gateway once, then restore");
                    }
                }
                Path before = live.resolveSibling(live.getFileName() + ".before-restore-" + suffix);
                Files.move(live, before, StandardCopyOption.ATOMIC_MOVE);
                if (Files.exists(companion(live, SHARED_MEMORY))) {
                    Files.move(companion(live, SHARED_MEMORY), companion(before, SHARED_MEMORY),
                            StandardCopyOption.ATOMIC_MOVE);
                }
                kept = Optional.of(before);
            }
            try {
                Files.move(candidate, live, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (kept.isPresent()) {
                    Files.move(kept.get(), live, StandardCopyOption.ATOMIC_MOVE);
                }
                throw e;
            }
            force(live.getParent());
            return new Restored(contents, kept);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(candidate);
            deleteQuietly(companion(candidate, SHARED_MEMORY));
            for (String log : LOGS) {
                deleteQuietly(companion(candidate, log));
            }
        }
    }

    /** What the database {@code file}, open as {@code dataSource}, holds; the ledger is verified whole. */
    private static Contents contents(Path file, DataSource dataSource, Clock clock) {
        long events;
        long head;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            events = single(s, "select count(*) from node_events");
            head = single(s, "select coalesce(max(sequence), 0) from ledger_entries");
        } catch (SQLException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String version = Database.migrations(dataSource, true).info().current().getVersion().getVersion();
        ChainCheck ledger = new LedgerAudit(new JdbcLedgerStore(dataSource, clock), new JdbcPeriodStore(dataSource))
                .verify();
        try {
            return new Contents(Files.size(file), version, events, head, ledger);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkStructure(Path file) throws IOException {
        byte[] header = new byte[HEADER.length];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(header, 0, header.length);
        }
        if (read < HEADER.length || !Arrays.equals(header, HEADER)) {
            throw new Unusable(Problem.NOT_A_DATABASE, "it is not a SQLite database");
        }
        DataSource readOnly = dataSource(file, true);
        try (Connection c = readOnly.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("pragma integrity_check")) {
                String verdict = rs.next() ? rs.getString(1) : "no answer";
                if (!"ok".equals(verdict)) {
                    throw new Unusable(Problem.NOT_A_DATABASE, "the SQLite database is damaged (" + verdict + ")");
                }
            }
            if (single(s, "select count(*) from sqlite_master where type = 'table' and name = "
                    + "'flyway_schema_history'") == 0) {
                throw new Unusable(Problem.NOT_THIS_SCHEMA, "it is a SQLite database but not a fablab gateway's "
                        + "(it has no migration history)");
            }
        } catch (SQLException e) {
            throw new Unusable(Problem.NOT_A_DATABASE, "it is not a readable SQLite database (" + e.getMessage()
                    + ")");
        }
        for (MigrationInfo applied : Database.migrations(readOnly, true).info().applied()) {
            if (applied.getState() == MigrationState.FUTURE_SUCCESS
                    || applied.getState() == MigrationState.FUTURE_FAILED) {
                throw new Unusable(Problem.NEWER_SCHEMA, "its schema is at version " + applied.getVersion()
                        + " (" + applied.getDescription() + "), newer than this gateway knows; restore it with the "
                        + "gateway version that made it");
            }
            if (applied.getState() == MigrationState.FAILED) {
                throw new Unusable(Problem.NOT_THIS_SCHEMA, "its migration to version " + applied.getVersion()
                        + " failed");
            }
        }
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection connection(Path database) throws SQLException {
        return dataSource(database, false).getConnection();
    }

    private static DataSource dataSource(Path file, boolean readOnly) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(readOnly);
        config.setBusyTimeout(10_000);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file);
        return dataSource;
    }

    private static Path companion(Path database, String suffix) {
        return database.resolveSibling(database.getFileName() + suffix);
    }

    private static void ownerOnly(Path file) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }

    /** Flushes a file or a folder's entries to the disk, so that a power cut after the rename keeps the copy. */
    private static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover hidden temporary file; the next run with the same process id replaces it
        }
    }
}
