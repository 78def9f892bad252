package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcLabDirectory;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.node.app.NodeCommand;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code fablab provision node} on the gateway's database, online (a token and the command to run on the Pi) and
 * offline (the Pi's request file in, a bundle out, installed by {@code fablab-node enroll --bundle}).
 */
class ProvisionNodeTest {
    private static final String GATEWAY_SEED = "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=";
    private static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----\n";

    @TempDir
    Path folder;
    private Path config;
    private Path nodeDir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void lab() throws IOException {
        Path database = folder.resolve("gateway.db");
        Files.writeString(folder.resolve("lab-ca.pem"), PEM);
        config = folder.resolve("gateway.yaml");
        Files.writeString(config, """
                lab: my-lab
                store:
                  url: jdbc:sqlite:%s
                keys:
                  gatewayPrivateKey: %s
                  labPepper: 000102030405060708090a0b0c0d0e0f
                enrollment:
                  brokerUrl: ssl://gateway.my-lab.org:8883
                  gatewayUrl: https://gateway.my-lab.org:8443
                  caCertificateFile: %s
                """.formatted(database, GATEWAY_SEED, folder.resolve("lab-ca.pem")));
        try (Database db = Database.open("jdbc:sqlite:" + database, "", "", 1)) {
            new JdbcLabDirectory(db.dataSource(), Clock.systemUTC()).upsert(new MachineRecord("laser-1", "Laser",
                    "laser-cutter"));
        }
        nodeDir = folder.resolve("pi");
    }

    private int fablab(String... args) {
        CommandLine cli = FablabCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private int node(String... args) {
        CommandLine cli = new CommandLine(new NodeCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void provisionNode_printsTheTokenAndTheCommandForThePi() {
        int code = fablab("provision", "node", "--config", config.toString(), "--node", "laser-9", "--machine",
                "laser-1", "--ttl", "2h");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("enrollment of node laser-9 on machine laser-1, single use, valid until")
                .containsPattern("token: [A-Za-z0-9_-]{27}")
                .containsPattern("sudo fablab-node enroll --gateway https://gateway.my-lab.org:8443 --token [A-Za-z0-9_-]{27} --hardware FILE");
    }

    @Test
    void provisionNode_refusesAnUnknownMachineOrABadTtl_withExit2() {
        assertThat(fablab("provision", "node", "--config", config.toString(), "--node", "laser-9", "--machine",
                "nowhere")).isEqualTo(2);
        assertThat(err.toString()).contains("no machine nowhere");
        assertThat(fablab("provision", "node", "--config", config.toString(), "--node", "laser-9", "--machine",
                "laser-1", "--ttl", "3d")).isEqualTo(2);
        assertThat(err.toString()).contains("--ttl '3d' must be from 1m to 24h");
    }

    @Test
    void offline_withoutARunningGateway_failsNamingIt_andWritesNoBundle() {
        Path request = folder.resolve("request.json");
        Path bundle = folder.resolve("bundle.json");
        assertThat(node("enroll", "--offline-request", request.toString(), "--dir", nodeDir.toString()))
                .as(err.toString()).isZero();

        assertThat(fablab("provision", "node", "--config", config.toString(), "--node", "laser-9", "--machine",
                "laser-1", "--request", request.toString(), "--bundle", bundle.toString(), "--via",
                "http://127.0.0.1:1")).isEqualTo(1);

        assertThat(err.toString()).contains("the gateway at http://127.0.0.1:1 redeems the token and did not answer")
                .contains("start it, or name it with --via");
        assertThat(bundle).doesNotExist();
    }
}
