package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcLabDirectory;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.node.app.NodeCommand;
import org.fablab.node.app.NodeConfig;
import org.fablab.node.app.NodeConfigLoader;
import org.fablab.protocol.Ed25519Keys;
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
                .containsPattern("fablab-node enroll --gateway https://gateway.my-lab.org:8443 --token [A-Za-z0-9_-]{27}");
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
    void offline_theRequestGoesToTheGateway_andTheBundleBackMakesAWorkingConfig() throws IOException {
        Path request = folder.resolve("request.json");
        Path bundle = folder.resolve("bundle.json");
        assertThat(node("enroll", "--offline-request", request.toString(), "--dir", nodeDir.toString()))
                .as(err.toString()).isZero();
        String fingerprint = out.toString().lines().filter(l -> l.startsWith("key fingerprint: ")).findFirst()
                .orElseThrow().substring("key fingerprint: ".length());

        assertThat(fablab("provision", "node", "--config", config.toString(), "--node", "laser-9", "--machine",
                "laser-1", "--request", request.toString(), "--bundle", bundle.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("node laser-9 enrolled on machine laser-1, key fingerprint " + fingerprint);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bundle))).isEqualTo("rw-------");

        assertThat(node("enroll", "--bundle", bundle.toString(), "--dir", nodeDir.toString(), "--data-dir",
                nodeDir.resolve("data").toString())).as(err.toString()).isZero();
        NodeConfig written = NodeConfigLoader.load(nodeDir.resolve("node.yaml"), Map.of());
        assertThat(written.lab()).isEqualTo("my-lab");
        assertThat(written.node()).isEqualTo("laser-9");
        assertThat(written.brokerUrl()).isEqualTo("ssl://gateway.my-lab.org:8883");
        assertThat(written.brokerUsername()).isEqualTo("laser-9");
        assertThat(written.brokerPassword()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(written.gatewayPublicKey()).isEqualTo(Ed25519Keys.encode(Ed25519Keys.publicKeyOf(
                Ed25519Keys.privateKey(GATEWAY_SEED))));
        assertThat(written.labPepper()).isEqualTo("000102030405060708090a0b0c0d0e0f");
        assertThat(nodeDir.resolve("ca.pem")).hasContent(PEM.strip());
        assertThat(Files.readString(nodeDir.resolve("node.yaml"))).contains("HARDWARE: not set yet")
                .doesNotContain(written.brokerPassword());
    }

    @Test
    void aBundleForAnotherKey_isRefused_andNothingIsWritten() throws IOException {
        Path request = folder.resolve("request.json");
        Path bundle = folder.resolve("bundle.json");
        node("enroll", "--offline-request", request.toString(), "--dir", nodeDir.toString());
        fablab("provision", "node", "--config", config.toString(), "--node", "laser-9", "--machine", "laser-1",
                "--request", request.toString(), "--bundle", bundle.toString());
        Path otherPi = folder.resolve("other-pi");
        node("enroll", "--offline-request", folder.resolve("other.json").toString(), "--dir", otherPi.toString());

        assertThat(node("enroll", "--bundle", bundle.toString(), "--dir", otherPi.toString())).isEqualTo(2);

        assertThat(err.toString()).contains("not for this node's key");
        assertThat(otherPi.resolve("node.yaml")).doesNotExist();
        assertThat(otherPi.resolve("broker.password")).doesNotExist();
    }
}
