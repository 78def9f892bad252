package org.fablab.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.fablab.gateway.app.TestNodes.mosquittoUrl;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcEventStore;
import org.fablab.gateway.adapter.jdbc.PostgresSchema;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.port.EventStore;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.CredentialRef;
import org.fablab.protocol.EndReason;
import org.fablab.protocol.EventData;
import org.fablab.protocol.MachineState;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.NodeStatus;
import org.fablab.protocol.Rejection;
import org.fablab.protocol.Signer;
import org.fablab.protocol.Ed25519Keys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two real gateways sharing ingestion ({@code mqtt.sharedGroup}) on the test Mosquitto (FABLAB_TEST_MQTT_URL) and one
 * PostgreSQL schema (FABLAB_TEST_PG_URL), each with an SSE stream open: whichever instance stores a node's event, both
 * streams carry the same session and card messages, the second within a second of the first; a machine added and a node
 * retired through one instance's API take effect on the other; and after the change feed was cut off, the boards show
 * what the database holds.
 */
class MultiInstanceBoardIT {
    private static final Logger LOG = LoggerFactory.getLogger(MultiInstanceBoardIT.class);
    private static final String NODE = "node-1";
    private static final String PASSWORD = "correct horse battery";
    /** How late the second stream may carry a message the first carried (docs/architecture.md, "Several instances"). */
    private static final Duration WITHIN = Duration.ofSeconds(1);
    private static final Duration GENEROUS = Duration.ofSeconds(30);

    @TempDir
    Path folder;
    private final String lab = "board-" + UUID.randomUUID().toString().substring(0, 8);
    private final PostgresSchema schema = new PostgresSchema();
    private final KeyPair nodeKeys = Ed25519Keys.generate();
    private final String gatewayKey = Ed25519Keys.encode(Ed25519Keys.generate().getPrivate());
    private final List<Gateway> gateways = new ArrayList<>();
    private final List<SseStream> streams = new ArrayList<>();
    private final Signer signer = new Signer(nodeKeys.getPrivate());
    private Gateway a;
    private Gateway b;
    private String token;
    private MqttClient node;
    private long nextSeq = 1;

    @BeforeEach
    void start() throws Exception {
        schema.create();
        a = gateway("a");
        b = gateway("b");
        a.auth().createAccount("test", "admin", PASSWORD, Role.ADMIN, null);
        token = a.auth().createToken(new Principal("admin", Role.ADMIN, null, "Admin"), "board");
        node = TestNodes.connect(mosquittoUrl(), lab + "-" + NODE, true);
    }

    @AfterEach
    void stop() throws Exception {
        streams.forEach(SseStream::close);
        if (node != null && node.isConnected()) {
            publish(lab + "/" + NODE + "/status", new byte[0], true);
            node.disconnect();
        }
        gateways.forEach(Gateway::close);
        for (String name : List.of("a", "b")) {
            TestNodes.forgetSession(mosquittoUrl(), clientId(name));
        }
        schema.drop();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void sessionAndMachineStateStoredByEitherInstance_reachBothStreams_withTheSameMessages() throws Exception {
        SseStream onA = stream(a);
        SseStream onB = stream(b);
        publishStatus();
        awaitNew(1, onA, onB);

        publishEvent(new EventData.SessionStarted("s-1", Instant.now(), credential(), null, false));
        awaitNew(2, onA, onB);
        publishEvent(new EventData.SessionEnded("s-1", Instant.now().minusSeconds(60), Instant.now(), 60, 50, 1.5,
                EndReason.BADGE_OUT, false));
        awaitNew(2, onA, onB);
        publishEvent(new EventData.MachineStateChanged(MachineState.OUT_OF_SERVICE, "maintenance"));
        awaitNew(1, onA, onB);

        LOG.info("events stored by A: {}, by B: {}", a.stats().storedCount(), b.stats().storedCount());
        assertThat(a.stats().storedCount() + b.stats().storedCount()).isEqualTo(3);
        assertThat(onB.texts()).isEqualTo(onA.texts());
        assertThat(onA.texts()).extracting(text -> text.substring(0, text.indexOf(' '))).containsExactly(
                "machine", "session", "machine", "session", "machine", "machine");
        assertThat(onA.texts().get(3)).contains("\"id\":\"s-1\"", "\"state\":\"ended\"");
        assertThat(onA.texts().get(5)).contains("\"state\":\"out-of-service\"");
        for (int i = 1; i < onA.messages.size(); i++) {
            Duration lag = Duration.ofNanos(Math.abs(onA.messages.get(i).at() - onB.messages.get(i).at()));
            LOG.info("message {} carried by the second stream {} ms after the first", i, lag.toMillis());
            assertThat(lag).as("lag of message %d", i).isLessThanOrEqualTo(WITHIN);
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aMachineAddedAndANodeRetiredThroughA_takeEffectOnB() throws Exception {
        SseStream onB = stream(b);

        assertThat(send(a, "POST", "/api/v1/machines", "{\"id\":\"mill-1\",\"name\":\"Mill\",\"kind\":\"cnc-mill\"}")
                .statusCode()).isEqualTo(201);

        long answered = System.nanoTime();
        await().atMost(GENEROUS).until(() -> onB.messages.stream().anyMatch(m -> m.data().contains("\"id\":\"mill-1\"")));
        Duration lag = Duration.ofNanos(onB.messages.stream().filter(m -> m.data().contains("\"id\":\"mill-1\""))
                .findFirst().orElseThrow().at() - answered);
        LOG.info("machine added through A: on B's stream {} ms after A answered", lag.toMillis());
        assertThat(lag).isLessThanOrEqualTo(WITHIN);
        assertThat(send(b, "GET", "/api/v1/machines", null).body()).contains("\"mill-1\"");

        assertThat(send(a, "POST", "/api/v1/nodes/" + NODE + "/retire", "{}").statusCode()).isEqualTo(200);
        // B swaps its keys before its board, which then shows the printer without a node
        await().atMost(GENEROUS).until(() -> onB.texts().stream().anyMatch(t -> t.contains("\"id\":\"printer-1\"")
                && t.contains("\"node\":null")));
        int events = 4;
        for (int i = 0; i < events; i++) {
            publishEvent(new EventData.NodeBooted("1.0.0", 0));
        }
        await().atMost(GENEROUS).until(() -> refused(a) + refused(b) + a.stats().storedCount()
                + b.stats().storedCount() == events);
        assertThat(refused(b)).as("events B received").isPositive();
        assertThat(a.stats().storedCount() + b.stats().storedCount()).as("events of the retired node stored").isZero();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void afterTheChangeFeedWasCutOff_theBoardsShowTheSessionsTheDatabaseHolds() throws Exception {
        SseStream onB = stream(b);
        try (Database unseen = schema.connect()) {
            NodeEvent started = NodeEvent.of(lab, NODE, Instant.now(), nextSeq++, UUID.randomUUID().toString(),
                    new EventData.SessionStarted("s-unseen", Instant.now(), credential(), null, false));
            assertThat(new JdbcEventStore(unseen.dataSource()).store(List.of(new EventStore.AcceptedEvent(started,
                    "{}", Instant.now())), List.of()).get(0)).isInstanceOf(EventStore.Outcome.Stored.class);
        }
        assertThat(send(b, "GET", "/api/v1/machines", null).body()).doesNotContain("s-unseen");

        assertThat(cutOff("b")).as("connections of B cut").isPositive();

        await().atMost(GENEROUS).until(() -> send(b, "GET", "/api/v1/machines", null).body().contains("s-unseen"));
        assertThat(onB.texts()).anyMatch(t -> t.startsWith("machine ") && t.contains("s-unseen")
                && t.contains("\"state\":\"active\""));
        assertThat(send(a, "GET", "/api/v1/machines", null).body()).as("A, never cut off, was told nothing")
                .doesNotContain("s-unseen");
    }

    private Gateway gateway(String name) throws Exception {
        Path config = new InstanceConfig(lab, 0, mosquittoUrl(), clientId(name), lab,
                schema.url() + "&ApplicationName=" + applicationName(name), 2, gatewayKey,
                "000102030405060708090a0b0c0d0e0f").write(folder.resolve(name + ".yaml"));
        Gateway gateway = Gateway.start(ConfigLoader.load(Optional.of(config), Map.of()), Clock.systemUTC(),
                TestNodes.onePrinter(NODE, nodeKeys.getPublic()));
        gateways.add(gateway);
        return gateway;
    }

    private String clientId(String name) {
        return "gw-" + name + "-" + lab;
    }

    private static long refused(Gateway gateway) {
        return gateway.stats().rejectedCount(Rejection.UNKNOWN_NODE);
    }

    private static CredentialRef credential() {
        return new CredentialHasher(new byte[16]).hash("mifare-uid", "04A1B2C3D4E5F6", false);
    }

    /** Waits until each stream carried {@code count} more messages than when last asked. */
    private static void awaitNew(int count, SseStream... streams) {
        for (SseStream stream : streams) {
            int expected = stream.awaited + count;
            await().atMost(GENEROUS).until(() -> stream.messages.size() >= expected);
            stream.awaited = expected;
        }
    }

    private void publishStatus() throws Exception {
        Instant now = Instant.now();
        NodeStatus status = NodeStatus.online(lab, NODE, now, MachineState.IDLE, now.minusSeconds(1), "1");
        node.publish(status.topic().toString(), TestNodes.signed(signer, status, true));
    }

    private void publishEvent(EventData data) throws Exception {
        NodeEvent event = NodeEvent.of(lab, NODE, Instant.now(), nextSeq++, UUID.randomUUID().toString(), data);
        node.publish(event.topic().toString(), TestNodes.signed(signer, event, false));
    }

    private void publish(String topic, byte[] payload, boolean retained) throws Exception {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        message.setRetained(retained);
        node.publish(topic, message);
    }

    private HttpResponse<String> send(Gateway gateway, String method, String path, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort() + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .timeout(GENEROUS).build();
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The full SSE stream of {@code gateway}, open once its first comment arrived. */
    private SseStream stream(Gateway gateway) throws Exception {
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.httpPort() + "/api/v1/stream"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        SseStream stream = new SseStream(response);
        streams.add(stream);
        await().atMost(GENEROUS).until(() -> stream.connected);
        return stream;
    }

    /**
     * Ends the database connections of gateway {@code name} (its change feed's among them), all but those holding an
     * advisory lock (its MQTT client id claim, its job lease); returns how many.
     */
    private int cutOff(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(schema.url()); PreparedStatement ps = c.prepareStatement("""
                select count(pg_terminate_backend(pid)) from pg_stat_activity
                 where application_name = ? and pid not in (select pid from pg_locks where locktype = 'advisory')""")) {
            ps.setString(1, applicationName(name));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private String applicationName(String name) {
        return name + "-" + lab;
    }

    /** One SSE message: its event name and data, and when it arrived ({@link System#nanoTime}). */
    private record Message(String event, String data, long at) {
    }

    /** The messages of an SSE response, read on a thread of their own. */
    private static final class SseStream {
        final List<Message> messages = new CopyOnWriteArrayList<>();
        private final HttpResponse<Stream<String>> response;
        volatile boolean connected;
        int awaited;

        SseStream(HttpResponse<Stream<String>> response) {
            this.response = response;
            Thread reader = new Thread(() -> {
                String[] event = {null};
                try (Stream<String> body = response.body()) {
                    body.forEach(line -> {
                        if (line.equals(": connected")) {
                            connected = true;
                        } else if (line.startsWith("event: ")) {
                            event[0] = line.substring("event: ".length());
                        } else if (line.startsWith("data: ") && event[0] != null) {
                            messages.add(new Message(event[0], line.substring("data: ".length()), System.nanoTime()));
                            event[0] = null;
                        }
                    });
                } catch (RuntimeException e) {
                    // closed by the test
                }
            }, "sse-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** Each message as {@code <event> <data>}. */
        List<String> texts() {
            return messages.stream().map(m -> m.event() + " " + m.data()).toList();
        }

        void close() {
            response.body().close();
        }
    }
}
