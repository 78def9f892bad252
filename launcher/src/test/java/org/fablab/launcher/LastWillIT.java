package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.fablab.node.app.MachineNode;
import org.fablab.node.app.NodeConfig;
import org.fablab.node.app.NodeHardware;
import org.fablab.protocol.Channel;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.Json;
import org.fablab.protocol.MachineState;
import org.fablab.protocol.NodeStatus;
import org.fablab.protocol.Signer;
import org.fablab.protocol.TcpProxy;
import org.fablab.protocol.Topic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node whose connection dies without a DISCONNECT, over the embedded broker: the broker publishes its Last
 * Will (signed at connect time, so older than the node's online statuses) and the board and
 * {@code GET /api/v1/machines} show the node offline and the machine not available; the node's old online
 * status replayed afterwards does not bring it back.
 */
class LastWillIT {
    private static final Logger LOG = LoggerFactory.getLogger(LastWillIT.class);
    private static final String NODE = "printer-2";
    private static final Duration WITHIN = Duration.ofSeconds(5);

    @TempDir
    Path dataDir;
    private final String lab = TestLabs.labId("will");
    private final int brokerPort = EmbeddedBrokerEndToEndIT.freePort();
    private final HttpClient http = HttpClient.newHttpClient();
    private Demo demo;
    private TcpProxy cable;
    private MachineNode node;
    private final String brokerPassword = UUID.randomUUID().toString();
    private DemoKeys keys;
    private Instant beforeConnect;
    private MqttClient replayer;

    @BeforeEach
    void start() throws Exception {
        demo = TestLabs.onEmbeddedBroker(dataDir, lab, brokerPort);
        // The demo's own printer-2 comes up and leaves cleanly; the same identity then connects through a cable
        // the test can cut.
        await().atMost(WITHIN).until(() -> printer().get("nodeOnline").asBoolean());
        demo.node(NODE).close();
        await().atMost(WITHIN).until(() -> !printer().get("nodeOnline").asBoolean());
        keys = DemoKeys.loadOrCreate(dataDir.resolve("demo-keys.json"), DemoLab.nodeIds());
        // the node's broker user gets a password the test knows, for the node behind the cable and for the replay
        demo.gateway().brokerAccounts().grantNode(NODE, brokerPassword.toCharArray());
        cable = new TcpProxy("127.0.0.1", brokerPort);
        beforeConnect = Instant.now().minusMillis(1);
        node = MachineNode.start(NodeConfig.of(lab, NODE, cable.url(), keys.nodes().get(NODE).privateKey(),
                keys.gatewayPublicKey(), keys.labPepper(), dataDir.resolve("crashing-node"))
                .withBroker(cable.url(), NODE, brokerPassword), NodeHardware.simulated(), Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        if (replayer != null) {
            replayer.disconnect();
            replayer.close();
        }
        node.close();
        cable.close();
        demo.close();
    }

    private JsonNode printer() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + demo.gateway().httpPort() + "/api/v1/machines")).build(),
                HttpResponse.BodyHandlers.ofString());
        for (JsonNode machine : Json.mapper().readTree(response.body())) {
            if (machine.get("id").asText().equals(NODE)) {
                return machine;
            }
        }
        throw new AssertionError("no " + NODE + " in " + response.body());
    }

    @Test
    void crashedNode_isShownOfflineWithinSeconds_andItsOldOnlineStatusReplayedDoesNotBringItBack() throws Exception {
        String statusTopic = Topic.of(lab, NODE, Channel.STATUS).toString();
        await().atMost(WITHIN).until(() -> printer().get("nodeOnline").asBoolean());
        // Only the node's own user may publish its status and only the gateway may read it, so the old online status
        // is made here with the node's key: one from before the Will's connection, as a recording of an earlier
        // connection would be.
        byte[] online = new Signer(Ed25519Keys.privateKey(keys.nodes().get(NODE).privateKey())).sign(
                NodeStatus.online(lab, NODE, beforeConnect, MachineState.IDLE, null, "replayed"));
        assertThat(printer().get("availability").asText()).isEqualTo("available");

        long cut = System.nanoTime();
        cable.close();

        await().atMost(WITHIN).until(() -> !printer().get("nodeOnline").asBoolean());
        long offlineAfterMillis = (System.nanoTime() - cut) / 1_000_000;
        assertThat(printer().get("availability").asText()).isEqualTo("offline");

        long statusesBefore = demo.gateway().stats().statusCount();
        replayer = new MqttClient("tcp://127.0.0.1:" + brokerPort, NODE, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setUserName(NODE);
        options.setPassword(brokerPassword.toCharArray());
        replayer.connect(options);
        replayer.publish(statusTopic, online, 1, false);
        await().atMost(WITHIN).until(() -> demo.gateway().stats().statusCount() > statusesBefore);

        assertThat(printer().get("nodeOnline").asBoolean()).as("after the replay").isFalse();
        assertThat(printer().get("availability").asText()).isEqualTo("offline");
        LOG.info("crashed node shown offline {} ms after its connection was cut", offlineAfterMillis);
    }
}
