package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.fablab.node.app.NodeConfig;
import org.fablab.node.app.NodeConfigLoader;
import org.fablab.protocol.BrokerTransport;
import org.fablab.protocol.Channel;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.EventData;
import org.fablab.protocol.Json;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.Signer;
import org.fablab.protocol.Topic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab over a network, as installed: two network namespaces made here joined by a veth pair, the server
 * ({@value #SERVER_IP}) in one, two nodes ({@value #NODES_IP}) in the other. In the server namespace the lab CA and
 * Mosquitto's files come from {@code fablab provision ca} and {@code fablab provision mosquitto}; Mosquitto runs from
 * them with TLS, the gateway runs from {@code fablab.jar} over {@code ssl://} with {@code brokerAdmin: dynsec} and
 * HTTPS. In the nodes namespace {@code fablab node enroll} redeems a token per node and {@code fablab node} runs each
 * with a keyboard-wedge reader on its stdin, through which the test badges.
 *
 * <p>The test itself stays in the host namespace: it reaches the gateway's API and the broker through {@code socat}
 * relays whose far end runs in the nodes namespace, so every connection it makes comes from {@value #NODES_IP} as a
 * node's would. The relays listen on loopback, hence the server certificate also names 127.0.0.1.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetworkLabIT {
    static final String SERVER_IP = "10.77.0.1";
    static final String NODES_IP = "10.77.0.2";
    private static final int MQTT_PORT = 8883;
    private static final int HTTPS_PORT = 8443;
    private static final Path JAR = Path.of("target", "fablab.jar").toAbsolutePath();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String BADGE = "NETLAB0001";
    private static final String ADMIN_PASSWORD = "network-lab-admin";

    @TempDir
    static Path dir;

    private final String suffix = UUID.randomUUID().toString().substring(0, 6);
    private final String serverNs = "fl-srv-" + suffix;
    private final String nodesNs = "fl-nod-" + suffix;
    private final String lab = "netlab-" + suffix;
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final List<MqttClient> clients = new ArrayList<>();
    private final Map<String, Process> nodes = new HashMap<>();
    private Path caFile;
    private Path tls;
    private int mqttRelay;
    private DemoApi admin;
    private String memberId;

    @BeforeAll
    void startTheLab() throws Exception {
        makeNamespaces();
        tls = dir.resolve("tls");
        cli("provision", "ca", "--out", tls.toString(), "--name", "Network lab", "--ip", SERVER_IP, "--ip", "127.0.0.1");
        caFile = tls.resolve("ca.pem");
        startMosquitto();
        Path config = writeGatewayConfig();
        cli("admin", "create", "--config", config.toString(), "--username", "admin", "--password", ADMIN_PASSWORD);
        startGateway(config);
        mqttRelay = relay(MQTT_PORT);
        admin = new DemoApi("https://127.0.0.1:" + relay(HTTPS_PORT),
                HttpClient.newBuilder().sslContext(BrokerTransport.trustingOnly(caFile)), "admin", ADMIN_PASSWORD);
        seedMachinesAndMember();
        for (String node : List.of("laser-a", "laser-b")) {
            enroll(node);
            startNode(node);
        }
    }

    @AfterAll
    void tearDown() throws Exception {
        for (MqttClient client : clients) {
            try {
                client.disconnectForcibly(200, 200);
            } catch (MqttException alreadyGone) {
                // closing below is what matters
            }
            client.close(true);
        }
        for (Process process : processes) {
            stop(process);
        }
        List<String> failures = new ArrayList<>();
        for (String ns : namespaces) {
            // deleting a namespace deletes the veth end inside it, and with it its peer
            Process del = new ProcessBuilder("ip", "netns", "del", ns).redirectErrorStream(true).start();
            if (del.waitFor() != 0) {
                failures.add(ns + ": " + new String(del.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(failures).as("namespaces left behind").isEmpty();
    }

    @Test
    @Order(1)
    void aTrainedMembersBadge_atEachEnrolledNode_startsASession_andTheRelayGoesOn() throws Exception {
        for (String node : List.of("laser-a", "laser-b")) {
            badgeAndAwaitSession(node);
            // the same badge again ends the session, so that the next badge starts a new one
            type(node);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> !machineState(node).equals("active"));
        }
    }

    @Test
    @Order(2)
    void nodeAsCredentials_cannotPublishOnBsTopics_norSubscribeToBsAclOrCmd() throws Exception {
        // as a thief holding node A's files: the node itself is stopped, its client id is free
        stop(nodes.get("laser-a"));
        NodeConfig a = nodeConfig("laser-a");
        long refusedOfB = refusals("laser-b");
        MqttClient client = connect("laser-a", a.brokerUsername(), a.brokerPassword());
        // signed with A's key, as the gateway would at least have to look at it and refuse it
        NodeEvent forged = NodeEvent.of(lab, "laser-b", Instant.now(), 8_000_000, UUID.randomUUID().toString(),
                new EventData.NodeBooted("forged", 0));
        tryPublish(client, topic("laser-b", Channel.EVENTS), new Signer(Ed25519Keys.privateKey(a.nodePrivateKey()))
                .sign(forged));
        client = connectedOrAgain(client, a);
        tryPublish(client, topic("laser-b", Channel.STATUS), "{}".getBytes(StandardCharsets.UTF_8));
        for (Channel channel : List.of(Channel.ACL, Channel.CMD)) {
            client = connectedOrAgain(client, a);
            assertThat(grantedQos(client, topic("laser-b", channel))).as(channel.toString()).isEqualTo(0x80);
        }
        client = connectedOrAgain(client, a);
        assertThat(grantedQos(client, topic("laser-a", Channel.CMD))).isEqualTo(1);
        Thread.sleep(1_500);
        assertThat(refusals("laser-b")).as("a publish on B's events reached the gateway").isEqualTo(refusedOfB);
        assertAuthRefusal(() -> connect("laser-b", a.brokerUsername(), a.brokerPassword()));
    }

    @Test
    @Order(3)
    void anonymousClients_andTheGatewaysClientIdWithoutItsCredentials_areRefused() throws Exception {
        NodeConfig a = nodeConfig("laser-a");
        assertAuthRefusal(() -> connect("anyone", null, null));
        assertAuthRefusal(() -> connect("fablab-gateway", null, null));
        assertAuthRefusal(() -> connect("fablab-gateway", a.brokerUsername(), a.brokerPassword()));
        // the gateway kept its connection: B's session (left in its grace period above) resumes on a badge and the
        // board, fed by the gateway's subscription, shows it
        String before = machineState("laser-b");
        type("laser-b");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> !machineState("laser-b").equals(before));
    }

    @Test
    @Order(4)
    void retiredNodeB_isShutOutByTheBrokerWithinTwoSeconds() throws Exception {
        stop(nodes.get("laser-b"));
        NodeConfig b = nodeConfig("laser-b");
        MqttClient client = connect("laser-b", b.brokerUsername(), b.brokerPassword());

        long start = System.nanoTime();
        HttpResponse<String> retired = admin.post("/api/v1/nodes/laser-b/retire", "{\"reason\":\"stolen\"}");
        assertThat(retired.statusCode()).as(retired.body()).isEqualTo(200);
        tryPublish(client, topic("laser-b", Channel.EVENTS), "{}".getBytes(StandardCharsets.UTF_8));
        long deadline = start + TimeUnit.SECONDS.toNanos(2);
        while (client.isConnected() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(client.isConnected()).as("B still connected 2 s after its retirement").isFalse();
        assertAuthRefusal(() -> connect("laser-b", b.brokerUsername(), b.brokerPassword()));
    }

    @Test
    @Order(5)
    void rotatedKeyOfA_onlyTheNewKeyIsAccepted() throws Exception {
        Path config = dir.resolve("laser-a").resolve("node.yaml");
        String oldKey = nodeConfig("laser-a").nodePrivateKey();
        ProcessResult rotated = inNodes(List.of("node", "rotate-key", "--config", config.toString(), "--gateway",
                gatewayUrl(), "--ca", caFile.toString()));
        assertThat(rotated.code()).as(rotated.output()).isZero();
        assertThat(rotated.output()).contains("key rotated: node laser-a");
        NodeConfig a = nodeConfig("laser-a");
        assertThat(a.nodePrivateKey()).isNotEqualTo(oldKey);

        startNode("laser-a");
        badgeAndAwaitSession("laser-a");
        stop(nodes.get("laser-a"));

        long refused = refusals("laser-a");
        MqttClient client = connect("laser-a", a.brokerUsername(), a.brokerPassword());
        NodeEvent signedWithOldKey = NodeEvent.of(lab, "laser-a", Instant.now(), 9_000_000,
                UUID.randomUUID().toString(), new EventData.NodeBooted("old-key", 0));
        client.publish(topic("laser-a", Channel.EVENTS), new Signer(Ed25519Keys.privateKey(oldKey))
                .sign(signedWithOldKey), 1, false);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> refusals("laser-a") > refused);
    }

    private void makeNamespaces() throws Exception {
        ProcessResult probe = run(List.of("ip", "netns", "list"));
        if (probe.code() != 0) {
            fail("this test needs 'ip netns' (iproute2, run as root or with CAP_NET_ADMIN) and it failed: "
                    + probe.output());
        }
        String serverEnd = "fls" + suffix;
        String nodesEnd = "fln" + suffix;
        for (String ns : List.of(serverNs, nodesNs)) {
            must(List.of("ip", "netns", "add", ns));
            namespaces.add(ns);
            must(List.of("ip", "-n", ns, "link", "set", "lo", "up"));
        }
        must(List.of("ip", "link", "add", serverEnd, "netns", serverNs, "type", "veth", "peer", "name", nodesEnd,
                "netns", nodesNs));
        must(List.of("ip", "-n", serverNs, "addr", "add", SERVER_IP + "/24", "dev", serverEnd));
        must(List.of("ip", "-n", nodesNs, "addr", "add", NODES_IP + "/24", "dev", nodesEnd));
        must(List.of("ip", "-n", serverNs, "link", "set", serverEnd, "up"));
        must(List.of("ip", "-n", nodesNs, "link", "set", nodesEnd, "up"));
    }

    private void startMosquitto() throws Exception {
        Path confD = Files.createDirectories(dir.resolve("mosquitto").resolve("conf.d"));
        Path persistence = Files.createDirectories(dir.resolve("mosquitto").resolve("data"));
        cli("provision", "mosquitto", "--lab", lab, "--out", confD.resolve("fablab.conf").toString(),
                "--dynsec-file", dir.resolve("mosquitto").resolve("dynamic-security.json").toString(),
                "--env-out", dir.resolve("broker.env").toString(), "--bind", SERVER_IP, "--port",
                Integer.toString(MQTT_PORT), "--cafile", caFile.toString(), "--certfile",
                tls.resolve("server.pem").toString(), "--keyfile", tls.resolve("server.key").toString(),
                "--persistence-dir", persistence.toString());
        // as Debian's mosquitto.conf includes conf.d; as root Mosquitto would switch to a user that may not read here
        Path main = Files.writeString(dir.resolve("mosquitto").resolve("mosquitto.conf"),
                "user root\nlog_dest stderr\ninclude_dir " + confD + "\n");
        Path log = dir.resolve("mosquitto.log");
        Process mosquitto = start(List.of("ip", "netns", "exec", serverNs, "/usr/sbin/mosquitto", "-c",
                main.toString()), log, null);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!mosquitto.isAlive()) {
                fail("mosquitto exited: " + Files.readString(log));
            }
            return Files.readString(log).contains("listen socket on port " + MQTT_PORT);
        });
    }

    private Path writeGatewayConfig() throws IOException {
        Path data = Files.createDirectories(dir.resolve("gateway"));
        byte[] pepper = new byte[32];
        new SecureRandom().nextBytes(pepper);
        return Files.writeString(data.resolve("gateway.yaml"), String.join("\n",
                "lab: " + lab,
                "http:",
                "  host: 0.0.0.0",
                "  port: " + HTTPS_PORT,
                "  tls:",
                "    certificateFile: " + tls.resolve("server.pem"),
                "    keyFile: " + tls.resolve("server.key"),
                "mqtt:",
                "  url: ssl://" + SERVER_IP + ":" + MQTT_PORT,
                "  caFile: " + caFile,
                "store:",
                "  url: jdbc:sqlite:" + data.resolve("fablab.db"),
                "keys:",
                "  gatewayPrivateKey: " + Ed25519Keys.encode(Ed25519Keys.generate().getPrivate()),
                "  labPepper: " + HexFormat.of().formatHex(pepper),
                "enrollment:",
                "  brokerUrl: ssl://" + SERVER_IP + ":" + MQTT_PORT,
                "  caCertificateFile: " + caFile,
                ""));
    }

    private void startGateway(Path config) throws Exception {
        Map<String, String> env = new HashMap<>();
        // the file 'provision mosquitto' wrote for systemd's EnvironmentFile: mode, user, client id, dynsec admin
        for (String line : Files.readAllLines(dir.resolve("broker.env"))) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        assertThat(env).containsEntry("FABLAB_MQTT_BROKER_ADMIN", "dynsec").containsEntry("FABLAB_MQTT_MODE", "external");
        Path log = dir.resolve("gateway.log");
        Process gateway = start(List.of("ip", "netns", "exec", serverNs, "java", "-Xmx256m", "-jar", JAR.toString(),
                "gateway", "--config", config.toString()), log, env);
        Path health = dir.resolve("health");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!gateway.isAlive()) {
                fail("the gateway exited: " + Files.readString(log));
            }
            return run(List.of("ip", "netns", "exec", nodesNs, "curl", "-sf", "--cacert", caFile.toString(), "-o",
                    health.toString(), gatewayUrl() + "/health")).code() == 0;
        });
    }

    private void seedMachinesAndMember() throws Exception {
        for (String machine : List.of("laser-a", "laser-b")) {
            created(admin.post("/api/v1/machines", "{\"id\":\"" + machine + "\",\"name\":\"Laser " + machine
                    + "\",\"kind\":\"laser-cutter\"}"));
        }
        created(admin.post("/api/v1/trainings", "{\"id\":\"laser-net\",\"name\":\"Laser safety\","
                + "\"category\":\"competency\",\"machineKinds\":[\"laser-cutter\"],"
                + "\"validity\":{\"kind\":\"fixed-duration\",\"days\":365}}"));
        memberId = created(admin.post("/api/v1/members", "{\"name\":\"Ada Network\",\"email\":\"ada@example.org\"}"))
                .get("id").asText();
        created(admin.post("/api/v1/members/" + memberId + "/certifications", "{\"trainingId\":\"laser-net\"}"));
        created(admin.post("/api/v1/members/" + memberId + "/badges", "{\"type\":\"keyboard\",\"uid\":\"" + BADGE
                + "\"}"));
    }

    private void enroll(String node) throws Exception {
        String token = created(admin.post("/api/v1/enrollments", "{\"nodeId\":\"" + node + "\",\"machineId\":\""
                + node + "\"}")).get("token").asText();
        // every typed line is a read: the test types a badge exactly when it means one, to start or to end a session
        Path hardware = Files.writeString(dir.resolve(node + "-hardware.yaml"),
                "hardware: simulated\nreader:\n  kind: keyboard-stdin\n  debounce: 0s\n");
        Path nodeDir = dir.resolve(node);
        ProcessResult enrolled = inNodes(List.of("node", "enroll", "--gateway", gatewayUrl(), "--token", token,
                "--ca", caFile.toString(), "--dir", nodeDir.toString(), "--data-dir", nodeDir.resolve("data").toString(),
                "--hardware", hardware.toString()));
        assertThat(enrolled.code()).as(enrolled.output()).isZero();
        assertThat(enrolled.output()).contains("enrolled: node " + node + " on machine " + node);
        assertThat(nodeConfig(node).brokerUrl()).isEqualTo("ssl://" + SERVER_IP + ":" + MQTT_PORT);
    }

    private void startNode(String node) throws IOException {
        nodes.put(node, start(List.of("ip", "netns", "exec", nodesNs, "java", "-Xmx64m", "-jar", JAR.toString(), "node",
                "--config", dir.resolve(node).resolve("node.yaml").toString()), dir.resolve(node + ".log"), null));
    }

    /**
     * Once the node reports itself online with an ACL, types the badge once on its keyboard-wedge reader (a second
     * read would end the session) and waits for the session on the gateway and the relay on.
     */
    private void badgeAndAwaitSession(String node) throws Exception {
        Process process = nodes.get(node);
        int before = admin.json("/api/v1/sessions?machine=" + node).size();
        try {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (!process.isAlive()) {
                    fail(node + " exited: " + Files.readString(dir.resolve(node + ".log")));
                }
                JsonNode status = nodeStatus(node);
                return status.path("online").asBoolean() && status.hasNonNull("aclIssuedAt");
            });
            type(node);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
                    .until(() -> admin.json("/api/v1/sessions?machine=" + node).size() > before);
            // the board shows what the node reports in its status: active means the relay is on
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> machineState(node).equals("active"));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no running session of " + node + " (machine state " + machineState(node)
                    + ", node " + nodeStatus(node) + "); node log:\n" + Files.readString(dir.resolve(node + ".log")), e);
        }
    }

    private void type(String node) throws IOException {
        OutputStream keyboard = nodes.get(node).getOutputStream();
        keyboard.write((BADGE + "\n").getBytes(StandardCharsets.US_ASCII));
        keyboard.flush();
    }

    private JsonNode nodeStatus(String node) throws Exception {
        for (JsonNode status : admin.json("/api/v1/nodes")) {
            if (status.path("nodeId").asText().equals(node)) {
                return status;
            }
        }
        return Json.mapper().createObjectNode();
    }

    private String machineState(String machine) throws Exception {
        for (JsonNode card : admin.json("/api/v1/machines")) {
            if (card.path("id").asText().equals(machine)) {
                return card.path("state").asText();
            }
        }
        return "absent";
    }

    private void awaitSession(String node, Process process, int before) {
        OutputStream keyboard = process.getOutputStream();
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(2)).until(() -> {
            if (!process.isAlive()) {
                fail(node + " exited: " + Files.readString(dir.resolve(node + ".log")));
            }
            keyboard.write((BADGE + "\n").getBytes(StandardCharsets.US_ASCII));
            keyboard.flush();
            return admin.json("/api/v1/sessions?machine=" + node).size() > before;
        });
    }

    private long refusals(String node) throws Exception {
        long total = 0;
        for (JsonNode row : admin.json("/api/v1/security-events/counts")) {
            if (row.path("node").asText().equals(node)) {
                total += row.path("refused").asLong();
            }
        }
        return total;
    }

    private NodeConfig nodeConfig(String node) {
        return NodeConfigLoader.load(dir.resolve(node).resolve("node.yaml"), Map.of());
    }

    private String gatewayUrl() {
        return "https://" + SERVER_IP + ":" + HTTPS_PORT;
    }

    private String topic(String node, Channel channel) {
        return Topic.of(lab, node, channel).toString();
    }

    /**
     * A local port whose connections are carried to {@code port} on the server by a {@code socat} started in the
     * nodes namespace; the two halves meet on a Unix socket, which namespaces do not separate.
     */
    private int relay(int port) throws Exception {
        Path socket = dir.resolve("relay-" + port + ".sock");
        start(List.of("ip", "netns", "exec", nodesNs, "socat", "UNIX-LISTEN:" + socket + ",fork",
                "TCP:" + SERVER_IP + ":" + port), dir.resolve("relay-" + port + "-far.log"), null);
        await().atMost(WAIT).until(() -> Files.exists(socket));
        int local;
        try (ServerSocket free = new ServerSocket(0)) {
            local = free.getLocalPort();
        }
        start(List.of("socat", "TCP-LISTEN:" + local + ",bind=127.0.0.1,reuseaddr,fork", "UNIX-CONNECT:" + socket),
                dir.resolve("relay-" + port + "-near.log"), null);
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            try (Socket ignored = new Socket("127.0.0.1", local)) {
                return true;
            }
        });
        return local;
    }

    private MqttClient connect(String clientId, String username, String password) throws MqttException {
        MqttClient client = new MqttClient("ssl://127.0.0.1:" + mqttRelay, clientId, new MemoryPersistence());
        clients.add(client);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(BrokerTransport.trusting(caFile));
        options.setHttpsHostnameVerificationEnabled(true);
        options.setCleanSession(true);
        options.setConnectionTimeout(10);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        if (username != null) {
            options.setUserName(username);
            options.setPassword(password.toCharArray());
        }
        client.connect(options);
        return client;
    }

    /** A refused publish or subscription may close the connection (MQTT 3.1.1 leaves it to the broker). */
    private MqttClient connectedOrAgain(MqttClient client, NodeConfig login) throws MqttException {
        return client.isConnected() ? client : connect(client.getClientId(), login.brokerUsername(),
                login.brokerPassword());
    }

    private static void tryPublish(MqttClient client, String topic, byte[] payload) {
        try {
            client.publish(topic, payload, 1, false);
        } catch (MqttException refusedByClosing) {
            // the broker may close the connection instead of acknowledging: either way nothing may arrive
        }
    }

    private static int grantedQos(MqttClient client, String filter) throws MqttException {
        try {
            return client.subscribeWithResponse(filter, 1).getGrantedQos()[0];
        } catch (MqttException e) {
            if (e.getReasonCode() == 0x80) {
                return 0x80;
            }
            throw e;
        }
    }

    private static void assertAuthRefusal(ThrowingConnect connect) {
        assertThatThrownBy(connect::connect).isInstanceOfSatisfying(MqttException.class, e ->
                assertThat(e.getReasonCode()).as(e.toString()).isIn(
                        (int) MqttException.REASON_CODE_NOT_AUTHORIZED,
                        (int) MqttException.REASON_CODE_FAILED_AUTHENTICATION,
                        (int) MqttException.REASON_CODE_INVALID_CLIENT_ID));
    }

    @FunctionalInterface
    private interface ThrowingConnect {
        void connect() throws Exception;
    }

    private static JsonNode created(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
        return Json.mapper().readTree(response.body());
    }

    /** Runs {@code fablab …} in this JVM: the provisioning words write files only. */
    static void cli(String... args) {
        StringWriter out = new StringWriter();
        picocli.CommandLine cli = FablabCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        assertThat(cli.execute(args)).as(String.join(" ", args) + ": " + out).isZero();
    }

    private ProcessResult inNodes(List<String> fablabArgs) throws Exception {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", nodesNs, "java", "-Xmx64m", "-jar",
                JAR.toString()));
        command.addAll(fablabArgs);
        return run(command);
    }

    private Process start(List<String> command, Path log, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        if (env != null) {
            builder.environment().putAll(env);
        }
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private static void stop(Process process) throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private record ProcessResult(int code, String output) {
    }

    private static ProcessResult run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new ProcessResult(process.waitFor(), output);
    }

    private static void must(List<String> command) throws IOException, InterruptedException {
        ProcessResult result = run(command);
        assertThat(result.code()).as(String.join(" ", command) + ": " + result.output()).isZero();
    }
}
