package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.fablab.protocol.Channel;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.Json;
import org.fablab.protocol.NodeStatus;
import org.fablab.protocol.Signer;
import org.fablab.protocol.Topic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Last Will of an earlier connection delivered after the node's newer connection reported {@code online}, over
 * the real Mosquitto (which lets the test publish on the node's status topic beside the connected node): the gateway
 * sees from the {@code connectedAt} of the online status that the Will is older than the connection and keeps the
 * node online (docs/protocol.md §2.4).
 */
class LateLastWillIT {
    private static final String NODE = "printer-2";
    private static final Duration WITHIN = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;
    private final HttpClient http = HttpClient.newHttpClient();
    private Demo demo;
    private MqttClient replayer;

    @BeforeEach
    void start() {
        demo = TestLabs.onMosquitto(dataDir, "late-will", Optional.empty());
    }

    @AfterEach
    void stop() throws Exception {
        if (replayer != null) {
            replayer.disconnect();
            replayer.close();
        }
        demo.close();
    }

    @Test
    void willOfAnEarlierConnection_deliveredAfterTheNewerOnline_leavesTheNodeOnline() throws Exception {
        Instant beforeConnect = Instant.now().minusSeconds(60);
        await().atMost(WITHIN).until(() -> printer().get("nodeOnline").asBoolean());
        String lab = demo.config().lab();
        DemoKeys keys = DemoKeys.loadOrCreate(dataDir.resolve("demo-keys.json"), DemoLab.nodeIds());
        // what an earlier connection's Will looks like: signed with the node's key at that connection's connect time
        byte[] oldWill = new Signer(Ed25519Keys.privateKey(keys.nodes().get(NODE).privateKey()))
                .sign(NodeStatus.offline(lab, NODE, beforeConnect));

        long statusesBefore = demo.gateway().stats().statusCount();
        replayer = new MqttClient(MosquittoEndToEndIT.mosquittoUrl(), "late-will-" + UUID.randomUUID(),
                new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        replayer.connect(options);
        replayer.publish(Topic.of(lab, NODE, Channel.STATUS).toString(), oldWill, 1, false);
        await().atMost(WITHIN).until(() -> demo.gateway().stats().statusCount() > statusesBefore);

        assertThat(printer().get("nodeOnline").asBoolean()).as("after the late Will").isTrue();
        assertThat(printer().get("availability").asText()).isEqualTo("available");
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
}
