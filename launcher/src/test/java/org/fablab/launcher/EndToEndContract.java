package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.fablab.gateway.service.AuthService;
import org.fablab.protocol.Channel;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.EventData;
import org.fablab.protocol.Json;
import org.fablab.protocol.MachineState;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.Signer;
import org.fablab.protocol.Topic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulated badge on a simulated node → MQTT → gateway → SQLite → REST, on a real broker. Each
 * subclass names the broker; the lab id is unique per run so retained messages never mix.
 */
abstract class EndToEndContract {
    static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;
    Demo demo;
    String lab;
    /** Node id to the test's client publishing on that node's topics. */
    private final Map<String, MqttClient> publishers = new HashMap<>();
    /** A fabmanager's browser session: the API answers only logged-in callers. */
    private String session;

    /** Broker settings as FABLAB_* variables. */
    abstract Map<String, String> brokerSettings();

    @BeforeEach
    void startLab() {
        lab = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = new HashMap<>(brokerSettings());
        env.put("FABLAB_LAB", lab);
        env.put("FABLAB_HTTP_PORT", "0");
        env.put("FABLAB_MQTT_CLIENT_ID", "gw-" + lab);
        demo = Demo.start(dataDir, env, new Demo.NodeTimings(Duration.ofSeconds(1), Duration.ofHours(1),
                Duration.ofSeconds(1)), Clock.systemUTC());
        await().atMost(WAIT).until(() -> demo.node("laser-1").aclIssuedAt().isPresent());
        session = ((AuthService.LoginResult.Success) demo.gateway().auth().login("fabmanager", DemoLab.DEMO_PASSWORD,
                "test")).sessionSecret();
    }

    @AfterEach
    void stopLab() throws MqttException {
        for (MqttClient publisher : publishers.values()) {
            publisher.disconnect();
            publisher.close();
        }
        demo.close();
    }

    @Test
    void badgeInAndOut_showsTheSessionWithItsDurationInTheApi() throws Exception {
        DemoLab.Member alice = Demo.members().get(0);

        demo.reader("laser-1").present(alice.badgeType(), alice.badgeUid());
        await().atMost(WAIT).until(() -> demo.node("laser-1").state() == MachineState.ACTIVE);
        JsonNode open = awaitSession(s -> s.get("state").asText().equals("active"));
        assertThat(open.get("memberName").asText()).isEqualTo("Alice Martin");
        assertThat(machine("laser-1").get("session").get("memberName").asText()).isEqualTo("Alice Martin");

        Thread.sleep(2_200);
        demo.reader("laser-1").present(alice.badgeType(), alice.badgeUid());

        JsonNode ended = awaitSession(s -> s.get("state").asText().equals("ended"));
        Instant started = Instant.parse(ended.get("startedAt").asText());
        Instant endedAt = Instant.parse(ended.get("endedAt").asText());
        assertThat(ended.get("wallSeconds").asLong())
                .isEqualTo(Duration.between(started, endedAt).toSeconds())
                .isBetween(2L, 30L);
        assertThat(ended.get("endReason").asText()).isEqualTo("same-badge");
        assertThat(ended.get("memberName").asText()).isEqualTo("Alice Martin");
        await().atMost(WAIT).until(() -> machine("laser-1").get("session").isNull());
    }

    @Test
    void sameEventDeliveredTwice_isStoredOnce() throws Exception {
        NodeEvent event = NodeEvent.of(lab, "printer-1", Instant.now(), 1_000_000, UUID.randomUUID().toString(),
                new EventData.SessionStarted("dup-1", Instant.now(), badgeOf(Demo.members().get(1)), null, false));
        byte[] payload = nodeSigner("printer-1").sign(event);
        long duplicatesBefore = demo.gateway().stats().duplicateCount();

        publish(event.topic(), payload);
        publish(event.topic(), payload);

        await().atMost(WAIT).until(() -> demo.gateway().stats().duplicateCount() > duplicatesBefore);
        JsonNode sessions = get("/api/v1/sessions?machine=printer-1");
        assertThat(sessions.findValuesAsText("id").stream().filter("dup-1"::equals)).hasSize(1);
    }

    @Test
    void forgedAndMalformedMessages_areRefusedLoggedAndNeverUsage() throws Exception {
        NodeEvent forged = NodeEvent.of(lab, "laser-1", Instant.now(), 2_000_000, UUID.randomUUID().toString(),
                new EventData.SessionStarted("forged-1", Instant.now(), badgeOf(Demo.members().get(2)), null, false));
        publish(forged.topic(), new Signer(Ed25519Keys.generate().getPrivate()).sign(forged));
        publish(Topic.of(lab, "laser-1", Channel.EVENTS), "{not json".getBytes(StandardCharsets.UTF_8));
        publish(Topic.of(lab, "ghost-9", Channel.EVENTS), nodeSigner("laser-1").sign(forged));

        await().atMost(WAIT).untilAsserted(() -> assertThat(get("/api/v1/security-events").findValuesAsText("reason"))
                .contains("bad-signature", "malformed", "topic-mismatch"));
        assertThat(get("/api/v1/sessions").findValuesAsText("id")).doesNotContain("forged-1");
    }

    @Test
    void healthMetricsOpenApiAndBadQueries_answerClearly() throws Exception {
        HttpResponse<String> health = raw("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(Json.mapper().readTree(health.body()).get("status").asText()).isEqualTo("UP");

        HttpResponse<String> bad = raw("/api/v1/sessions?limit=abc");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Json.mapper().readTree(bad.body()).get("field").asText()).isEqualTo("limit");
        assertThat(bad.headers().firstValue("Cache-Control")).hasValue("no-store");

        assertThat(raw("/api/v1/nope").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/openapi.json").get("paths").has("/api/v1/sessions")).isTrue();
        HttpResponse<String> metrics = raw("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("fablab_events_stored_total ")
                .contains("fablab_messages_rejected_total{reason=\"bad-signature\"}");
    }

    private JsonNode awaitSession(java.util.function.Predicate<JsonNode> matches) {
        return await().atMost(WAIT).until(() -> {
            for (JsonNode session : get("/api/v1/sessions?machine=laser-1")) {
                if (matches.test(session)) {
                    return session;
                }
            }
            return null;
        }, s -> s != null);
    }

    private JsonNode machine(String id) throws IOException, InterruptedException {
        for (JsonNode machine : get("/api/v1/machines")) {
            if (machine.get("id").asText().equals(id)) {
                return machine;
            }
        }
        throw new AssertionError("no machine " + id);
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = raw(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }

    HttpResponse<String> raw(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.gateway().httpPort() + path))
                .header("Cookie", "fablab_session=" + session).build(), HttpResponse.BodyHandlers.ofString());
    }

    org.fablab.protocol.CredentialRef badgeOf(DemoLab.Member member) {
        DemoKeys keys = DemoKeys.loadOrCreate(dataDir.resolve("demo-keys.json"), DemoLab.nodeIds());
        return new CredentialHasher(java.util.HexFormat.of().parseHex(keys.labPepper()))
                .hash(member.badgeType(), member.badgeUid(), false);
    }

    Signer nodeSigner(String node) {
        DemoKeys keys = DemoKeys.loadOrCreate(dataDir.resolve("demo-keys.json"), DemoLab.nodeIds());
        return new Signer(Ed25519Keys.privateKey(keys.nodes().get(node).privateKey()));
    }

    void publish(Topic topic, byte[] payload) throws MqttException {
        MqttClient publisher = publishers.get(topic.node());
        if (publisher == null) {
            publisher = new MqttClient(brokerUrl(), clientIdFor(topic.node()), new MemoryPersistence());
            publisher.connect(optionsFor(topic.node()));
            publishers.put(topic.node(), publisher);
        }
        publisher.publish(topic.toString(), payload, 1, false);
    }

    /**
     * The client id to publish on {@code node}'s topics with: on a broker that checks users (the embedded one) only
     * the node's own user may, with the node's id; elsewhere a client id of the test's.
     */
    String clientIdFor(String node) {
        return brokerChecksUsers() ? node : "test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Options to connect with {@link #clientIdFor}: on a broker that checks users, the test gives the node's user a
     * password of its own, which shuts the running node out, as a stolen Pi's credentials would be used.
     */
    MqttConnectOptions optionsFor(String node) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        if (brokerChecksUsers()) {
            String password = UUID.randomUUID().toString();
            demo.gateway().brokerAccounts().grantNode(node, password.toCharArray());
            options.setUserName(node);
            options.setPassword(password.toCharArray());
        }
        return options;
    }

    /** Whether the broker refuses anonymous clients and keeps each node's topics to the node's user. */
    abstract boolean brokerChecksUsers();

    abstract String brokerUrl();
}
