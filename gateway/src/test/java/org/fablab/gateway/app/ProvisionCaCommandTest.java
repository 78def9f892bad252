package org.fablab.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import org.fablab.provision.LabCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ProvisionCaCommandTest {
    @TempDir
    Path folder;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = GatewayCli.commandLine(new GatewayCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void makesTheCaAndAServerCertificateWithPrivateKeysReadableByTheOwnerOnly() throws IOException {
        Path dir = folder.resolve("tls");

        int code = run("provision", "ca", "--out", dir.toString(), "--name", "Fablab Centre", "--host", "gw.lab.local",
                "--ip", "192.168.1.10");

        assertThat(code).as(err.toString()).isZero();
        assertThat(mode(dir.resolve("ca.key"))).isEqualTo("rw-------");
        assertThat(mode(dir.resolve("server.key"))).isEqualTo("rw-------");
        assertThat(mode(dir.resolve("ca.pem"))).isEqualTo("rw-r--r--");
        LabCertificates.Issued ca = LabCertificates.read(Files.readString(dir.resolve("ca.pem")),
                Files.readString(dir.resolve("ca.key")));
        LabCertificates.Issued server = LabCertificates.read(Files.readString(dir.resolve("server.pem")),
                Files.readString(dir.resolve("server.key")));
        assertThat(server.certificate().getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThat(Files.readString(dir.resolve("server.pem"))).as("chain: server, then CA")
                .endsWith(ca.certificatePem());
        assertThat(out.toString()).contains("CA fingerprint (SHA-256): " + ProvisionCaCommand.fingerprint(ca));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("ca.pem", "ca.key", "server.pem", "server.key");
        }
    }

    @Test
    void anExistingCaIsKeptUnlessForced() throws IOException {
        Path dir = folder.resolve("tls");
        run("provision", "ca", "--out", dir.toString(), "--name", "Lab", "--host", "gw.lab.local");
        String ca = Files.readString(dir.resolve("ca.pem"));

        int refused = run("provision", "ca", "--out", dir.toString(), "--name", "Lab", "--host", "gw.lab.local");

        assertThat(refused).isEqualTo(2);
        assertThat(err.toString()).contains("ca.pem already exists: use --server-only");
        assertThat(Files.readString(dir.resolve("ca.pem"))).isEqualTo(ca);

        assertThat(run("provision", "ca", "--out", dir.toString(), "--name", "Lab", "--host", "gw.lab.local",
                "--force")).isZero();
        assertThat(Files.readString(dir.resolve("ca.pem"))).isNotEqualTo(ca);
        assertThat(mode(dir.resolve("ca.key"))).isEqualTo("rw-------");
    }

    @Test
    void serverOnlyIssuesAnotherCertificateFromTheExistingCa() throws Exception {
        Path dir = folder.resolve("tls");
        run("provision", "ca", "--out", dir.toString(), "--name", "Lab", "--host", "gw.lab.local");
        String ca = Files.readString(dir.resolve("ca.pem"));

        int code = run("provision", "ca", "--out", dir.toString(), "--server-only", "--cert-name", "mosquitto",
                "--host", "mqtt.lab.local", "--ip", "10.0.0.2");

        assertThat(code).as(err.toString()).isZero();
        assertThat(Files.readString(dir.resolve("ca.pem"))).isEqualTo(ca);
        assertThat(mode(dir.resolve("mosquitto.key"))).isEqualTo("rw-------");
        X509Certificate cert = LabCertificates.readCertificate(Files.readString(dir.resolve("mosquitto.pem")));
        cert.verify(LabCertificates.readCertificate(ca).getPublicKey());
        assertThat(cert.getSubjectAlternativeNames()).containsExactlyInAnyOrder(List.of(2, "mqtt.lab.local"),
                List.of(7, "10.0.0.2"));
    }

    @Test
    void badInputIsAUsageErrorThatWritesNothing() throws IOException {
        Path dir = folder.resolve("tls");

        assertThat(run("provision", "ca", "--out", dir.toString(), "--name", "Lab")).isEqualTo(2);
        assertThat(err.toString()).contains("at least one host name or IP address");
        assertThat(run("provision", "ca", "--out", dir.toString(), "--name", "Lab", "--ip", "gw.lab.local"))
                .isEqualTo(2);
        assertThat(run("provision", "ca", "--out", dir.toString(), "--host", "gw.lab.local")).isEqualTo(2);
        assertThat(err.toString()).contains("--name: the lab's name is required");
        assertThat(run("provision", "ca", "--out", dir.toString(), "--server-only", "--host", "gw.lab.local"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("ca.pem does not exist: make the CA first");
        assertThat(dir).doesNotExist();
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
