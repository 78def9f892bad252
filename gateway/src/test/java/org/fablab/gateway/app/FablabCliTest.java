package org.fablab.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.fablab.gateway.adapter.crypto.Argon2idPasswords;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcAccountStore;
import org.fablab.gateway.domain.auth.LoginThrottle;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.service.AuthService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FablabCliTest {
    @TempDir
    Path folder;
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = FablabCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
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
        Path config = folder.resolve("gateway.yaml");
        Files.writeString(config, """
                lab: my-lab
                store:
                  url: jdbc:sqlite:%s
                keys:
                  gatewayPrivateKey: AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=
                  labPepper: 000102030405060708090a0b0c0d0e0f
                """.formatted(folder.resolve("fablab.db")));

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
                    new LoginThrottle(Clock.systemUTC(), 5, 5, Duration.ofMinutes(1)), Clock.systemUTC());
            assertThat(auth.login("root", "a long admin secret", "cli"))
                    .isInstanceOfSatisfying(AuthService.LoginResult.Success.class,
                            success -> assertThat(success.principal().role()).isEqualTo(Role.ADMIN));
        }
    }
}
