package org.fablab.gateway.adapter.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.fablab.protocol.Channel;
import org.fablab.protocol.Topic;
import org.fablab.protocol.network.NetworkChannel;
import org.fablab.protocol.network.NetworkTopic;
import org.fablab.provision.BridgeConf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two partner labs' Mosquitto brokers, each set up as an installer would ({@link LabBroker}): on lab b's running
 * broker {@code fablab provision bridge-user} makes the user lab a's bridge logs in with, and
 * {@code fablab provision bridge} writes a's bridge section from the password file it wrote. The labs'
 * gateways are played by their own broker users; an observer allowed everything on each broker checks what crosses.
 */
class NetworkBridgeIT {
    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final String OBSERVER_PASSWORD = "observer-password-0123";

    @TempDir
    Path dir;
    private LabBroker a;
    private LabBroker b;
    private Path bridgePassword;
    private final List<MqttClient> clients = new ArrayList<>();
    private final Set<LabBroker> observed = new HashSet<>();

    @BeforeEach
    void twoLabs_andTheBridgeUserOnB() throws Exception {
        a = LabBroker.provision(dir.resolve("a"), "a");
        b = LabBroker.provision(dir.resolve("b"), "b");
        b.start();
        bridgePassword = b.acceptBridgeFrom("a", dir.resolve("bridge-a.secret"));
    }

    @AfterEach
    void stopBrokers() throws Exception {
        for (MqttClient client : clients) {
            if (client.isConnected()) {
                client.disconnectForcibly(1_000);
            }
            client.close(true);
        }
        a.stop();
        b.stop();
    }

    @Test
    void theBridgeUser_publishesOnlyWhatASendsToB_andSubscribesOnlyToWhatBSendsToA() throws Exception {
        String user = BridgeConf.clientId("a", "b");
        String password = Files.readString(bridgePassword).strip();
        BlockingQueue<String> seen = observe(b, "#");

        MqttException otherId = assertThrows(MqttException.class, () -> connect(b, user, password, "someone", true));
        assertTrue(BrokerAccessContract.isAuthRefusal(otherId), otherId.toString());
        MqttClient bridge = connect(b, user, password, user, true);
        assertEquals(1, BrokerAccessContract.grantedQos(bridge, NetworkTopic.fromTo("b", "a")));
        assertEquals(0x80, BrokerAccessContract.grantedQos(bridge, NetworkTopic.toLab("b")));
        assertEquals(0x80, BrokerAccessContract.grantedQos(bridge, NetworkTopic.fromTo("b", "c")));
        assertEquals(0x80, BrokerAccessContract.grantedQos(bridge, Topic.ROOT + "b/#"));
        assertEquals(0x80, BrokerAccessContract.grantedQos(bridge, "#"));
        for (String outside : List.of(network("c", "b", NetworkChannel.RECEIPTS), network("a", "c",
                NetworkChannel.RECEIPTS), network("b", "a", NetworkChannel.ACKS), node("b", Channel.CMD))) {
            bridge.publish(outside, "forged".getBytes(StandardCharsets.UTF_8), 1, false);
        }
        String allowed = network("a", "b", NetworkChannel.RECEIPTS);
        bridge.publish(allowed, "allowed".getBytes(StandardCharsets.UTF_8), 1, false);

        assertThat(next(seen)).isEqualTo(allowed + " allowed");
        assertThat(seen).isEmpty();
    }

    @Test
    void onlyTheNetworkTreeBetweenTheTwoLabsCrosses_bothWays_andARetainedPassWaitsOnB() throws Exception {
        a.bridgeTo(b, bridgePassword);
        MqttClient gatewayA = gateway(a, true);
        MqttClient gatewayB = gateway(b, true);
        BlockingQueue<String> onA = subscribe(gatewayA, NetworkTopic.toLab("a"));
        BlockingQueue<String> onB = subscribe(gatewayB, NetworkTopic.toLab("b"));
        BlockingQueue<String> allOnA = observe(a, "#");
        BlockingQueue<String> allOnB = observe(b, "#");
        awaitLink(gatewayA, onB);

        String pass = network("a", "b", NetworkChannel.PASSES);
        gatewayA.publish(pass, "pass-1".getBytes(StandardCharsets.UTF_8), 1, true);
        gatewayA.publish(node("a", Channel.EVENTS), "node-a".getBytes(StandardCharsets.UTF_8), 1, false);
        String receiptAB = network("a", "b", NetworkChannel.RECEIPTS);
        gatewayA.publish(receiptAB, "receipt-ab".getBytes(StandardCharsets.UTF_8), 1, false);
        gatewayB.publish(node("b", Channel.EVENTS), "node-b".getBytes(StandardCharsets.UTF_8), 1, false);
        String receiptBA = network("b", "a", NetworkChannel.RECEIPTS);
        gatewayB.publish(receiptBA, "receipt-ba".getBytes(StandardCharsets.UTF_8), 1, false);

        assertThat(next(onB)).isEqualTo(pass + " pass-1");
        assertThat(next(onB)).isEqualTo(receiptAB + " receipt-ab");
        assertThat(next(onA)).isEqualTo(receiptBA + " receipt-ba");
        assertThat(drainUntil(allOnB, receiptAB + " receipt-ab")).noneMatch(m -> m.startsWith(Topic.ROOT + "a/"));
        assertThat(drainUntil(allOnA, receiptBA + " receipt-ba")).noneMatch(m -> m.startsWith(Topic.ROOT + "b/"));

        MqttClient late = connect(b, "observer", OBSERVER_PASSWORD, "late", true);
        assertThat(next(subscribe(late, NetworkTopic.fromTo("a", "b")))).isEqualTo(pass + " pass-1");
    }

    @Test
    void whileBsBrokerIsDown_AQueues_andEveryMessageArrivesOnceAfterItsRestart() throws Exception {
        a.bridgeTo(b, bridgePassword);
        MqttClient gatewayA = gateway(a, true);
        MqttClient gatewayB = gateway(b, false);
        BlockingQueue<String> onB = subscribe(gatewayB, NetworkTopic.toLab("b"));
        awaitLink(gatewayA, onB);
        BlockingQueue<String> linkState = observe(a, "$SYS/broker/connection/" + BridgeConf.clientId("a", "b")
                + "/state");
        assertThat(next(linkState)).endsWith(" 1");

        b.stop();
        assertThat(next(linkState)).endsWith(" 0");
        String receipt = network("a", "b", NetworkChannel.RECEIPTS);
        for (int i = 0; i < 20; i++) {
            gatewayA.publish(receipt, ("r" + i).getBytes(StandardCharsets.UTF_8), 1, false);
        }
        b.start();
        BlockingQueue<String> afterRestart = new LinkedBlockingQueue<>();
        gatewayB = reconnect(gatewayB, b, afterRestart);
        assertThat(next(linkState)).endsWith(" 1");
        gatewayA.publish(receipt, "last".getBytes(StandardCharsets.UTF_8), 1, false);

        List<String> arrived = drainUntil(afterRestart, receipt + " last");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add(receipt + " r" + i);
        }
        assertThat(arrived).containsExactlyElementsOf(expected);
    }

    /**
     * Waits until a message from a's gateway reaches b's: the bridge is up and subscribed on both brokers. The probes
     * sent before that may still be on their way; the last one, sent once the link is up, comes after them.
     */
    private static void awaitLink(MqttClient gatewayA, BlockingQueue<String> onB) throws Exception {
        String probe = network("a", "b", NetworkChannel.ACKS);
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
            gatewayA.publish(probe, "probe".getBytes(StandardCharsets.UTF_8), 1, false);
            return onB.poll(200, TimeUnit.MILLISECONDS) != null;
        });
        gatewayA.publish(probe, "up".getBytes(StandardCharsets.UTF_8), 1, false);
        drainUntil(onB, probe + " up");
    }

    private MqttClient gateway(LabBroker lab, boolean clean) throws MqttException {
        return connect(lab, lab.env().get("FABLAB_MQTT_USERNAME"), lab.env().get("FABLAB_MQTT_PASSWORD"),
                lab.env().get("FABLAB_MQTT_CLIENT_ID"), clean);
    }

    /** Connects b's gateway again with its persistent session, collecting into {@code into} from the start. */
    private MqttClient reconnect(MqttClient old, LabBroker lab, BlockingQueue<String> into) throws MqttException {
        old.close(true);
        clients.remove(old);
        MqttClient client = new MqttClient(lab.url(), lab.env().get("FABLAB_MQTT_CLIENT_ID"), new MemoryPersistence());
        client.setCallback(new Collecting(into));
        client.connect(lab.options(lab.env().get("FABLAB_MQTT_USERNAME"), lab.env().get("FABLAB_MQTT_PASSWORD"),
                false));
        clients.add(client);
        return client;
    }

    private MqttClient connect(LabBroker lab, String user, String password, String clientId, boolean clean)
            throws MqttException {
        MqttClient client = lab.connect(user, password, clientId, clean);
        clients.add(client);
        return client;
    }

    /** Messages on {@code filter} as "topic payload", in order. */
    private static BlockingQueue<String> subscribe(MqttClient client, String filter) throws MqttException {
        BlockingQueue<String> into = new LinkedBlockingQueue<>();
        client.subscribe(filter, 1, (topic, message) -> into.add(topic + " " + text(message)));
        return into;
    }

    /** An observer allowed to subscribe to everything, made through the plugin as the lab's admin. */
    private BlockingQueue<String> observe(LabBroker lab, String filter) throws Exception {
        if (observed.add(lab)) {
            lab.addUser("observer", OBSERVER_PASSWORD, List.of(new LabBroker.Acl("subscribePattern", "#"),
                    new LabBroker.Acl("subscribePattern", "$SYS/#")));
        }
        MqttClient observer = connect(lab, "observer", OBSERVER_PASSWORD, "observer-" + clients.size(), true);
        return subscribe(observer, filter);
    }

    private static String next(BlockingQueue<String> queue) throws InterruptedException {
        String message = queue.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(message).as("a message within " + PATIENCE).isNotNull();
        return message;
    }

    /** Everything received up to and without {@code last}, which must come. */
    private static List<String> drainUntil(BlockingQueue<String> queue, String last) throws InterruptedException {
        List<String> before = new ArrayList<>();
        for (String message = next(queue); !message.equals(last); message = next(queue)) {
            before.add(message);
        }
        return before;
    }

    private static String network(String from, String to, NetworkChannel channel) {
        return NetworkTopic.of(from, to, channel).toString();
    }

    private static String node(String lab, Channel channel) {
        return Topic.of(lab, "x", channel).toString();
    }

    private static String text(MqttMessage message) {
        return new String(message.getPayload(), StandardCharsets.UTF_8);
    }

    private record Collecting(BlockingQueue<String> into) implements MqttCallback {
        @Override
        public void connectionLost(Throwable cause) {
            // the test sees a lost connection as messages that do not come
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            into.add(topic + " " + text(message));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // publishing waits for its own acknowledgement
        }
    }
}
