package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcLabDirectory;
import org.fablab.gateway.adapter.jdbc.PostgresSchema;
import org.fablab.gateway.adapter.mqtt.PrivateMosquitto;
import org.fablab.gateway.app.InstanceConfig;
import org.fablab.gateway.app.TestNodes;
import org.fablab.gateway.billing.ChargeKey;
import org.fablab.gateway.domain.BadgeRecord;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.MemberRecord;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.protocol.AclSnapshot;
import org.fablab.protocol.BouncyCastleEd25519;
import org.fablab.protocol.Channel;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.CredentialRef;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.EndReason;
import org.fablab.protocol.EventData;
import org.fablab.protocol.Inbound;
import org.fablab.protocol.MachineState;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.NodeStatus;
import org.fablab.protocol.OfflinePolicy;
import org.fablab.protocol.Signer;
import org.fablab.protocol.Topic;
import org.fablab.protocol.Verifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three gateway processes ({@code fablab.jar gateway}, each its own JVM) on one PostgreSQL schema, sharing ingestion
 * through a Mosquitto of this test ({@code mqtt.sharedGroup}, a client id each) and serving HTTP behind an haproxy of
 * this test that checks {@code GET /health}, as docs/architecture.md sketches. 200 nodes publish 20,000 signed events,
 * ten sessions each; when 40% are out, one gateway is killed with SIGKILL and started again with its client id, as
 * docs/deployment.md's procedure says, while the others go on. Afterwards every event is stored once, every session
 * charged once at its price, the ledger chain verifies, every instance's balances are the ledger's, each node's ACL
 * versions only grew, the live streams on every instance and through haproxy carried the board, and no request
 * through haproxy failed, and the three instances show the same board.
 */
class MultiGatewayFailoverIT {
    private static final Logger LOG = LoggerFactory.getLogger(MultiGatewayFailoverIT.class);
    private static final Path JAR = Path.of("target", "fablab.jar").toAbsolutePath();
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final int NODES = 200;
    private static final int MEMBERS = 20;
    private static final int SESSIONS_PER_NODE = 10;
    /** A start, eight progress records and an end. */
    private static final int EVENTS_PER_SESSION = 10;
    private static final int EVENTS = NODES * SESSIONS_PER_NODE * EVENTS_PER_SESSION;
    private static final int SESSIONS = NODES * SESSIONS_PER_NODE;
    /** The round (of one event per node) after which a gateway is killed. */
    private static final int KILL_AFTER_ROUND = SESSIONS_PER_NODE * EVENTS_PER_SESSION * 2 / 5;
    private static final int EVENTS_PER_SECOND = 800;
    /** Published but not stored yet: above it the nodes wait, so the broker's queues stay far below their bound. */
    private static final int MAX_BACKLOG = 6_000;
    private static final Duration SESSION_LENGTH = Duration.ofMinutes(30);
    /** The session fee and two 15-minute blocks of the price list set below. */
    private static final long SESSION_CENTS = 100 + 2 * 200;
    private static final String KIND = "3d-printer";
    private static final String GROUP = "gateways";
    private static final String PEPPER = "000102030405060708090a0b0c0d0e0f";
    private static final String BADGE_TYPE = "mifare-uid";
    private static final String ADMIN_PASSWORD = "failover-admin-password";
    /** Generous: three gateway JVMs, the broker, PostgreSQL and this test share a small machine. */
    private static final Duration WAIT = Duration.ofSeconds(120);

    /** Kept when the test fails, with the logs of the gateways, Mosquitto and haproxy. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path folder;
    private final String lab = TestLabs.labId("failover");
    private final PostgresSchema schema = new PostgresSchema();
    private final KeyPair gatewayKeys = Ed25519Keys.generate();
    private final List<KeyPair> nodeKeys = IntStream.range(0, NODES).mapToObj(i -> Ed25519Keys.generate()).toList();
    private final CredentialHasher hasher = new CredentialHasher(HexFormat.of().parseHex(PEPPER));
    private final HttpClient http = HttpClient.newHttpClient();
    // 10:00 UTC the day before: no session is split at the lab's midnight, which would change its price
    private final Instant sessionsStart = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofHours(14));
    private final List<GatewayProcess> gateways = new ArrayList<>();
    private final List<MqttAsyncClient> nodes = new ArrayList<>();
    private final List<LiveStream> streams = new ArrayList<>();
    private final Map<String, List<Long>> aclVersions = new ConcurrentHashMap<>();
    private PrivateMosquitto broker;
    private Process haproxy;
    private int proxyPort;
    private MqttClient aclWatch;

    /** One gateway JVM: its config file, HTTP port and log; started again with the same ones. */
    private final class GatewayProcess {
        final String clientId;
        final int port;
        final Path config;
        final Path log;
        Process process;

        GatewayProcess(int index) throws IOException {
            clientId = "gw-" + index;
            port = EmbeddedBrokerEndToEndIT.freePort();
            config = folder.resolve(clientId + ".yaml");
            log = folder.resolve(clientId + ".log");
            new InstanceConfig(lab, port, broker.url(), clientId, GROUP, schema.url(), 4,
                    Ed25519Keys.encode(gatewayKeys.getPrivate()), PEPPER).write(config);
        }

        /** Starts the JVM; true once it answers {@code /health} with 200, false if it exited first. */
        boolean start() throws IOException {
            process = new ProcessBuilder("java", "-Xmx256m", "-XX:+UseSerialGC", "-jar", JAR.toString(), "gateway",
                    "--config", config.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> !process.isAlive() || healthy());
            return process.isAlive();
        }

        boolean healthy() {
            try {
                return http.send(HttpRequest.newBuilder(URI.create(url() + "/health")).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }

        void stop() throws InterruptedException {
            if (process != null && process.isAlive()) {
                process.destroy();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
    }

    @BeforeEach
    void startTheLab() throws Exception {
        try (Database database = schema.open()) {
            seed(new JdbcLabDirectory(database.dataSource(), Clock.systemUTC()));
        }
        broker = PrivateMosquitto.start(folder, "max_queued_messages 100000");
        for (int i = 1; i <= 3; i++) {
            gateways.add(new GatewayProcess(i));
        }
        NetworkLabIT.cli("admin", "create", "--config", gateways.get(0).config.toString(), "--username", "admin",
                "--password", ADMIN_PASSWORD);
        List<CompletableFuture<Boolean>> started = new ArrayList<>();
        for (GatewayProcess gateway : gateways) {
            started.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return gateway.start();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (int i = 0; i < gateways.size(); i++) {
            if (!started.get(i).join()) {
                fail(gateways.get(i).clientId + " exited: " + Files.readString(gateways.get(i).log));
            }
        }
        startHaproxy();
        DemoApi admin = new DemoApi(proxyUrl(), HttpClient.newBuilder(), "admin", ADMIN_PASSWORD);
        // a session fee and 15-minute blocks, no free window: every session costs SESSION_CENTS whenever it ran
        assertThat(admin.put("/api/v1/prices/" + KIND, "{\"wall\":{\"blockMinutes\":15,\"centsPerBlock\":200},"
                + "\"sessionFeeCents\":100,\"vatBasisPoints\":2000}").statusCode()).isEqualTo(200);
        assertThat(admin.put("/api/v1/free-windows", "{\"windows\":[]}").statusCode()).isEqualTo(200);
    }

    @AfterEach
    void stop() throws Exception {
        streams.forEach(LiveStream::close);
        for (MqttAsyncClient node : nodes) {
            node.disconnectForcibly(0, 0, false);
            node.close();
        }
        if (aclWatch != null) {
            aclWatch.disconnectForcibly(0, 0, false);
            aclWatch.close();
        }
        if (haproxy != null) {
            haproxy.destroy();
            haproxy.waitFor(5, TimeUnit.SECONDS);
        }
        for (GatewayProcess gateway : gateways) {
            gateway.stop();
        }
        if (broker != null) {
            broker.close();
        }
        schema.drop();
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void oneOfThreeGatewaysKilledMidBurst_andRestarted_losesNothing_duplicatesNothing() throws Exception {
        long startNanos = System.nanoTime();
        streams.add(new LiveStream(proxyUrl()));
        for (GatewayProcess gateway : gateways) {
            streams.add(new LiveStream(gateway.url()));
        }
        watchAcls();
        connectNodes();
        GatewayProcess victim = gateways.get(1);
        CompletableFuture<Integer> restarts = null;
        ProxyPoller poller = new ProxyPoller();
        Signer[] signers = nodeKeys.stream().map(k -> new Signer(k.getPrivate())).toArray(Signer[]::new);
        long burstStart = System.nanoTime();
        int rounds = SESSIONS_PER_NODE * EVENTS_PER_SESSION;
        for (int round = 0; round < rounds; round++) {
            List<IMqttDeliveryToken> sent = new ArrayList<>(NODES);
            for (int node = 0; node < NODES; node++) {
                sent.add(publish(node, round, signers[node]));
            }
            for (IMqttDeliveryToken token : sent) {
                token.waitForCompletion(WAIT.toMillis());
            }
            long published = (long) (round + 1) * NODES;
            long due = burstStart + published * 1_000_000_000L / EVENTS_PER_SECOND;
            while (System.nanoTime() < due || published - storedEvents() > MAX_BACKLOG) {
                Thread.sleep(20);
            }
            if (round == KILL_AFTER_ROUND) {
                victim.process.destroyForcibly().waitFor();
                LOG.info("{} killed after {} events", victim.clientId, published);
                restarts = CompletableFuture.supplyAsync(() -> restart(victim));
            }
        }
        Duration burst = Duration.ofNanos(System.nanoTime() - burstStart);
        assertThat(restarts).isNotNull();
        int attempts = restarts.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> storedEvents() == EVENTS);
        assertThat(query("select count(distinct node_id || ':' || seq) from node_events").get(0))
                .as("events stored, each once").isEqualTo(EVENTS);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> query("select count(*) from ledger_causes where cause like 'session:%'").get(0) == SESSIONS);
        poller.stop();
        Duration settled = Duration.ofNanos(System.nanoTime() - startNanos);

        assertThat(query("""
                select count(*) from sessions
                 where ended_at is not null and member_id is not null and end_reason = 'badge-out'""").get(0))
                .as("sessions stored, ended, with their member").isEqualTo(SESSIONS);
        assertThat(rows("select cause, sum(amount_cents) from ledger_entries where cause like 'session:%' group by cause"))
                .as("each session charged once, at its price").hasSize(SESSIONS)
                .allSatisfy((cause, cents) -> assertThat(cents).as(cause).isEqualTo(SESSION_CENTS))
                .containsOnlyKeys(IntStream.range(0, SESSIONS).mapToObj(i -> ChargeKey.session(nodeId(i / SESSIONS_PER_NODE),
                        sessionId(i % SESSIONS_PER_NODE))).toList());
        JsonNode verify = json(proxyUrl(), "/api/v1/ledger/verify");
        assertThat(verify.get("ok").asBoolean()).as("ledger verify: %s", verify).isTrue();
        assertThat(verify.get("entries").asLong()).isEqualTo(query("select count(*) from ledger_entries").get(0));

        Map<String, Long> owed = rows("select member_id, sum(amount_cents) from ledger_entries group by member_id");
        assertThat(owed).as("members charged").hasSize(MEMBERS).allSatisfy((member, cents) ->
                assertThat(cents).isEqualTo(SESSION_CENTS * SESSIONS / MEMBERS));
        for (GatewayProcess gateway : gateways) {
            DemoApi onInstance = new DemoApi(gateway.url(), HttpClient.newBuilder(), "admin", ADMIN_PASSWORD);
            await().atMost(WAIT).untilAsserted(() -> {
                for (Map.Entry<String, Long> member : owed.entrySet()) {
                    assertThat(onInstance.json("/api/v1/members/" + member.getKey() + "/balance").get("owedCents")
                            .asLong()).as("%s's balance on %s", member.getKey(), gateway.clientId)
                            .isEqualTo(member.getValue());
                }
            });
        }

        assertThat(aclVersions).as("nodes that received an ACL").hasSize(NODES);
        aclVersions.forEach((node, versions) -> assertThat(versions).as("ACL versions of %s, in arrival order", node)
                .isSortedAccordingTo(Long::compare).doesNotHaveDuplicates());

        assertThat(streams).allSatisfy(stream -> assertThat(stream.machineEvents.get())
                .as("board updates on the live stream of %s", stream.baseUrl).isPositive());
        List<String> boards = new ArrayList<>();
        await("the same board on the three instances").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    boards.clear();
                    for (GatewayProcess gateway : gateways) {
                        boards.add(json(gateway.url(), "/api/v1/machines").toString());
                    }
                    assertThat(boards).as("the board on the three instances").containsOnly(boards.get(0));
                });

        LOG.info("failover: {} events in {} ms at {}/s, {} killed after {} events and back after {} start(s); all "
                        + "stored and charged {} ms after the start; {} requests through haproxy, {} failed; ACLs per "
                        + "node {}..{}; live stream board updates {}", EVENTS,
                burst.toMillis(), EVENTS_PER_SECOND, victim.clientId, KILL_AFTER_ROUND * NODES + NODES, attempts,
                settled.toMillis(), poller.requests.get(), poller.failures,
                aclVersions.values().stream().mapToInt(List::size).min().orElse(0),
                aclVersions.values().stream().mapToInt(List::size).max().orElse(0),
                streams.stream().map(s -> s.machineEvents.get()).toList());
        assertThat(poller.failures).as("requests through haproxy that failed").isEmpty();
    }

    /**
     * Starts {@code victim} again with its config until it comes up: while PostgreSQL has not yet noticed that the
     * killed process's connections are gone, its client id is still claimed and the start is refused. Returns the
     * attempts.
     */
    private int restart(GatewayProcess victim) {
        AtomicInteger attempts = new AtomicInteger();
        await().atMost(WAIT).until(() -> {
            attempts.incrementAndGet();
            return victim.start();
        });
        return attempts.get();
    }

    private void seed(JdbcLabDirectory directory) {
        for (int i = 0; i < MEMBERS; i++) {
            directory.upsert(new MemberRecord(memberId(i), "Member " + i, true));
            directory.upsert(new BadgeRecord(badge(i), memberId(i)));
        }
        for (int i = 0; i < NODES; i++) {
            directory.upsert(new MachineRecord("machine-" + i, "Machine " + i, KIND));
            directory.upsert(new NodeRecord(nodeId(i), "machine-" + i, Ed25519Keys.encode(nodeKeys.get(i).getPublic()),
                    OfflinePolicy.CACHED, Duration.ofHours(24)));
        }
    }

    private void startHaproxy() throws Exception {
        proxyPort = EmbeddedBrokerEndToEndIT.freePort();
        StringBuilder servers = new StringBuilder();
        for (GatewayProcess gateway : gateways) {
            servers.append("    server ").append(gateway.clientId).append(" 127.0.0.1:").append(gateway.port)
                    .append(" check\n");
        }
        // docs/architecture.md's sketch, on loopback without TLS; checks every 500 ms so that a killed gateway leaves
        // the rotation within a second, and a request that found its server gone is tried again on another
        Path config = Files.writeString(folder.resolve("haproxy.cfg"), """
                defaults
                    mode http
                    timeout connect 2s
                    timeout client  60s
                    timeout server  60s
                    timeout http-keep-alive 10s
                    retries 3
                    option redispatch
                    retry-on conn-failure empty-response response-timeout

                frontend fablab
                    bind 127.0.0.1:%d
                    default_backend gateways

                backend gateways
                    balance leastconn
                    option httpchk
                    http-check send meth GET uri /health
                    http-check expect status 200
                    default-server inter 500ms fall 2 rise 2
                    # a check answered late on a busy machine is not a gateway gone
                    timeout check 5s
                %s""".formatted(proxyPort, servers));
        Path log = folder.resolve("haproxy.log");
        haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!haproxy.isAlive()) {
                fail("haproxy exited: " + Files.readString(log));
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create(proxyUrl() + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    private void watchAcls() throws MqttException {
        PublicKey gatewayKey = gatewayKeys.getPublic();
        Verifier verifier = new Verifier(topic -> Optional.of(gatewayKey), Clock.systemUTC(), Verifier.Limits.DEFAULT,
                new BouncyCastleEd25519());
        aclWatch = new MqttClient(broker.url(), lab + "-acl-watch", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        aclWatch.connect(options);
        aclWatch.subscribe(Topic.filterAllNodes(lab, Channel.ACL), 1, (topic, message) -> {
            Inbound checked = verifier.verify(topic, message.getPayload());
            if (checked instanceof Inbound.Accepted accepted && accepted.message() instanceof AclSnapshot acl) {
                aclVersions.computeIfAbsent(acl.node(), n -> new CopyOnWriteArrayList<>()).add(acl.version());
            } else {
                LOG.error("ACL refused on {}: {}", topic, checked);
            }
        });
    }

    /** Connects every node and publishes its retained status, as a node coming up does. */
    private void connectNodes() throws Exception {
        Instant now = Instant.now();
        for (int i = 0; i < NODES; i++) {
            MqttAsyncClient client = new MqttAsyncClient(broker.url(), lab + "-" + nodeId(i), new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            client.connect(options).waitForCompletion(WAIT.toMillis());
            NodeStatus status = NodeStatus.online(lab, nodeId(i), now, MachineState.IDLE, now, "failover-test");
            client.publish(status.topic().toString(), TestNodes.signed(new Signer(nodeKeys.get(i).getPrivate()), status,
                    true)).waitForCompletion(WAIT.toMillis());
            nodes.add(client);
        }
    }

    /** Event {@code round} of {@code node}: its session {@code round / 10}, started, in progress or ended. */
    private IMqttDeliveryToken publish(int node, int round, Signer signer) throws MqttException {
        int step = round % EVENTS_PER_SESSION;
        String session = sessionId(round / EVENTS_PER_SESSION);
        Instant now = Instant.now();
        // every event of a session names the same start: half an hour before its end, all before the burst
        Instant startedAt = sessionsStart.plus(Duration.ofMinutes(round / EVENTS_PER_SESSION));
        long wall = SESSION_LENGTH.toSeconds();
        int member = (node + round / EVENTS_PER_SESSION) % MEMBERS;
        EventData data;
        if (step == 0) {
            data = new EventData.SessionStarted(session, startedAt, badge(member), memberId(member), false);
        } else if (step < EVENTS_PER_SESSION - 1) {
            data = new EventData.SessionProgress(session, wall * step / EVENTS_PER_SESSION,
                    wall * step / EVENTS_PER_SESSION / 2, step * 0.5);
        } else {
            data = new EventData.SessionEnded(session, startedAt, startedAt.plus(SESSION_LENGTH), wall, wall / 2, 5.0,
                    EndReason.BADGE_OUT, false);
        }
        NodeEvent event = NodeEvent.of(lab, nodeId(node), now, round + 1L, lab + "-" + node + "-" + round, data);
        return nodes.get(node).publish(event.topic().toString(), TestNodes.signed(signer, event, false));
    }

    private long storedEvents() throws SQLException {
        return query("select count(*) from node_events").get(0);
    }

    private List<Long> query(String sql) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(schema.url()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
        }
        return values;
    }

    private Map<String, Long> rows(String sql) throws SQLException {
        Map<String, Long> values = new HashMap<>();
        try (Connection c = DriverManager.getConnection(schema.url()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.put(rs.getString(1), rs.getLong(2));
            }
        }
        return values;
    }

    private JsonNode json(String baseUrl, String path) throws Exception {
        return new DemoApi(baseUrl, HttpClient.newBuilder(), "admin", ADMIN_PASSWORD).json(path);
    }

    private String proxyUrl() {
        return "http://127.0.0.1:" + proxyPort;
    }

    private CredentialRef badge(int member) {
        return hasher.hash(BADGE_TYPE, String.format("04F0%010d", member), false);
    }

    private static String memberId(int i) {
        return "member-" + i;
    }

    private static String nodeId(int i) {
        return "node-" + i;
    }

    private static String sessionId(int i) {
        return "s-" + i;
    }

    /**
     * The anonymous live stream ({@code GET /api/v1/stream}) at {@code baseUrl}, read on a thread of its own and
     * opened again after it ends, as a browser's EventSource does; counts the board updates.
     */
    private final class LiveStream implements AutoCloseable {
        final String baseUrl;
        final AtomicLong machineEvents = new AtomicLong();
        private volatile boolean closed;
        private volatile Stream<String> lines;
        private final Thread reader;

        LiveStream(String baseUrl) {
            this.baseUrl = baseUrl;
            reader = new Thread(this::read, "live-stream " + baseUrl);
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            while (!closed) {
                try {
                    HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(
                            URI.create(baseUrl + "/api/v1/stream")).build(), HttpResponse.BodyHandlers.ofLines());
                    lines = response.body();
                    lines.filter(line -> line.equals("event: machine")).forEach(line -> machineEvents.incrementAndGet());
                } catch (IOException | RuntimeException endedOrRefused) {
                    LOG.debug("live stream at {} ended: {}", baseUrl, endedOrRefused.toString());
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        @Override
        public void close() {
            closed = true;
            if (lines != null) {
                lines.close();
            }
            reader.interrupt();
        }
    }

    /** Reads the board through haproxy every 100 ms, from construction to {@link #stop}; keeps what failed. */
    private final class ProxyPoller {
        final AtomicLong requests = new AtomicLong();
        final List<String> failures = new CopyOnWriteArrayList<>();
        private volatile boolean stopped;
        private final Thread thread = new Thread(this::poll, "haproxy-poller");

        ProxyPoller() {
            thread.setDaemon(true);
            thread.start();
        }

        private void poll() {
            HttpRequest request = HttpRequest.newBuilder(URI.create(proxyUrl() + "/api/v1/machines"))
                    .timeout(Duration.ofSeconds(30)).build();
            while (!stopped) {
                requests.incrementAndGet();
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        failures.add(Instant.now() + ": " + response.statusCode() + " " + response.body());
                    }
                    Thread.sleep(100);
                } catch (IOException e) {
                    failures.add(Instant.now() + ": " + e);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            stopped = true;
            thread.join(WAIT.toMillis());
        }
    }
}
