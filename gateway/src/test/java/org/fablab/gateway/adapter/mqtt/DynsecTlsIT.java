package org.fablab.gateway.adapter.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.fablab.protocol.BrokerTransport;
import org.fablab.provision.DynsecFile;
import org.fablab.provision.LabCertificates;
import org.fablab.provision.MosquittoConf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Dynamic Security admin connection to a Mosquitto whose only listener is TLS with a lab CA certificate, as
 * {@code fablab provision mosquitto} writes it for a lab (docs/install.md §3b): pinned to the lab CA through
 * {@code mqtt.caFile} it connects and grants a node, without the pin the handshake is refused.
 */
class DynsecTlsIT {
    private static final String LAB = "my-lab";

    @TempDir
    Path dir;
    private Process mosquitto;
    private Path ca;
    private String url;
    private DynsecFile.User admin;

    @BeforeEach
    void startMosquittoWithTls() throws Exception {
        LabCertificates.Issued lab = LabCertificates.newCa("Lab", Instant.now());
        LabCertificates.Issued server = LabCertificates.serverCertificate(lab, List.of("localhost"), List.of(),
                Instant.now());
        ca = Files.writeString(dir.resolve("ca.pem"), lab.certificatePem());
        Path cert = Files.writeString(dir.resolve("server.pem"), server.certificatePem() + lab.certificatePem());
        Path key = Files.writeString(dir.resolve("server.key"), server.privateKeyPem());
        SecureRandom random = new SecureRandom();
        admin = new DynsecFile.User("fablab-admin", DynsecFile.randomPassword(random));
        DynsecFile.User gateway = new DynsecFile.User("fablab-gateway", DynsecFile.randomPassword(random));
        Path dynsec = dir.resolve("dynamic-security.json");
        Files.writeString(dynsec, DynsecFile.json(LAB, List.of(new DynsecFile.Instance("fablab-gateway", gateway, admin)),
                Optional.empty(), random));
        int port = BrokerAccessContract.freePort();
        Path confD = Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(confD.resolve("fablab.conf"), new MosquittoConf(LAB, "127.0.0.1", port,
                Optional.of(new MosquittoConf.Tls(ca, cert, key)), MosquittoConf.DEBIAN_PLUGIN, dynsec,
                Optional.of(dir), 100_000, 1000, Duration.ofDays(30)).text());
        Path main = dir.resolve("mosquitto.conf");
        // as root, Mosquitto would switch to the mosquitto user, which may not read this test's folder
        Files.writeString(main, "user " + System.getProperty("user.name") + "\ninclude_dir " + confD + "\n");
        mosquitto = new ProcessBuilder("/usr/sbin/mosquitto", "-c", main.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        awaitPort(port);
        url = "ssl://localhost:" + port;
    }

    @AfterEach
    void stopMosquitto() throws InterruptedException {
        mosquitto.destroy();
        if (!mosquitto.waitFor(5, TimeUnit.SECONDS)) {
            mosquitto.destroyForcibly();
        }
    }

    @Test
    void pinnedToTheLabCa_theAdminConnects_andGrantsANodeThatThenLogsIn() throws Exception {
        try (DynsecBrokerAccounts accounts = DynsecBrokerAccounts.connect(new DynsecBrokerAccounts.Settings(url,
                "fablab-gateway-admin", admin.username(), admin.password(), LAB, Optional.of(ca)))) {
            accounts.grantNode("laser-1", "node-password-0123456789".toCharArray());
        }
        MqttClient node = new MqttClient(url, "laser-1", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName("laser-1");
        options.setPassword("node-password-0123456789".toCharArray());
        options.setSocketFactory(BrokerTransport.trusting(ca));
        node.connect(options);
        assertThat(node.isConnected()).isTrue();
        node.disconnect();
        node.close();
    }

    @Test
    void withoutThePin_theHandshakeIsRefused() {
        assertThatThrownBy(() -> DynsecBrokerAccounts.connect(new DynsecBrokerAccounts.Settings(url,
                "fablab-gateway-admin", admin.username(), admin.password(), LAB, Optional.empty())))
                .hasMessageContaining("cannot administer the broker's users");
    }

    private void awaitPort(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!mosquitto.isAlive()) {
                throw new IllegalStateException("mosquitto exited: " + Files.readString(dir.resolve("mosquitto.log")));
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("mosquitto did not listen on " + port);
    }
}
