package org.fablab.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.time.Duration;
import org.fablab.gateway.adapter.crypto.Argon2idPasswords;
import org.apache.commons.csv.CSVRecord;
import org.fablab.gateway.CsvRows;
import org.fablab.gateway.adapter.jdbc.BillingFixture;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcAuditLog;
import org.fablab.gateway.adapter.jdbc.JdbcAccountStore;
import org.fablab.gateway.adapter.jdbc.JdbcFailureLog;
import org.fablab.gateway.adapter.jdbc.JdbcLedgerStore;
import org.fablab.gateway.adapter.jdbc.JdbcLabDirectory;
import org.fablab.gateway.billing.LedgerDraft;
import org.fablab.gateway.billing.LedgerKind;
import org.fablab.gateway.domain.AuditAction;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.MemberRecord;
import org.fablab.gateway.domain.auth.LoginThrottle;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.port.AuditLog;
import org.fablab.gateway.service.AttemptThrottle;
import org.fablab.gateway.service.AuthService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class GatewayCliTest {
    @TempDir
    Path folder;
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = GatewayCli.commandLine(new GatewayCli());
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    /**
     * What an auditor or a treasurer is handed for the reading words: the store and nothing else, neither the
     * gateway's signing key nor the lab pepper.
     */
    private Path storeOnlyConfig(Path database) throws IOException {
        Path config = folder.resolve("reader.yaml");
        Files.writeString(config, "store:\n  url: jdbc:sqlite:%s\n".formatted(database));
        return config;
    }

    /** A valid gateway config whose store is the SQLite file {@code database}. */
    private Path configWithDatabase(Path database) throws IOException {
        Path config = folder.resolve("gateway.yaml");
        Files.writeString(config, """
                lab: my-lab
                store:
                  url: jdbc:sqlite:%s
                keys:
                  gatewayPrivateKey: AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=
                  labPepper: 000102030405060708090a0b0c0d0e0f
                """.formatted(database));
        return config;
    }

    @Test
    void theGatewayJar_hasTheServerSideWords_only() {
        assertThat(GatewayCli.commandLine(new GatewayCli()).getSubcommands().keySet())
                .containsExactly("gateway", "admin", "ledger", "export", "provision", "backup", "restore", "report");
    }

    @Test
    void gatewayCheck_badConfig_exits2NamingEveryBadField() throws IOException {
        Path config = folder.resolve("gateway.yaml");
        Files.writeString(config, "lab: Bad Lab\nhttp:\n  port: 99999\n");

        int exit = run("gateway", "--check", "--config", config.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("lab:").contains("http.port:").contains("keys.gatewayPrivateKey:");
    }

    @Test
    void gatewayCheck_missingFile_exits2() {
        int exit = run("gateway", "--check", "--config", folder.resolve("absent.yaml").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("does not exist");
    }

    @Test
    void gatewayCheck_validConfig_exits0() throws IOException {
        Path config = folder.resolve("gateway.yaml");
        Files.writeString(config, """
                lab: my-lab
                keys:
                  gatewayPrivateKey: AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=
                  labPepper: 000102030405060708090a0b0c0d0e0f
                """);

        assertThat(run("gateway", "--check", "--config", config.toString())).isZero();
    }

    @Test
    void adminCreate_storesAnAccountThatCanLogIn_andRefusesAShortPasswordWith2() throws IOException {
        Path config = configWithDatabase(folder.resolve("fablab.db"));

        assertThat(run("admin", "create", "--config", config.toString(), "--username", "root",
                "--password", "short")).isEqualTo(2);
        assertThat(err.toString()).contains("at least 10 characters");
        assertThat(run("admin", "create", "--config", config.toString(), "--username", "root",
                "--password", "a long admin secret")).isZero();
        assertThat(run("admin", "create", "--config", config.toString(), "--username", "root",
                "--password", "another long secret")).isEqualTo(1);
        assertThat(err.toString()).contains("root is taken");

        try (Database database = Database.open("jdbc:sqlite:" + folder.resolve("fablab.db"), "", "", 1)) {
            AuthService auth = new AuthService(new JdbcAccountStore(database.dataSource()), new Argon2idPasswords(),
                    new AttemptThrottle(new JdbcFailureLog(database.dataSource()), "login",
                            new LoginThrottle(5, 5, Duration.ofMinutes(1)), Clock.systemUTC()), Clock.systemUTC());
            assertThat(auth.login("root", "a long admin secret", "cli"))
                    .isInstanceOfSatisfying(AuthService.LoginResult.Success.class,
                            success -> assertThat(success.principal().role()).isEqualTo(Role.ADMIN));
        }
    }

    @Test
    void ledgerVerify_exits0OnAnIntactChain_and3NamingTheFirstEntryChangedBehindItsBack() throws Exception {
        Path config = storeOnlyConfig(folder.resolve("ledger.db"));
        try (Database database = Database.open("jdbc:sqlite:" + folder.resolve("ledger.db"), "", "", 1)) {
            new JdbcLabDirectory(database.dataSource(), Clock.systemUTC())
                    .upsert(new MemberRecord("m-alice", "Alice Martin", true));
            JdbcLedgerStore ledger = new JdbcLedgerStore(database.dataSource(), Clock.systemUTC());
            for (String session : List.of("s-1", "s-2", "s-3")) {
                ledger.writeEntry(new LedgerDraft(LocalDate.parse("2026-11-23"), "m-alice", LedgerKind.CHARGE, 900,
                        "EUR", "session:" + session, "laser", 2000), AuditEntry.of(Instant.parse("2026-11-23T18:00:00Z"),
                        "treasurer", AuditAction.LEDGER_PAYMENT, "member", "m-alice"));
            }
        }
        assertThat(run("ledger", "verify", "--config", config.toString())).isZero();

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("ledger.db"));
             Statement s = c.createStatement()) {
            s.execute("drop trigger ledger_entries_no_update");
            s.executeUpdate("update ledger_entries set amount_cents = 90 where sequence = 2");
        }

        assertThat(run("ledger", "verify", "--config", config.toString())).isEqualTo(3);
        assertThat(err.toString()).contains("ledger broken at entry 2");
    }

    @Test
    void exportCharges_writesTheFileOrStandardOutput_andAuditsTheLedgerHead() throws Exception {
        Path config = storeOnlyConfig(folder.resolve("billing.db"));
        try (Database database = Database.open("jdbc:sqlite:" + folder.resolve("billing.db"), "", "", 1)) {
            BillingFixture.seed(database.dataSource());
        }
        Path file = folder.resolve("charges.csv");

        assertThat(run("export", "charges", "--config", config.toString(), "--from", "2026-11-01", "--to", "2026-11-30",
                "--layout", "french", "--out", file.toString())).isZero();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = run("export", "members", "--config", config.toString(), "--from", "2026-11-01", "--to", "2026-11-30");
        } finally {
            System.setOut(original);
        }

        assertThat(exit).isZero();
        String french = Files.readString(file);
        assertThat(french).as("the French layout's byte order mark").startsWith("\uFEFF");
        List<CSVRecord> charges = CsvRows.parse(french.substring(1), ';');
        assertThat(charges).hasSize(5);
        assertThat(charges.get(0).get("Adhérent")).isEqualTo("'" + BillingFixture.HOSTILE);
        assertThat(charges.get(4).get("Montant TTC")).isEqualTo("-25,00");
        assertThat(charges.get(4).get("Montant HT")).isEqualTo("-20,83");
        assertThat(charges.get(4).get("TVA")).isEqualTo("-4,17");
        List<CSVRecord> members = CsvRows.parse(stdout.toString(StandardCharsets.UTF_8), ',');
        assertThat(members).extracting(r -> r.get("balance")).containsExactly("-6.00", "0.85", "0.00");
        assertThat(err.toString()).contains("charges.csv: 5 rows, ledger head " + BillingFixture.LAST_SEQUENCE);
        try (Database database = Database.open("jdbc:sqlite:" + folder.resolve("billing.db"), "", "", 1)) {
            List<AuditEntry> audit = new JdbcAuditLog(database.dataSource()).entries(new AuditLog.Filter(
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()), 0, 20).entries().stream().map(AuditLog.Line::entry)
                    .filter(entry -> !entry.actor().equals("fixture")).toList();
            assertThat(audit).extracting(AuditEntry::subjectId).containsExactly("members.csv", "charges.csv");
            assertThat(audit.get(1).params()).containsEntry("layout", "french");
            assertThat(audit).allSatisfy(entry -> {
                assertThat(entry.action()).isEqualTo("billing.exported");
                assertThat(entry.actor()).startsWith("cli:");
                assertThat(entry.params()).containsEntry("ledgerHead", Long.toString(BillingFixture.LAST_SEQUENCE));
            });
        }
    }

    @Test
    void exportCharges_inWindows1252_hasTheFrenchHeadersInThatCodePage_andNoByteOrderMark() throws Exception {
        Path config = storeOnlyConfig(folder.resolve("billing.db"));
        try (Database database = Database.open("jdbc:sqlite:" + folder.resolve("billing.db"), "", "", 1)) {
            BillingFixture.seed(database.dataSource());
        }
        Path file = folder.resolve("charges.csv");

        assertThat(run("export", "charges", "--config", config.toString(), "--from", "2026-11-01", "--to", "2026-11-30",
                "--layout", "french", "--encoding", "windows-1252", "--out", file.toString())).isZero();

        String text = Files.readString(file, Charset.forName("windows-1252"));
        assertThat(text).startsWith("Date;Adhérent;N° adhérent;");
        assertThat(CsvRows.parse(text, ';').get(1).get("Adhérent")).isEqualTo(BillingFixture.ZOE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "charges --from 2026-11-01 --to 2026-11-30 --encoding latin-42 | encoding must be one of utf-8, utf-8-bom, windows-1252",
            "invoices --from 2026-11-01 --to 2026-11-30                 | kind must be one of charges, consumables, journal, members",
            "charges --from 2026-13-01 --to 2026-11-30                  | from must look like 2026-11-30",
            "charges --from 2026-11-30 --to 2026-11-01                  | must not be before from",
            "charges --from 2026-11-01 --to 2026-11-30 --layout excel   | layout must be one of standard, french",
            "charges --from 2026-11-01 --to 2026-11-30 --date-format '=1+1' | date format must start with y, M or d",
            "charges --to 2026-11-30                                    | --from"})
    void exportWithBadArguments_exits2Saying(String arguments, String message) throws IOException {
        Path config = configWithDatabase(folder.resolve("empty.db"));
        List<String> args = new ArrayList<>(List.of("export", "--config", config.toString()));
        args.addAll(List.of(arguments.split(" ")));

        assertThat(run(args.toArray(String[]::new))).isEqualTo(2);
        assertThat(err.toString()).contains(message);
        assertThat(folder.resolve("empty.db")).doesNotExist();
    }
}
