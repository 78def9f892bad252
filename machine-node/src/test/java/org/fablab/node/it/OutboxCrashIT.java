package org.fablab.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.fablab.node.adapter.sqlite.SqliteNodeStore;
import org.fablab.node.app.NodeConfigLoader;
import org.fablab.node.port.Outbox;
import org.fablab.protocol.Channel;
import org.fablab.protocol.EndReason;
import org.fablab.protocol.EventData;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.TestVectors;
import org.fablab.protocol.Topic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox survives a process kill between the write and the PUBACK (docs/protocol.md §10.1). */
class OutboxCrashIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final String lab = Broker.uniqueId("it-lab");
    private final String node = Broker.uniqueId("printer");
    private Broker.Client client;
    private Process process;

    @BeforeEach
    void connect() throws Exception {
        Broker.requireReachable();
        client = new Broker.Client().subscribe(Topic.of(lab, node, Channel.EVENTS).toString());
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (process != null && process.isAlive()) {
            // SIGTERM: the node publishes its offline status and disconnects cleanly, so no Last Will
            // arrives after the retained status is cleared below.
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        if (client != null) {
            Broker.cleanUp(client, lab, node);
        }
    }

    @Test
    void eventRecordedOffline_survivesSigkill_andIsDeliveredOnceWithItsSeqAndId() throws Exception {
        Path config = dir.resolve("node.yaml");
        Files.writeString(config, TestNodes.yaml(lab, node, "tcp://127.0.0.1:" + closedPort(), dir.resolve("data")));
        Path db = dir.resolve("data").resolve("node.db");

        process = startNode(config, Map.of(), "first");
        present(TestNodes.BADGE_TYPE, TestNodes.BOB_UID);
        List<Outbox.Entry> recorded = await().atMost(WAIT).until(() -> pending(db), entries -> entries.size() == 2);
        process.destroyForcibly().waitFor();

        process = startNode(config, Map.of(NodeConfigLoader.envName("brokerUrl"), Broker.url()), "second");

        // The second boot's event: its seq is above the first run's, past the seq block the killed run had reserved.
        await().atMost(WAIT).until(() -> events().stream().anyMatch(e -> e.seq() > 2));
        await().atMost(WAIT).until(() -> pending(db).isEmpty());
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> delivered(recorded).size() == 2);
        List<NodeEvent> delivered = delivered(recorded);
        assertThat(delivered).extracting(NodeEvent::seq).containsExactly(1L, 2L);
        assertThat(delivered).extracting(NodeEvent::id)
                .containsExactly(recorded.get(0).id(), recorded.get(1).id());
        assertThat(delivered.get(0).data()).isEqualTo(new EventData.NodeBooted(
                ((EventData.NodeBooted) delivered.get(0).data()).software(), 0));
        assertThat(delivered.get(1).data()).isEqualTo(new EventData.BadgeDenied(TestNodes.BOB, "no-acl"));
    }

    @Test
    void sessionRunningAtSigkill_isClosedAtRestartAsPowerLossAndReportedOnce() throws Exception {
        client.publish(Topic.of(lab, node, Channel.ACL).toString(), TestNodes.sign(
                TestNodes.acl(lab, node, 1, TestNodes.ALICE), TestVectors.gatewayPrivateKey()), true);
        Path config = dir.resolve("node.yaml");
        Files.writeString(config, TestNodes.yaml(lab, node, Broker.url(), dir.resolve("data")));
        process = startNode(config, Map.of(), "first");
        // Badge until the node has its ACL: each read is answered by a denial (no-acl) or the session start.
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            int answers = data(EventData.BadgeDenied.class).size();
            present(TestNodes.BADGE_TYPE, TestNodes.ALICE_UID);
            await().atMost(WAIT).until(() -> data(EventData.BadgeDenied.class).size() > answers
                    || !data(EventData.SessionStarted.class).isEmpty());
            return !data(EventData.SessionStarted.class).isEmpty();
        });
        EventData.SessionStarted started = data(EventData.SessionStarted.class).get(0);
        process.destroyForcibly().waitFor();

        process = startNode(config, Map.of(), "second");

        await().atMost(WAIT).until(() -> data(EventData.NodeBooted.class).size() == 2);
        await().during(Duration.ofMillis(500)).atMost(WAIT)
                .until(() -> data(EventData.SessionEnded.class).size() == 1);
        EventData.SessionEnded ended = data(EventData.SessionEnded.class).get(0);
        assertThat(ended.sessionId()).isEqualTo(started.sessionId());
        assertThat(ended.reason()).isEqualTo(EndReason.POWER_LOSS);
        assertThat(ended.interrupted()).isTrue();
        assertThat(data(EventData.NodeBooted.class).get(1).recoveredSessions()).isEqualTo(1);
    }

    private <T extends EventData> List<T> data(Class<T> type) {
        return events().stream().map(NodeEvent::data).filter(type::isInstance).map(type::cast).toList();
    }

    private Process startNode(Path config, Map<String, String> env, String name) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                NodeProcess.class.getName(), config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().putAll(env);
        Process started = builder.start();
        Path log = dir.resolve(name + ".log");
        await().atMost(WAIT).until(() -> {
            assertThat(started.isAlive()).as("node process alive; its log: %s", readQuietly(log)).isTrue();
            return readQuietly(log).contains("started");
        });
        return started;
    }

    private void present(String type, String rawId) throws IOException {
        Writer stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        stdin.write("present " + type + " " + rawId + "\n");
        stdin.flush();
    }

    private static List<Outbox.Entry> pending(Path db) {
        try (SqliteNodeStore store = SqliteNodeStore.open(db)) {
            return store.pending(100);
        }
    }

    private List<NodeEvent> events() {
        return client.received().stream().map(Broker.Client.Received::verified).map(NodeEvent.class::cast).toList();
    }

    /** Deliveries of the recorded entries, matched by id; a duplicate would appear twice. */
    private List<NodeEvent> delivered(List<Outbox.Entry> recorded) {
        List<String> ids = recorded.stream().map(Outbox.Entry::id).toList();
        return events().stream().filter(e -> ids.contains(e.id())).toList();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
