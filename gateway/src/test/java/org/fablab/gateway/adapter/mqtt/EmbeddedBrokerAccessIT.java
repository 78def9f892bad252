package org.fablab.gateway.adapter.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.fablab.gateway.adapter.crypto.Argon2idPasswords;
import org.fablab.gateway.port.BrokerAccounts;
import org.fablab.gateway.port.BrokerUserStore;
import org.fablab.protocol.Channel;
import org.fablab.protocol.Topic;
import org.fablab.protocol.network.NetworkChannel;
import org.fablab.protocol.network.NetworkTopic;
import org.fablab.provision.BridgeConf;
import org.fablab.provision.DynsecFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The broker rules on the embedded Artemis broker, with its users in memory instead of the database. */
class EmbeddedBrokerAccessIT extends BrokerAccessContract {
    @TempDir
    Path data;
    private int port;
    private BrokerSecurity security;
    private EmbeddedBroker broker;
    private BrokerAccounts accounts;
    private Login login;

    @Override
    void startBroker() {
        port = freePort();
        BrokerSecurity.GatewayLogin gateway = BrokerSecurity.GatewayLogin.random("fablab-gateway", "gw-test");
        security = new BrokerSecurity(LAB, gateway, Optional.empty(), new Argon2idPasswords(), Map.of());
        broker = EmbeddedBroker.start("127.0.0.1", port, data, security, Optional.empty());
        accounts = new EmbeddedBrokerAccounts(new MemoryUsers(), security, broker, new Argon2idPasswords(),
                Clock.systemUTC());
        login = new Login("tcp://127.0.0.1:" + port, gateway.username(), gateway.password(), gateway.clientId());
    }

    @Override
    void stopBroker() throws Exception {
        broker.close();
    }

    /** Artemis's built-in cluster user skips the permission checks, and its default password is public. */
    @Test
    void artemisClusterUser_withItsDefaultPassword_isRefused() {
        MqttException refused = assertThrows(MqttException.class,
                () -> connect("intruder", "ACTIVEMQ.CLUSTER.ADMIN.USER", "CHANGE ME!!", true));
        assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, refused.getReasonCode());
    }

    /**
     * A partner lab's bridge user, granted in the gateway's process: only with its bridge's client id, it subscribes to
     * what this lab sends the partner and to nothing else, and publishes what the partner sends this lab, which reaches
     * a subscriber of the lab's network tree, and nothing on a node's topic.
     */
    @Test
    void partnersBridgeUser_hasTheBridgesRightsOnly() throws Exception {
        String user = BridgeConf.clientId("p1", LAB);
        String password = DynsecFile.randomPassword(new SecureRandom());
        ((EmbeddedBrokerAccounts) accounts).grantBridge("p1", user, password.toCharArray());
        assertThat(isAuthRefusal(assertThrows(MqttException.class, () -> connect("p1", user, password, true))))
                .isTrue();
        assertThat(isAuthRefusal(assertThrows(MqttException.class, () -> connect(user, user, "wrong", true))))
                .isTrue();

        MqttClient bridge = connect(user, user, password, true);
        assertThat(grantedQos(bridge, NetworkTopic.fromTo(LAB, "p1"))).isEqualTo(1);
        assertThat(grantedQos(bridge, NetworkTopic.toLab(LAB))).isEqualTo(0x80);

        MqttClient lab = connect(login.clientId(), login.username(), login.password(), true);
        List<String> received = new CopyOnWriteArrayList<>();
        lab.subscribe(NetworkTopic.toLab(LAB), 1, (topic, message) -> received.add(topic));
        lab.subscribe(topic("a", Channel.EVENTS), 1, (topic, message) -> received.add(topic));
        String passes = NetworkTopic.of("p1", LAB, NetworkChannel.PASSES).toString();
        MqttClient sender = connect(user, user, password, true);
        sender.publish(passes, "{}".getBytes(StandardCharsets.UTF_8), 1, false);
        try {
            sender.publish(topic("a", Channel.EVENTS), "{}".getBytes(StandardCharsets.UTF_8), 1, false);
        } catch (MqttException refusedByClosing) {
            // either way the message must not arrive
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> received.contains(passes));
        Thread.sleep(1_000);
        assertThat(received).containsExactly(passes);
    }

    /**
     * A stopping broker ends its clients' connections, so each connected node's Last Will (its retained
     * {@code offline} status) must be published, and kept across the restart, never lost with an error because the
     * journal stopped first. Twelve nodes make the race between their wills and the journal's stop likely.
     */
    @Test
    void stoppingTheBroker_publishesEveryConnectedNodesWill_andKeepsItAcrossARestart() throws Exception {
        Map<String, String> wills = new ConcurrentHashMap<>();
        List<MqttClient> nodes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String node = "will-" + i;
            String password = DynsecFile.randomPassword(new SecureRandom());
            accounts.grantNode(node, password.toCharArray());
            MqttClient client = new MqttClient(login.url(), node, new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setUserName(node);
            options.setPassword(password.toCharArray());
            options.setAutomaticReconnect(false);
            options.setWill(topic(node, Channel.STATUS), ("offline " + node).getBytes(StandardCharsets.UTF_8), 1, true);
            client.connect(options);
            nodes.add(client);
        }
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logged.start();
        root.addAppender(logged);
        try {
            broker.close();
        } finally {
            root.detachAppender(logged);
        }
        for (MqttClient node : nodes) {
            node.close(true);
        }
        broker = EmbeddedBroker.start("127.0.0.1", port, data, security, Optional.empty());
        MqttClient reader = connect(login.clientId(), login.username(), login.password(), false);
        reader.subscribe(Topic.filterAllNodes(LAB, Channel.STATUS), 1,
                (topic, message) -> wills.put(topic, new String(message.getPayload(), StandardCharsets.UTF_8)));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(wills).hasSize(nodes.size()));
        assertThat(wills).containsEntry(topic("will-0", Channel.STATUS), "offline will-0");
        assertThat(logged.list).as("errors logged while the broker stopped")
                .filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }

    @Override
    BrokerAccounts accounts() {
        return accounts;
    }

    @Override
    Login gatewayLogin() {
        return login;
    }

    private static final class MemoryUsers implements BrokerUserStore {
        private final Map<String, String> users = new ConcurrentHashMap<>();

        @Override
        public Map<String, String> all() {
            return Map.copyOf(users);
        }

        @Override
        public void put(String nodeId, String passwordHash, Instant at) {
            users.put(nodeId, passwordHash);
        }

        @Override
        public void delete(String nodeId) {
            users.remove(nodeId);
        }
    }
}
