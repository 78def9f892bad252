package org.fablab.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
