package org.fablab.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ProvisionBridgeCommandTest {
    private static final String PASSWORD = "bridge-password-0123456789abcdefghijklmnopq";

    @TempDir
    Path folder;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path passwordFile;

    @BeforeEach
    void aPasswordFileFromThePartner() throws Exception {
        passwordFile = Files.writeString(folder.resolve("bridge.secret"), PASSWORD + "\n");
    }

    private int run(String... args) {
        CommandLine cli = GatewayCli.commandLine(new GatewayCli());
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(out, true));
        return cli.execute(args);
    }

    private int bridge(Path conf, String... more) {
        String[] common = {"provision", "bridge", "--lab", "lab-a", "--partner", "lab-b", "--cafile",
                "/etc/fablab/partners/lab-b-ca.pem", "--password-file", passwordFile.toString(), "--out",
                conf.toString()};
        String[] args = new String[common.length + more.length];
        System.arraycopy(common, 0, args, 0, common.length);
        System.arraycopy(more, 0, args, common.length, more.length);
        return run(args);
    }

    @Test
    void writesTheBridgeSection_readableByOwnerAndGroupOnly_withoutShowingThePassword() throws Exception {
        Path conf = folder.resolve("fablab-bridge-lab-b.conf");
        int code = bridge(conf, "--address", "broker.lab-b.example.org:8883");

        assertThat(code).as(err.toString()).isZero();
        assertThat(Files.readAllLines(conf)).contains("connection fablab-network-lab-b",
                "address broker.lab-b.example.org:8883", "bridge_cafile /etc/fablab/partners/lab-b-ca.pem",
                "remote_username fablab-bridge.lab-a.lab-b", "remote_clientid fablab-bridge.lab-a.lab-b",
                "remote_password " + PASSWORD, "cleansession false", "restart_timeout 5 120",
                "topic fablab/v1/network/lab-a/lab-b/# out 1", "topic fablab/v1/network/lab-b/lab-a/# in 1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(conf))).isEqualTo("rw-r-----");
        assertThat(out.toString()).contains("wrote " + conf, "fablab/v1/network/lab-a/lab-b/#",
                "restart Mosquitto").doesNotContain(PASSWORD);
    }

    @Test
    void anotherUser_aClientCertificate_andFasterReconnections_areTheInstallersChoice() throws Exception {
        Path conf = folder.resolve("bridge.conf");
        int code = bridge(conf, "--address", "10.0.0.7:18883", "--username", "guest-lab-a", "--certfile", "c.pem",
                "--keyfile", "c.key", "--restart-timeout", "1", "--restart-timeout-max", "10");

        assertThat(code).as(err.toString()).isZero();
        assertThat(Files.readAllLines(conf)).contains("address 10.0.0.7:18883", "remote_username guest-lab-a",
                "bridge_certfile " + Path.of("c.pem").toAbsolutePath(),
                "restart_timeout 1 10");
    }

    @Test
    void anAddressWithoutPort_aCertificateWithoutKey_orNoPasswordFile_isRefused_andNothingIsWritten() {
        Path conf = folder.resolve("bridge.conf");

        assertThat(bridge(conf, "--address", "broker.lab-b.example.org")).isNotZero();
        assertThat(err.toString()).contains("--address: 'broker.lab-b.example.org' is not HOST:PORT");
        assertThat(bridge(conf, "--address", "h:8883", "--certfile", "c.pem")).isNotZero();
        assertThat(err.toString()).contains("--certfile and --keyfile go together");
        passwordFile = folder.resolve("missing.secret");
        assertThat(bridge(conf, "--address", "h:8883")).isNotZero();
        assertThat(err.toString()).contains("--password-file: cannot read");
        assertThat(conf).doesNotExist();
    }

    @Test
    void bridgeUser_refusesToReplaceAPasswordFile() throws Exception {
        Path secret = Files.writeString(folder.resolve("lab-b.secret"), "an older password\n");
        int code = run("provision", "bridge-user", "--lab", "lab-a", "--partner", "lab-b", "--url",
                "tcp://127.0.0.1:1", "--admin-password-file", passwordFile.toString(), "--password-out",
                secret.toString());

        assertThat(code).isNotZero();
        assertThat(err.toString()).contains(secret + " exists already");
        assertThat(Files.readString(secret)).isEqualTo("an older password\n");
    }

    @Test
    void bridgeUser_whenTheBrokerIsAway_failsWithTheReason_andLeavesNoPasswordBehind() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path secret = folder.resolve("lab-b.secret");
        int code = run("provision", "bridge-user", "--lab", "lab-a", "--partner", "lab-b", "--url",
                "tcp://127.0.0.1:" + port, "--admin-password-file", passwordFile.toString(), "--password-out",
                secret.toString());

        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("cannot administer the broker's users");
        assertThat(secret).doesNotExist();
    }
}
