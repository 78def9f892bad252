package org.fablab.gateway.adapter.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.fablab.gateway.port.BrokerAccounts;
import org.fablab.protocol.Channel;
import org.fablab.protocol.Topic;
import org.fablab.provision.DynsecFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The broker rules as a broker enforces them, with real Paho clients: the same cases run on the embedded broker and
 * on a Mosquitto administered through Dynamic Security. Each test has nodes {@code a} and {@code b}, granted through
 * {@link BrokerAccounts}, and the gateway's login connected with a persistent session subscribed to every node's
 * {@code events}.
 */
abstract class BrokerAccessContract {
    static final String LAB = "lab1";
    private static final long QUIET_MS = 1_500;

    /** How the gateway logs in on the broker under test. */
    record Login(String url, String username, String password, String clientId) {
    }

    private final List<MqttClient> clients = new ArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private final BlockingQueue<String> gatewayReceived = new LinkedBlockingQueue<>();
    private String passwordA;
    private String passwordB;
    private MqttClient gateway;

    /** Starts the broker under test and its {@link BrokerAccounts}. */
    abstract void startBroker() throws Exception;

    abstract void stopBroker() throws Exception;

    abstract BrokerAccounts accounts();

    abstract Login gatewayLogin();

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void grantNodesAndConnectTheGateway() throws Exception {
        startBroker();
        passwordA = DynsecFile.randomPassword(random);
        passwordB = DynsecFile.randomPassword(random);
        accounts().grantNode("a", passwordA.toCharArray());
        accounts().grantNode("b", passwordB.toCharArray());
        Login login = gatewayLogin();
        gateway = connect(login.clientId(), login.username(), login.password(), false);
        gateway.setCallback(collector(gatewayReceived));
        gateway.subscribe(Topic.filterAllNodes(LAB, Channel.EVENTS), 1);
    }

    @AfterEach
    void closeClients() throws Exception {
        for (MqttClient client : clients) {
            try {
                if (client.isConnected()) {
                    client.disconnectForcibly(500, 500);
                }
                client.close(true);
            } catch (MqttException ignored) {
                // already gone
            }
        }
        stopBroker();
    }

    @Test
    void anonymousConnect_isRefused() {
        MqttException refused = assertThrows(MqttException.class, () -> connect("anyone", null, null, true));
        assertTrue(isAuthRefusal(refused), refused::toString);
    }

    @Test
    void nodeA_publishesItsOwnEvents_butNothingOnB() throws Exception {
        MqttClient a = connect("a", "a", passwordA, true);
        MqttClient b = connect("b", "b", passwordB, true);
        BlockingQueue<String> bReceived = new LinkedBlockingQueue<>();
        b.setCallback(collector(bReceived));
        b.subscribe(topic("b", Channel.CMD), 1);

        a.publish(topic("a", Channel.EVENTS), payload(), 1, false);
        assertEquals(topic("a", Channel.EVENTS), gatewayReceived.poll(5, TimeUnit.SECONDS));

        tryPublish(a, topic("b", Channel.EVENTS));
        tryPublish(connectedOrAgain(a), topic("b", Channel.CMD));
        assertNull(gatewayReceived.poll(QUIET_MS, TimeUnit.MILLISECONDS), "a's publish on b's events reached the gateway");
        assertNull(bReceived.poll(100, TimeUnit.MILLISECONDS), "a's publish on b's cmd reached b");
    }

    @Test
    void nodeA_cannotSubscribeToBsAclOrCmd_norToEveryNode() throws Exception {
        MqttClient a = connect("a", "a", passwordA, true);
        assertEquals(1, grantedQos(a, topic("a", Channel.CMD)));
        assertEquals(0x80, grantedQos(connectedOrAgain(a), topic("b", Channel.ACL)));
        assertEquals(0x80, grantedQos(connectedOrAgain(a), topic("b", Channel.CMD)));
        assertEquals(0x80, grantedQos(connectedOrAgain(a), Topic.filterAllNodes(LAB, Channel.ACL)));
        assertEquals(0x80, grantedQos(connectedOrAgain(a), "#"));
    }

    @Test
    void nodeA_cannotTakeAnotherClientId() {
        assertTrue(isAuthRefusal(assertThrows(MqttException.class, () -> connect("b", "a", passwordA, true))));
        assertTrue(isAuthRefusal(assertThrows(MqttException.class,
                () -> connect(gatewayLogin().clientId(), "a", passwordA, true))));
    }

    @Test
    void gatewayClientId_withoutItsCredentials_isRefused_andTheGatewaySessionIsUntouched() throws Exception {
        Login login = gatewayLogin();
        assertTrue(isAuthRefusal(assertThrows(MqttException.class,
                () -> connect(login.clientId(), null, null, false))));
        assertTrue(isAuthRefusal(assertThrows(MqttException.class,
                () -> connect(login.clientId(), "a", passwordA, false))));
        assertTrue(isAuthRefusal(assertThrows(MqttException.class,
                () -> connect(login.clientId(), login.username(), "wrong-" + login.password(), false))));

        assertTrue(gateway.isConnected(), "the gateway's connection was taken over");
        MqttClient a = connect("a", "a", passwordA, true);
        a.publish(topic("a", Channel.EVENTS), payload(), 1, false);
        assertEquals(topic("a", Channel.EVENTS), gatewayReceived.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void revokedNode_isShutOutWithinTwoSeconds() throws Exception {
        MqttClient b = connect("b", "b", passwordB, true);
        b.publish(topic("b", Channel.EVENTS), payload(), 1, false);
        assertEquals(topic("b", Channel.EVENTS), gatewayReceived.poll(5, TimeUnit.SECONDS));

        long start = System.nanoTime();
        accounts().revokeNode("b");
        tryPublish(b, topic("b", Channel.EVENTS));
        long deadline = start + TimeUnit.SECONDS.toNanos(2);
        while (b.isConnected() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(b.isConnected(), "b is still connected 2 s after its revocation");
        assertNull(gatewayReceived.poll(QUIET_MS, TimeUnit.MILLISECONDS), "b's publish after revocation arrived");
        assertTrue(isAuthRefusal(assertThrows(MqttException.class, () -> connect("b", "b", passwordB, true))));
    }

    @Test
    void revokingAnUnknownNode_isANoOp() {
        accounts().revokeNode("never-granted");
    }

    @Test
    void rotatedPassword_onlyTheNewOneIsAccepted() throws Exception {
        MqttClient old = connect("a", "a", passwordA, true);
        String rotated = DynsecFile.randomPassword(random);
        accounts().grantNode("a", rotated.toCharArray());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (old.isConnected() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(old.isConnected(), "the connection made with the old password was kept");
        assertTrue(isAuthRefusal(assertThrows(MqttException.class, () -> connect("a", "a", passwordA, true))));
        MqttClient renewed = connect("a", "a", rotated, true);
        renewed.publish(topic("a", Channel.EVENTS), payload(), 1, false);
        assertEquals(topic("a", Channel.EVENTS), gatewayReceived.poll(5, TimeUnit.SECONDS));
    }

    MqttClient connect(String clientId, String username, String password, boolean clean) throws MqttException {
        MqttClient client = new MqttClient(gatewayLogin().url(), clientId, new MemoryPersistence());
        clients.add(client);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(clean);
        options.setConnectionTimeout(5);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        if (username != null) {
            options.setUserName(username);
            options.setPassword(password.toCharArray());
        }
        client.connect(options);
        return client;
    }

    /** A refused publish may close the connection (MQTT 3.1.1 leaves it to the broker): reconnect for the next step. */
    private MqttClient connectedOrAgain(MqttClient client) throws MqttException {
        if (client.isConnected()) {
            return client;
        }
        String id = client.getClientId();
        return connect(id, id, id.equals("a") ? passwordA : passwordB, true);
    }

    private static void tryPublish(MqttClient client, String topic) {
        try {
            client.publish(topic, payload(), 1, false);
        } catch (MqttException refusedByClosing) {
            // the broker may close the connection instead of acknowledging: either way the message must not arrive
        }
    }

    static int grantedQos(MqttClient client, String filter) throws MqttException {
        try {
            return client.subscribeWithResponse(filter, 1).getGrantedQos()[0];
        } catch (MqttException e) {
            if (e.getReasonCode() == 0x80) {
                return 0x80;
            }
            throw e;
        }
    }

    static boolean isAuthRefusal(MqttException e) {
        return e.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED
                || e.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                || e.getReasonCode() == MqttException.REASON_CODE_INVALID_CLIENT_ID;
    }

    static String topic(String node, Channel channel) {
        return Topic.of(LAB, node, channel).toString();
    }

    private static byte[] payload() {
        return UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
    }

    private static MqttCallback collector(BlockingQueue<String> into) {
        return new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                // the tests look at isConnected()
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                into.add(topic);
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // publishes wait on their own token
            }
        };
    }
}
