package org.fablab.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fablab.provision.LabCertificates;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TlsConfigCheckTest {
    @TempDir
    Path folder;
    private Path ca;
    private Path cert;
    private Path key;
    private Path otherKey;

    @BeforeEach
    void certificates() throws IOException {
        LabCertificates.Issued lab = LabCertificates.newCa("Lab", Instant.now());
        LabCertificates.Issued server = LabCertificates.serverCertificate(lab, List.of("gw.lab.local"), List.of(),
                Instant.now());
        ca = Files.writeString(folder.resolve("ca.pem"), lab.certificatePem());
        cert = Files.writeString(folder.resolve("server.pem"), server.certificatePem() + lab.certificatePem());
        key = Files.writeString(folder.resolve("server.key"), server.privateKeyPem());
        otherKey = Files.writeString(folder.resolve("other.key"), lab.privateKeyPem());
    }

    private static GatewayConfig load(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of(
                "FABLAB_LAB", "my-lab",
                "FABLAB_KEYS_GATEWAY_PRIVATE_KEY", "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=",
                "FABLAB_KEYS_LAB_PEPPER", "000102030405060708090a0b0c0d0e0f"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return ConfigLoader.load(Optional.empty(), env);
    }

    @Test
    void theEmbeddedPlainListenerStaysOnLoopbackUnlessPlainOnNetworkIsSet() {
        assertThat(load("FABLAB_MQTT_EMBEDDED_HOST", "::1").mqtt().embeddedHost()).isEqualTo("::1");
        assertThat(load("FABLAB_MQTT_EMBEDDED_HOST", "localhost").mqtt().embeddedHost()).isEqualTo("localhost");
        assertThatThrownBy(() -> load("FABLAB_MQTT_EMBEDDED_HOST", "0.0.0.0"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mqtt.embeddedHost: '0.0.0.0' is not a loopback address: the embedded broker's "
                        + "plain listener may listen on 127.0.0.1, ::1 or localhost only; let nodes in through "
                        + "mqtt.embeddedTls (docs/tls.md), or set mqtt.plainOnNetwork: true on an isolated network");
        assertThat(load("FABLAB_MQTT_EMBEDDED_HOST", "0.0.0.0", "FABLAB_MQTT_PLAIN_ON_NETWORK", "true").mqtt()
                .plainOnNetwork()).isTrue();
    }

    @Test
    void anExternalPlainUrlMustBeLoopbackUnlessPlainOnNetworkIsSet() {
        assertThat(load("FABLAB_MQTT_MODE", "external", "FABLAB_MQTT_URL", "tcp://127.0.0.1:1883").mqtt().url())
                .isEqualTo("tcp://127.0.0.1:1883");
        assertThatThrownBy(() -> load("FABLAB_MQTT_MODE", "external", "FABLAB_MQTT_URL", "tcp://mqtt.lab.local:1883"))
                .hasMessageContaining("mqtt.url: plain MQTT to 'tcp://mqtt.lab.local:1883' is refused: tcp:// is for "
                        + "loopback only");
        load("FABLAB_MQTT_MODE", "external", "FABLAB_MQTT_URL", "tcp://mqtt.lab.local:1883",
                "FABLAB_MQTT_PLAIN_ON_NETWORK", "true");
        assertThat(load("FABLAB_MQTT_MODE", "external", "FABLAB_MQTT_URL", "ssl://mqtt.lab.local:8883",
                "FABLAB_MQTT_CA_FILE", ca.toString()).mqtt().caFileIfSet()).contains(ca);
    }

    @Test
    void aCaFileMustBeACertificate() throws IOException {
        Path junk = Files.writeString(folder.resolve("junk.pem"), "junk");

        assertThatThrownBy(() -> load("FABLAB_MQTT_MODE", "external", "FABLAB_MQTT_URL", "ssl://mqtt.lab.local:8883",
                "FABLAB_MQTT_CA_FILE", junk.toString()))
                .hasMessageContaining("mqtt.caFile: " + junk + " is not a PEM certificate");
        assertThat(load("FABLAB_MQTT_CA_FILE", ca.toString()).mqtt().caFileIfSet()).as("the CA nodes pin").contains(ca);
    }

    @Test
    void httpsNeedsBothFilesReadableAndMatching() {
        assertThat(load("FABLAB_HTTP_TLS_CERTIFICATE_FILE", cert.toString(), "FABLAB_HTTP_TLS_KEY_FILE", key.toString())
                .http().scheme()).isEqualTo("https");
        assertThatThrownBy(() -> load("FABLAB_HTTP_TLS_CERTIFICATE_FILE", cert.toString()))
                .hasMessageContaining("http.tls: give both http.tls.certificateFile and http.tls.keyFile, or neither");
        assertThatThrownBy(() -> load("FABLAB_HTTP_TLS_CERTIFICATE_FILE", cert.toString(),
                "FABLAB_HTTP_TLS_KEY_FILE", folder.resolve("missing.key").toString()))
                .hasMessageContaining("http.tls.keyFile: cannot read " + folder.resolve("missing.key"));
        assertThatThrownBy(() -> load("FABLAB_HTTP_TLS_CERTIFICATE_FILE", cert.toString(),
                "FABLAB_HTTP_TLS_KEY_FILE", otherKey.toString()))
                .hasMessageContaining("http.tls: " + cert + " and " + otherKey
                        + ": private key: does not belong to the certificate");
        assertThatThrownBy(() -> load("FABLAB_HTTP_TLS_CERTIFICATE_FILE", key.toString(),
                "FABLAB_HTTP_TLS_KEY_FILE", key.toString()))
                .hasMessageContaining("certificate: not a PEM 'CERTIFICATE' block");
    }

    @Test
    void gatewayCheck_exits2NamingABrokenCertificateFile() throws IOException {
        Path junk = Files.writeString(folder.resolve("junk.pem"), "junk");
        Path config = Files.writeString(folder.resolve("gateway.yaml"), String.join("\n",
                "lab: my-lab",
                "keys:",
                "  gatewayPrivateKey: AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=",
                "  labPepper: 000102030405060708090a0b0c0d0e0f",
                "http:",
                "  tls:",
                "    certificateFile: " + junk,
                "    keyFile: " + key, ""));
        StringWriter err = new StringWriter();
        CommandLine cli = GatewayCli.commandLine(new GatewayCli());
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));

        assertThat(cli.execute("gateway", "--config", config.toString(), "--check")).isEqualTo(2);
        assertThat(err.toString()).contains("http.tls: " + junk + " and " + key + ": certificate: no PEM block found");
    }

    @Test
    void theEmbeddedTlsListenerIsCheckedLikeHttps() {
        GatewayConfig config = load("FABLAB_MQTT_EMBEDDED_TLS_CERTIFICATE_FILE", cert.toString(),
                "FABLAB_MQTT_EMBEDDED_TLS_KEY_FILE", key.toString());
        assertThat(config.mqtt().embeddedTls().port()).isEqualTo(8883);
        assertThat(config.mqtt().embeddedTls().host()).isEqualTo("0.0.0.0");
        assertThatThrownBy(() -> load("FABLAB_MQTT_EMBEDDED_TLS_KEY_FILE", key.toString()))
                .hasMessageContaining("mqtt.embeddedTls: give both mqtt.embeddedTls.certificateFile and "
                        + "mqtt.embeddedTls.keyFile, or neither");
        assertThatThrownBy(() -> load("FABLAB_MQTT_EMBEDDED_TLS_CERTIFICATE_FILE", cert.toString(),
                "FABLAB_MQTT_EMBEDDED_TLS_KEY_FILE", key.toString(), "FABLAB_MQTT_EMBEDDED_TLS_PORT", "1884"))
                .hasMessageContaining("mqtt.embeddedTls.port: must differ from mqtt.embeddedPort (1884)");
    }
}
