package org.fablab.gateway.adapter.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.fablab.gateway.app.ConfigLoader;
import org.fablab.gateway.app.Gateway;
import org.fablab.gateway.port.BrokerAccounts;
import org.fablab.protocol.Channel;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.Topic;
import org.fablab.provision.DynsecFile;
import org.fablab.provision.MosquittoConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker rules on a real Mosquitto 2 started by the test on a free port, with the {@code conf.d} file and the
 * Dynamic Security file that {@code fablab provision mosquitto} writes, included from a main file the way Debian's
 * {@code /etc/mosquitto/mosquitto.conf} includes {@code conf.d}; node users are made by {@link DynsecBrokerAccounts}.
 */
class MosquittoDynsecAccessIT extends BrokerAccessContract {
    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
    private static final String GATEWAY_CLIENT_ID = "gw-test";
    /** A second gateway instance in the same file, as `fablab provision mosquitto` makes for several. */
    private static final String OTHER_CLIENT_ID = "gw-other";
    private static final String GROUP = "gateways";

    @TempDir
    Path dir;
    private Process mosquitto;
    private DynsecBrokerAccounts accounts;
    private Login login;
    private DynsecFile.User admin;
    private DynsecFile.User gatewayUser;
    private DynsecFile.Instance other;

    @Override
    void startBroker() throws Exception {
        int port = freePort();
        SecureRandom random = new SecureRandom();
        admin = new DynsecFile.User("dynsec-admin", DynsecFile.randomPassword(random));
        DynsecFile.User gateway = new DynsecFile.User("fablab-gateway", DynsecFile.randomPassword(random));
        gatewayUser = gateway;
        Path dynsec = dir.resolve("dynamic-security.json");
        other = new DynsecFile.Instance(OTHER_CLIENT_ID, new DynsecFile.User(OTHER_CLIENT_ID,
                DynsecFile.randomPassword(random)), new DynsecFile.User(OTHER_CLIENT_ID + "-admin",
                DynsecFile.randomPassword(random)));
        Files.writeString(dynsec, DynsecFile.json(LAB, List.of(new DynsecFile.Instance(GATEWAY_CLIENT_ID, gateway,
                admin), other), Optional.of(GROUP), random));
        Path confD = Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(confD.resolve("fablab.conf"), new MosquittoConf(LAB, "127.0.0.1", port, Optional.empty(),
                MosquittoConf.DEBIAN_PLUGIN, dynsec, Optional.of(dir), 100_000, 1000, Duration.ofDays(30)).text());
        Path main = dir.resolve("mosquitto.conf");
        // as root, Mosquitto would switch to the mosquitto user, which may not read this test's folder
        Files.writeString(main, "user " + System.getProperty("user.name") + "\ninclude_dir " + confD + "\n");
        mosquitto = new ProcessBuilder(MOSQUITTO.toString(), "-c", main.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        awaitPort(port);
        String url = "tcp://127.0.0.1:" + port;
        accounts = DynsecBrokerAccounts.connect(new DynsecBrokerAccounts.Settings(url, "test-admin",
                admin.username(), admin.password(), LAB, Optional.empty()));
        login = new Login(url, gateway.username(), gateway.password(), GATEWAY_CLIENT_ID);
    }

    /**
     * The gateway as configured for production ({@code mqtt.brokerAdmin: dynsec}): it connects with its own user and
     * client id, and its {@link Gateway#brokerAccounts()} creates node users a node can log in with.
     */
    @Test
    void gatewayConfiguredForDynsec_connectsAsItsUser_andAdministersNodes() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("FABLAB_LAB", LAB);
        env.put("FABLAB_HTTP_PORT", "0");
        env.put("FABLAB_STORE_URL", "jdbc:sqlite:" + dir.resolve("gateway.db"));
        env.put("FABLAB_KEYS_GATEWAY_PRIVATE_KEY", Ed25519Keys.encode(Ed25519Keys.generate().getPrivate()));
        env.put("FABLAB_KEYS_LAB_PEPPER", "000102030405060708090a0b0c0d0e0f");
        env.put("FABLAB_MQTT_MODE", "external");
        env.put("FABLAB_MQTT_URL", login.url());
        env.put("FABLAB_MQTT_CLIENT_ID", GATEWAY_CLIENT_ID);
        env.put("FABLAB_MQTT_USERNAME", gatewayUser.username());
        env.put("FABLAB_MQTT_PASSWORD", gatewayUser.password());
        env.put("FABLAB_MQTT_BROKER_ADMIN", "dynsec");
        env.put("FABLAB_MQTT_ADMIN_USERNAME", admin.username());
        env.put("FABLAB_MQTT_ADMIN_PASSWORD", admin.password());
        try (Gateway gateway = Gateway.start(ConfigLoader.load(Optional.empty(), env), Clock.systemUTC(), d -> { })) {
            assertInstanceOf(DynsecBrokerAccounts.class, gateway.brokerAccounts());
            String password = DynsecFile.randomPassword(new SecureRandom());
            gateway.brokerAccounts().grantNode("c", password.toCharArray());
            assertTrue(connect("c", "c", password, true).isConnected());
        }
    }

    /**
     * Two gateway instances in one file: each user connects with its own client id only, subscribes through the shared
     * group, and each instance's admin user administers node users on its own.
     */
    @Test
    void eachGatewayInstance_hasItsOwnUsers_boundToItsClientId() throws Exception {
        DynsecFile.User otherUser = other.gateway();
        assertTrue(isAuthRefusal(assertThrows(MqttException.class,
                () -> connect(OTHER_CLIENT_ID, gatewayUser.username(), gatewayUser.password(), false))));
        assertTrue(isAuthRefusal(assertThrows(MqttException.class,
                () -> connect("gw-third", otherUser.username(), otherUser.password(), false))));
        MqttClient instance = connect(OTHER_CLIENT_ID, otherUser.username(), otherUser.password(), false);
        assertEquals(1, grantedQos(instance, "$share/" + GROUP + "/" + Topic.filterAllNodes(LAB, Channel.EVENTS)));
        assertEquals(0x80, grantedQos(instance, "$share/" + GROUP + "/fablab/v1/other-lab/#"));

        try (DynsecBrokerAccounts otherAdmin = DynsecBrokerAccounts.connect(new DynsecBrokerAccounts.Settings(
                login.url(), OTHER_CLIENT_ID + "-admin", other.admin().username(), other.admin().password(), LAB,
                Optional.empty()))) {
            String password = DynsecFile.randomPassword(new SecureRandom());
            otherAdmin.grantNode("c", password.toCharArray());
            assertTrue(connect("c", "c", password, true).isConnected());
        }
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
        throw new IllegalStateException("mosquitto did not listen on " + port + ": "
                + Files.readString(dir.resolve("mosquitto.log")));
    }

    @Override
    void stopBroker() throws Exception {
        if (accounts != null) {
            accounts.close();
        }
        if (mosquitto != null) {
            mosquitto.destroy();
            if (!mosquitto.waitFor(5, TimeUnit.SECONDS)) {
                mosquitto.destroyForcibly();
            }
        }
    }

    @Override
    BrokerAccounts accounts() {
        return accounts;
    }

    @Override
    Login gatewayLogin() {
        return login;
    }
}
