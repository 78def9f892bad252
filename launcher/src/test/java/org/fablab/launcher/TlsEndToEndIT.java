package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.fablab.node.app.MachineNode;
import org.fablab.node.app.NodeConfig;
import org.fablab.node.app.NodeHardware;
import org.fablab.protocol.BrokerTransport;
import org.fablab.protocol.MachineState;
import org.fablab.provision.LabCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS from end to end with certificates made as {@code fablab provision ca} makes them: a node pinned to the lab CA
 * badges through the embedded broker's TLS listener and through a Mosquitto started here with a TLS listener (the
 * gateway's own client pinned too), clients pinned to another CA or reaching the broker by a name its certificate
 * does not hold are refused, and the gateway's HTTPS answers only a client that trusts the lab CA.
 */
class TlsEndToEndIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;
    @TempDir
    Path tls;
    private Path caFile;
    private Path otherCaFile;
    private final Map<String, String> serverFiles = new HashMap<>();
    private Demo demo;
    private String lab;
    private MachineNode pinned;
    private Process mosquitto;

    @BeforeEach
    void makeCertificates() throws IOException {
        Instant now = Instant.now();
        LabCertificates.Issued ca = LabCertificates.newCa("TLS test lab", now);
        // localhost only, no IP address: a client reaching it as 127.0.0.1 must fail the host name check
        LabCertificates.Issued server = LabCertificates.serverCertificate(ca, List.of("localhost"), List.of(), now);
        caFile = Files.writeString(tls.resolve("ca.pem"), ca.certificatePem());
        otherCaFile = Files.writeString(tls.resolve("other-ca.pem"), LabCertificates.newCa("Other lab", now)
                .certificatePem());
        serverFiles.put("cert", Files.writeString(tls.resolve("server.pem"), server.certificatePem()
                + ca.certificatePem()).toString());
        serverFiles.put("key", Files.writeString(tls.resolve("server.key"), server.privateKeyPem()).toString());
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (pinned != null) {
            pinned.close();
        }
        if (demo != null) {
            demo.close();
        }
        if (mosquitto != null) {
            mosquitto.destroy();
            mosquitto.waitFor();
        }
    }

    @Test
    void embeddedBroker_aPinnedNodeBadgesOverTls_otherTrustIsRefused_andHttpsTrustsTheLabCaOnly() throws Exception {
        int tlsPort = EmbeddedBrokerEndToEndIT.freePort();
        Map<String, String> env = new HashMap<>();
        env.put("FABLAB_MQTT_EMBEDDED_PORT", Integer.toString(EmbeddedBrokerEndToEndIT.freePort()));
        env.put("FABLAB_MQTT_EMBEDDED_TLS_HOST", "127.0.0.1");
        env.put("FABLAB_MQTT_EMBEDDED_TLS_PORT", Integer.toString(tlsPort));
        env.put("FABLAB_MQTT_EMBEDDED_TLS_CERTIFICATE_FILE", serverFiles.get("cert"));
        env.put("FABLAB_MQTT_EMBEDDED_TLS_KEY_FILE", serverFiles.get("key"));
        env.put("FABLAB_HTTP_TLS_CERTIFICATE_FILE", serverFiles.get("cert"));
        env.put("FABLAB_HTTP_TLS_KEY_FILE", serverFiles.get("key"));
        demo = start(env);

        badgeThroughPinnedNode("ssl://localhost:" + tlsPort);

        assertRefused("ssl://localhost:" + tlsPort, otherCaFile);
        assertRefused("ssl://127.0.0.1:" + tlsPort, caFile);
        URI health = URI.create("https://localhost:" + demo.gateway().httpPort() + "/health");
        HttpClient trusting = HttpClient.newBuilder().sslContext(BrokerTransport.trustingOnly(caFile)).build();
        HttpResponse<String> answer = trusting.send(HttpRequest.newBuilder(health).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(health).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void mosquittoWithTls_theGatewayAndAPinnedNodeTalkThroughIt() throws Exception {
        int port = EmbeddedBrokerEndToEndIT.freePort();
        Path conf = Files.writeString(tls.resolve("mosquitto.conf"), String.join("\n",
                "persistence false",
                "log_dest file " + tls.resolve("mosquitto.log"),
                // the test runs as root and its key files are 0600: without this Mosquitto would drop to its own
                // user before reading them
                "user root",
                "listener " + port + " 127.0.0.1",
                "certfile " + serverFiles.get("cert"),
                "keyfile " + serverFiles.get("key"),
                "allow_anonymous true", ""));
        mosquitto = new ProcessBuilder("/usr/sbin/mosquitto", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return mosquitto.isAlive();
            }
        });
        String url = "ssl://localhost:" + port;
        demo = start(Map.of("FABLAB_MQTT_MODE", "external", "FABLAB_MQTT_URL", url,
                "FABLAB_MQTT_CA_FILE", caFile.toString()));

        badgeThroughPinnedNode(url);

        assertRefused(url, otherCaFile);
        assertThat(Files.readString(tls.resolve("mosquitto.log"))).contains("as printer-2");
    }

    private Demo start(Map<String, String> broker) {
        lab = TestLabs.labId("tls");
        Map<String, String> env = new HashMap<>(broker);
        env.put("FABLAB_LAB", lab);
        env.put("FABLAB_HTTP_PORT", "0");
        env.put("FABLAB_MQTT_CLIENT_ID", "gw-" + lab);
        return Demo.start(dataDir, env, TestLabs.FAST, Clock.systemUTC());
    }

    /**
     * Replaces the demo's printer-2 by a node pinned to the lab CA on {@code url}, logging in with a broker password
     * granted here (the embedded broker refuses anonymous clients; the test's Mosquitto lets any client in): it
     * receives its signed ACL from the gateway and a trained member's badge opens a session the gateway stores.
     */
    private void badgeThroughPinnedNode(String url) {
        demo.node("printer-2").close();
        DemoKeys keys = DemoKeys.loadOrCreate(dataDir.resolve("demo-keys.json"), DemoLab.nodeIds());
        String brokerPassword = UUID.randomUUID().toString();
        demo.gateway().brokerAccounts().grantNode("printer-2", brokerPassword.toCharArray());
        NodeHardware hardware = NodeHardware.simulated();
        NodeConfig config = NodeConfig.of(lab, "printer-2", url,
                keys.nodes().get("printer-2").privateKey(), keys.gatewayPublicKey(), keys.labPepper(),
                dataDir.resolve("pinned-node")).withBroker(url, "printer-2", brokerPassword).withBrokerCa(url, caFile);
        pinned = MachineNode.start(config, hardware, Clock.systemUTC());

        await().atMost(WAIT).until(() -> pinned.isConnected() && pinned.aclIssuedAt().isPresent());
        DemoLab.Member david = TestLabs.member("m-david");
        hardware.simulatedReader().present(david.badgeType(), david.badgeUid());
        await().atMost(WAIT).until(() -> pinned.state() == MachineState.ACTIVE);
        await().atMost(WAIT).until(() -> !demo.gateway().store()
                .sessions(Optional.of("printer-2"), Optional.empty(), 5).isEmpty());
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static void assertRefused(String url, Path trusted) throws MqttException {
        MqttClient client = new MqttClient(url, "tls-probe", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(BrokerTransport.trusting(trusted));
        options.setHttpsHostnameVerificationEnabled(true);
        options.setConnectionTimeout(5);
        try {
            assertThatThrownBy(() -> client.connect(options)).isInstanceOf(MqttException.class)
                    .satisfies(e -> assertThat(causes(e)).hasAtLeastOneElementOfType(SSLHandshakeException.class));
        } finally {
            client.close();
        }
    }
}
