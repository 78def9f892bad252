package org.fablab.gateway.app;

import static org.fablab.gateway.app.TestNodes.mosquittoUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
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
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.fablab.gateway.adapter.jdbc.PostgresSchema;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.EventData;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.Signer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real gateway (PostgreSQL named by FABLAB_TEST_PG_URL with a pool of two connections, the test Mosquitto named by
 * FABLAB_TEST_MQTT_URL) serving more of one long job than it has connections, each stuck in its query (another
 * session holds the table it reads locked) for clients that read nothing: a node's event is still stored and a login
 * still succeeds, since long jobs read on connections of their own.
 */
class LongJobsConnectionsIT {
    private static final String NODE = "node-1";
    private static final int MAIN_POOL = 2;
    private static final int STUCK_JOBS = 4;
    private static final String PASSWORD = "correct horse battery";
    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @TempDir
    Path folder;
    private final String lab = "jobs-" + UUID.randomUUID().toString().substring(0, 8);
    private final PostgresSchema schema = new PostgresSchema();
    private final KeyPair nodeKeys = Ed25519Keys.generate();
    private final List<Socket> stalled = new ArrayList<>();
    private Gateway gateway;
    private MqttClient node;
    private Connection locker;

    @BeforeEach
    void start() throws Exception {
        schema.create();
        Path config = folder.resolve("gateway.yaml");
        Files.writeString(config, """
                lab: %s
                http:
                  port: 0
                mqtt:
                  mode: external
                  url: %s
                  clientId: gw-%s
                  dataDir: %s
                store:
                  url: "%s"
                  poolSize: %d
                keys:
                  gatewayPrivateKey: %s
                  labPepper: 000102030405060708090a0b0c0d0e0f
                """.formatted(lab, mosquittoUrl(), lab, folder.resolve("broker"), schema.url(), MAIN_POOL,
                Ed25519Keys.encode(Ed25519Keys.generate().getPrivate())));
        gateway = Gateway.start(ConfigLoader.load(Optional.of(config), Map.of()), Clock.systemUTC(),
                TestNodes.onePrinter(NODE, nodeKeys.getPublic()));
        gateway.auth().createAccount("test", "treasurer", PASSWORD, Role.TREASURER, null);
        gateway.auth().createAccount("test", "maker", PASSWORD, Role.MAKER, null);
        node = TestNodes.connect(mosquittoUrl(), lab + "-" + NODE, true);
    }

    @AfterEach
    void stop() throws Exception {
        for (Socket socket : stalled) {
            socket.close();
        }
        if (locker != null) {
            locker.rollback();
            locker.close();
        }
        if (node != null && node.isConnected()) {
            node.disconnect();
        }
        if (gateway != null) {
            gateway.close();
        }
        TestNodes.forgetSession(mosquittoUrl(), "gw-" + lab);
        schema.drop();
    }

    /** A long job the API serves, and the table its query reads first. */
    enum LongJob {
        EXPORT("/api/v1/exports/journal.csv?from=2026-01-01&to=2026-12-31", "ledger_entries"),
        LEDGER_VERIFICATION("/api/v1/ledger/verify", "ledger_entries"),
        AUDIT_CSV("/api/v1/audit.csv", "audit_log");

        final String path;
        final String table;

        LongJob(String path, String table) {
            this.path = path;
            this.table = table;
        }
    }

    @ParameterizedTest
    @EnumSource(LongJob.class)
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void longJobsStuckInTheirQueries_forClientsThatReadNothing_leaveIngestionAndLoginsWorking(LongJob job)
            throws Exception {
        String token = gateway.auth().createToken(new Principal("treasurer", Role.TREASURER, null, "Treasurer"),
                "stuck");
        locker = DriverManager.getConnection(schema.url());
        locker.setAutoCommit(false);
        try (Statement s = locker.createStatement()) {
            s.execute("lock table " + job.table + " in access exclusive mode");
        }
        for (int i = 0; i < STUCK_JOBS; i++) {
            Socket socket = new Socket();
            socket.setReceiveBufferSize(1024);
            socket.connect(new InetSocketAddress("127.0.0.1", gateway.httpPort()));
            socket.getOutputStream().write(("GET " + job.path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            stalled.add(socket);
        }
        // as many jobs as run at once are now waiting for the table, each on a connection it holds
        await().atMost(GENEROUS).until(() -> waitingFor(job.table) >= 2);

        NodeEvent event = NodeEvent.of(lab, NODE, Instant.now(), 1, UUID.randomUUID().toString(),
                new EventData.NodeBooted("1.0.0", 0));
        MqttMessage message = new MqttMessage(new Signer(nodeKeys.getPrivate()).sign(event));
        message.setQos(1);
        node.publish(event.topic().toString(), message);
        HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.httpPort() + "/api/v1/login"))
                .timeout(GENEROUS).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"maker\",\"password\":\"" + PASSWORD + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        await().atMost(GENEROUS).until(() -> storedEvents() == 1);
        assertThat(waitingFor(job.table)).as("the jobs are still stuck").isGreaterThanOrEqualTo(2);
    }

    /** Sessions of this schema's database waiting for a lock on {@code table}. */
    private long waitingFor(String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(schema.url());
             PreparedStatement s = c.prepareStatement("select count(*) from pg_locks where not granted"
                     + " and relation = to_regclass(?)")) {
            s.setString(1, schema.name() + "." + table);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long storedEvents() throws SQLException {
        try (Connection c = DriverManager.getConnection(schema.url());
             PreparedStatement s = c.prepareStatement("select count(*) from node_events where node_id = ?")) {
            s.setString(1, NODE);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
