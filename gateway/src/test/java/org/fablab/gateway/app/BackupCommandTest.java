package org.fablab.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.stream.Stream;
import org.fablab.gateway.adapter.jdbc.BillingFixture;
import org.fablab.gateway.adapter.jdbc.Database;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code backup} and {@code restore} words on real SQLite files (docs/backup.md). */
class BackupCommandTest {
    @TempDir
    Path folder;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path live;
    private Path config;

    @BeforeEach
    void aGatewayDatabaseWithALedger() throws IOException {
        live = folder.resolve("data").resolve("fablab.db");
        try (Database database = Database.open("jdbc:sqlite:" + live, "", "", 1)) {
            BillingFixture.seed(database.dataSource());
        }
        Files.createDirectories(live.resolveSibling("broker"));
        config = configFor(live, "live.yaml");
    }

    private Path configFor(Path database, String name) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, """
                store:
                  url: jdbc:sqlite:%s
                mqtt:
                  dataDir: %s
                """.formatted(database, database.resolveSibling("broker")));
        return file;
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = GatewayCli.commandLine(new GatewayCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private void sql(Path database, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private Path backup() throws IOException {
        Path file = folder.resolve("backups").resolve("fablab.backup");
        assertThat(run("backup", "--config", config.toString(), "--out", file.toString())).as(err.toString()).isZero();
        return file;
    }

    private String[] filesBeside(Path database) throws IOException {
        try (Stream<Path> files = Files.list(database.getParent())) {
            return files.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void backup_writesAnOwnerOnlyCopy_andPrintsItsSizeLedgerHeadAndEvents() throws Exception {
        Path file = backup();

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(out.toString()).contains("backup written: " + file + " (" + Files.size(file) + " bytes")
                .containsPattern("ledger head: entry [1-9][0-9]*, hash [0-9a-f]{64} \\([0-9]+ entries, verified\\)")
                .contains("node events: 0");
        assertThat(run("ledger", "verify", "--config", configFor(file, "copy.yaml").toString())).isZero();
        assertThat(filesBeside(file)).containsExactly("fablab.backup");
    }

    @Test
    void backup_refusesToReplaceAFile_unlessForced() throws Exception {
        Path file = folder.resolve("fablab.backup");
        Files.writeString(file, "keep me");

        assertThat(run("backup", "--config", config.toString(), "--out", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("exists; give --force to replace it");
        assertThat(Files.readString(file)).isEqualTo("keep me");

        assertThat(run("backup", "--config", config.toString(), "--out", file.toString(), "--force")).isZero();
        assertThat(Files.readAllBytes(file)).startsWith("SQLite format 3".getBytes());
    }

    @Test
    void backup_ontoTheDatabaseItself_isRefused() throws Exception {
        byte[] before = Files.readAllBytes(live);

        assertThat(run("backup", "--config", config.toString(), "--out", live.toString(), "--force")).isEqualTo(2);
        assertThat(run("backup", "--config", config.toString(), "--out", live + "-wal", "--force")).isEqualTo(2);
        assertThat(err.toString()).contains("would replace the database itself");
        assertThat(Files.readAllBytes(live)).isEqualTo(before);
    }

    @Test
    void backup_withNoDatabase_exits4_andWritesNothing() throws Exception {
        Path file = folder.resolve("fablab.backup");

        assertThat(run("backup", "--config", configFor(folder.resolve("none.db"), "none.yaml").toString(), "--out",
                file.toString())).isEqualTo(4);
        assertThat(err.toString()).contains("no database at");
        assertThat(file).doesNotExist();
        assertThat(folder.resolve("none.db")).doesNotExist();
    }

    @Test
    void backup_ofAPostgresStore_namesPgDumpAndWritesNothing() throws Exception {
        Path pg = folder.resolve("pg.yaml");
        Files.writeString(pg, "store:\n  url: jdbc:postgresql://db.example/fablab\n");
        Path file = folder.resolve("fablab.backup");

        assertThat(run("backup", "--config", pg.toString(), "--out", file.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("pg_dump -Fc -f " + file + " 'postgresql://db.example/fablab'");
        assertThat(file).doesNotExist();
    }

    @Test
    void restore_intoAnEmptyFolder_givesADatabaseWhoseLedgerVerifies() throws Exception {
        Path file = backup();
        Path fresh = folder.resolve("fresh").resolve("fablab.db");
        Path freshConfig = configFor(fresh, "fresh.yaml");

        assertThat(run("restore", "--config", freshConfig.toString(), "--from", file.toString()))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("restored " + fresh).contains("verified");
        assertThat(run("ledger", "verify", "--config", freshConfig.toString())).isZero();
        assertThat(filesBeside(fresh)).containsExactly("broker", "fablab.db");
    }

    @Test
    void restore_overALiveDatabase_keepsTheReplacedOneBesideIt() throws Exception {
        Path file = backup();
        sql(live, "insert into members (id, display_name, active) values ('m-late', 'After the backup', true)");

        assertThat(run("restore", "--config", config.toString(), "--from", file.toString())).as(err.toString())
                .isZero();

        String[] names = filesBeside(live);
        assertThat(names).hasSize(3).contains("fablab.db", "broker")
                .anySatisfy(n -> assertThat(n).matches("fablab\\.db\\.before-restore-\\d{8}T\\d{6}Z"));
        assertThat(out.toString()).contains("the database it replaced is kept as");
        assertThat(run("ledger", "verify", "--config", config.toString())).isZero();
    }

    @Test
    void restore_ofAMissingFile_exits4() throws Exception {
        assertThat(run("restore", "--config", config.toString(), "--from", folder.resolve("nope").toString()))
                .isEqualTo(4);
        assertThat(err.toString()).contains("no backup file at");
    }

    @Test
    void restore_ofATruncatedBackup_exits5_andChangesNothing() throws Exception {
        Path file = backup();
        Path truncated = folder.resolve("truncated.backup");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        byte[] before = Files.readAllBytes(live);
        String[] beside = filesBeside(live);

        assertThat(run("restore", "--config", config.toString(), "--from", truncated.toString())).isEqualTo(5);

        assertThat(err.toString()).contains("restore refused").contains("nothing was changed");
        assertThat(Files.readAllBytes(live)).isEqualTo(before);
        assertThat(filesBeside(live)).containsExactly(beside);
    }

    @Test
    void restore_ofAFileThatIsNoDatabase_exits5() throws Exception {
        Path text = folder.resolve("notes.txt");
        Files.writeString(text, "not a database at all");

        assertThat(run("restore", "--config", config.toString(), "--from", text.toString())).isEqualTo(5);
        assertThat(err.toString()).contains("it is not a SQLite database");
    }

    @Test
    void restore_ofAnotherApplicationsSqliteFile_exits5() throws Exception {
        Path other = folder.resolve("other.db");
        sql(other, "create table things (id integer)");

        assertThat(run("restore", "--config", config.toString(), "--from", other.toString())).isEqualTo(5);
        assertThat(err.toString()).contains("not a fablab gateway's");
    }

    @Test
    void restore_ofANewerSchema_exits6() throws Exception {
        Path file = backup();
        sql(file, "insert into flyway_schema_history (installed_rank, version, description, type, script, checksum,"
                + " installed_by, execution_time, success) values (999, '999', 'from the future', 'SQL',"
                + " 'V999__from_the_future.sql', 0, 'test', 0, 1)");

        assertThat(run("restore", "--config", config.toString(), "--from", file.toString())).isEqualTo(6);
        assertThat(err.toString()).contains("version 999").contains("newer than this gateway knows");
    }

    @Test
    void restore_ofABrokenLedger_exits3() throws Exception {
        Path file = backup();
        sql(file, "drop trigger ledger_entries_no_update", "update ledger_entries set amount_cents = 1 where sequence = 2");
        byte[] before = Files.readAllBytes(live);

        assertThat(run("restore", "--config", config.toString(), "--from", file.toString())).isEqualTo(3);
        assertThat(err.toString()).contains("broken at entry 2");
        assertThat(Files.readAllBytes(live)).isEqualTo(before);
    }

    @Test
    void restore_whileTheDatabaseIsOpen_exits2() throws Exception {
        Path file = backup();
        byte[] before = Files.readAllBytes(live);
        Database gateway = Database.open("jdbc:sqlite:" + live, "", "", 2);
        try {
            assertThat(run("restore", "--config", config.toString(), "--from", file.toString())).isEqualTo(2);
        } finally {
            gateway.close();
        }
        assertThat(err.toString()).contains("is open in another process");
        assertThat(Files.readAllBytes(live)).isEqualTo(before);
    }

    @Test
    void restore_whileAnEmbeddedBrokerGatewayHoldsTheDataFolder_exits2() throws Exception {
        Path file = backup();
        DataFolderLock gateway = DataFolderLock.acquire(live.resolveSibling("broker"), "mqtt.dataDir");
        try {
            assertThat(run("restore", "--config", config.toString(), "--from", file.toString())).isEqualTo(2);
        } finally {
            gateway.close();
        }
        assertThat(err.toString()).contains("restore refused").contains("in use by another gateway");
    }
}
