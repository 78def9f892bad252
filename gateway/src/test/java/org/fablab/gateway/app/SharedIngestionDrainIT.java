package org.fablab.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.fablab.gateway.adapter.jdbc.PostgresSchema;
import org.fablab.gateway.adapter.mqtt.PrivateMosquitto;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.EventData;
import org.fablab.protocol.MachineState;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.NodeStatus;
import org.fablab.protocol.Signer;
import org.fablab.protocol.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two real gateways sharing ingestion ({@code mqtt.sharedGroup}) on one PostgreSQL schema (FABLAB_TEST_PG_URL), on a
 * Mosquitto 2 started by the test on a free port. Gateway A's connection is cut without a DISCONNECT, as a crashed
 * instance's would be: Mosquitto keeps A's persistent session in the shared group and queues A's turn of the
 * round-robin there, so the live gateway B stores only its own turn. A drain gateway started with A's client id then
 * receives A's share, and every event is stored exactly once; a seat stopped cleanly keeps its turn the same way
 * (docs/deployment.md).
 */
class SharedIngestionDrainIT {
    private static final Logger LOG = LoggerFactory.getLogger(SharedIngestionDrainIT.class);
    private static final String NODE = "node-1";
    private static final String GROUP = "gateways";
    private static final int AFTER_CUT = 40;
    private static final int MAX_QUEUED = 5;
    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @TempDir
    Path folder;
    private final String lab = "share-" + UUID.randomUUID().toString().substring(0, 8);
    private final PostgresSchema schema = new PostgresSchema();
    private final KeyPair nodeKeys = Ed25519Keys.generate();
    private final String gatewayKey = Ed25519Keys.encode(Ed25519Keys.generate().getPrivate());
    private final List<Gateway> gateways = new ArrayList<>();
    private PrivateMosquitto mosquitto;
    private int brokerPort;
    private TcpProxy proxy;
    private MqttClient node;
    private Signer signer;
    private long nextSeq = 1;

    @BeforeEach
    void createSchema() throws Exception {
        schema.create();
        signer = new Signer(nodeKeys.getPrivate());
    }

    /** Starts Mosquitto with {@code settings} added to its configuration, and connects the node. */
    private void startBroker(String settings) throws Exception {
        mosquitto = PrivateMosquitto.start(folder, settings);
        brokerPort = mosquitto.port();
        proxy = new TcpProxy("127.0.0.1", brokerPort);
        node = TestNodes.connect(url(brokerPort), lab + "-" + NODE, true);
    }

    @AfterEach
    void stop() throws Exception {
        if (node != null && node.isConnected()) {
            node.disconnect();
        }
        gateways.forEach(Gateway::close);
        if (proxy != null) {
            proxy.close();
        }
        if (mosquitto != null) {
            mosquitto.close();
        }
        schema.drop();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void deadInstancesShare_waitsInItsSession_untilADrainWithItsClientIdStoresIt_eachEventOnce() throws Exception {
        startBroker("");
        Gateway a = gateway("a", "gw-a", proxy.url());
        Gateway b = gateway("b", "gw-b", url(brokerPort));
        assertThatThrownBy(() -> gateway("twin", "gw-b", url(brokerPort))).as("a second instance with B's client id")
                .hasMessageContaining("mqtt.clientId gw-b is used by another gateway instance");
        publishStatus();
        await().atMost(GENEROUS).untilAsserted(() -> {
            assertThat(a.stats().statusCount()).as("statuses seen by A").isEqualTo(1);
            assertThat(b.stats().statusCount()).as("statuses seen by B").isEqualTo(1);
        });

        cutAAfterBothStored(a, b);
        long bBefore = b.stats().storedCount();
        publishEvents(AFTER_CUT);
        // Mosquitto's round-robin goes over every member, the disconnected A included: B gets every other one
        await().atMost(GENEROUS).until(() -> b.stats().storedCount() - bBefore == AFTER_CUT / 2);
        long waiting = nextSeq - 1 - storedSeqs().size();
        LOG.info("{} events published after A was cut: B stored {}, {} wait in A's session", AFTER_CUT,
                b.stats().storedCount() - bBefore, waiting);
        assertThat(waiting).as("events waiting in the dead instance's session").isEqualTo(AFTER_CUT / 2);
        a.close();
        gateways.remove(a);

        Gateway drain = drainWithAllDelivered(b);
        long published = nextSeq - 1;
        assertThat(storedSeqs()).as("every event stored").isEqualTo(LongStream.rangeClosed(1, published).boxed().toList());
        assertThat(a.stats().storedCount() + b.stats().storedCount() + drain.stats().storedCount())
                .as("stored by A, B and the drain together").isEqualTo(published);
        assertThat(a.stats().duplicateCount() + b.stats().duplicateCount() + drain.stats().duplicateCount())
                .as("events delivered twice").isZero();
        assertThat(drain.stats().storedCount()).as("A's share and one event after the drain connected")
                .isEqualTo(AFTER_CUT / 2 + 1);

        // a clean stop (DISCONNECT) leaves the seat in the group too: its turn waits for the client id to return
        drain.close();
        gateways.remove(drain);
        long bBeforeStop = b.stats().storedCount();
        publishEvents(2);
        await().atMost(GENEROUS).until(() -> b.stats().storedCount() == bBeforeStop + 1);
        assertThat(storedSeqs()).as("the stopped seat's turn, not stored yet").hasSize((int) nextSeq - 2);
        Gateway restarted = gateway("restarted", "gw-a", url(brokerPort));
        await().atMost(GENEROUS).until(() -> storedSeqs().size() == nextSeq - 1);
        assertThat(restarted.stats().storedCount()).as("the turn that waited for the restart").isEqualTo(1);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void deadInstancesShare_beyondMaxQueuedMessages_isDropped_notRedispatched() throws Exception {
        startBroker("max_queued_messages " + MAX_QUEUED);
        Gateway a = gateway("a", "gw-a", proxy.url());
        Gateway b = gateway("b", "gw-b", url(brokerPort));

        cutAAfterBothStored(a, b);
        long beforeCut = storedSeqs().size();
        publishEvents(AFTER_CUT);
        await().atMost(GENEROUS).until(() -> storedSeqs().size() == beforeCut + AFTER_CUT / 2);
        a.close();
        gateways.remove(a);

        Gateway drain = drainWithAllDelivered(b);
        long published = nextSeq - 1;
        List<Long> stored = storedSeqs();
        LOG.info("max_queued_messages {}: {} events published after A was cut, the drain stored {} of A's {}, {} lost",
                MAX_QUEUED, AFTER_CUT, drain.stats().storedCount() - 1, AFTER_CUT / 2, published - stored.size());
        assertThat(drain.stats().storedCount()).as("A's queued share and one event after the drain connected")
                .isEqualTo(MAX_QUEUED + 1);
        assertThat(published - stored.size()).as("events of A's share beyond max_queued_messages, lost")
                .isEqualTo(AFTER_CUT / 2 - MAX_QUEUED);
        assertThat(mosquitto.log()).contains("Outgoing messages are being dropped for client gw-a");
    }

    /**
     * Publishes events until A and B have each stored one, so both are members of the group, waits for all to be
     * stored and cuts A.
     */
    private void cutAAfterBothStored(Gateway a, Gateway b) throws Exception {
        while (a.stats().storedCount() == 0 || b.stats().storedCount() == 0) {
            publishEvent();
            Thread.sleep(50);
        }
        long published = nextSeq - 1;
        await().atMost(GENEROUS).until(() -> storedSeqs().size() == published);
        proxy.close();
    }

    /**
     * Starts the drain gateway with A's client id, then publishes one event for B and one for the drain: a session's
     * messages arrive in order, so once the drain has stored its new one it has stored what waited for it.
     */
    private Gateway drainWithAllDelivered(Gateway b) throws Exception {
        Gateway drain = gateway("drain", "gw-a", url(brokerPort));
        long bBefore = b.stats().storedCount();
        publishEvents(2);
        List<Long> last = List.of(nextSeq - 2, nextSeq - 1);
        await().atMost(GENEROUS).until(() -> b.stats().storedCount() == bBefore + 1 && storedSeqs().containsAll(last));
        return drain;
    }

    private Gateway gateway(String name, String clientId, String brokerUrl) throws Exception {
        Path config = new InstanceConfig(lab, 0, brokerUrl, clientId, GROUP, schema.url(), 2, gatewayKey,
                "000102030405060708090a0b0c0d0e0f").write(folder.resolve(name + ".yaml"));
        Gateway gateway = Gateway.start(ConfigLoader.load(Optional.of(config), Map.of()), Clock.systemUTC(),
                TestNodes.onePrinter(NODE, nodeKeys.getPublic()));
        gateways.add(gateway);
        return gateway;
    }

    private void publishStatus() throws Exception {
        Instant now = Instant.now();
        NodeStatus status = NodeStatus.online(lab, NODE, now, MachineState.IDLE, now.minusSeconds(1), "1");
        node.publish(status.topic().toString(), TestNodes.signed(signer, status, true));
    }

    private void publishEvents(int count) throws Exception {
        for (int i = 0; i < count; i++) {
            publishEvent();
        }
    }

    private void publishEvent() throws Exception {
        long seq = nextSeq++;
        NodeEvent event = NodeEvent.of(lab, NODE, Instant.now(), seq, UUID.randomUUID().toString(),
                new EventData.SessionProgress("session-1", seq, seq / 2, seq * 0.01));
        node.publish(event.topic().toString(), TestNodes.signed(signer, event, false));
    }

    private List<Long> storedSeqs() throws SQLException {
        List<Long> seqs = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(schema.url());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select seq from node_events where node_id = '" + NODE + "' order by seq")) {
            while (rs.next()) {
                seqs.add(rs.getLong(1));
            }
        }
        return seqs;
    }

    private static String url(int port) {
        return "tcp://127.0.0.1:" + port;
    }
}
