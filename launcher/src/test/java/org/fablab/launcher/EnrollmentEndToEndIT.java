package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.fablab.gateway.domain.SessionRecord;
import org.fablab.node.adapter.sim.SimulatedBadgeReader;
import org.fablab.node.adapter.sim.SimulatedIndicator;
import org.fablab.node.adapter.sim.SimulatedPowerSwitch;
import org.fablab.node.app.MachineNode;
import org.fablab.node.app.NodeCommand;
import org.fablab.node.app.NodeConfig;
import org.fablab.node.app.NodeConfigLoader;
import org.fablab.node.app.NodeHardware;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.EventData;
import org.fablab.protocol.Json;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.Rejection;
import org.fablab.protocol.Signer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A real gateway and the node's own command line: an admin creates an enrollment over the API, {@code fablab-node
 * enroll} redeems it and writes the node's files, the node runs from them and its badge session is stored; then
 * {@code rotate-key} switches keys, the restarted node is accepted with the new key and the old key is refused.
 */
class EnrollmentEndToEndIT {
    @TempDir
    Path dataDir;
    @TempDir
    Path nodeDir;
    /** What an installer carries between the Pi and the server on a USB stick. */
    @TempDir
    Path exchange;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int node(String... args) {
        CommandLine cli = new CommandLine(new NodeCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void aNodeEnrolledWithAToken_runsFromTheWrittenFiles_andAfterRotationOnlyItsNewKeyIsAccepted() throws Exception {
        try (Demo demo = TestLabs.onEmbeddedBroker(dataDir, "enroll")) {
            String gateway = "http://127.0.0.1:" + demo.gateway().httpPort();
            DemoApi admin = new DemoApi(demo.gateway().httpPort(), "admin");
            HttpResponse<String> created = admin.post("/api/v1/enrollments",
                    "{\"nodeId\":\"laser-2\",\"machineId\":\"laser-1\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String token = Json.mapper().readTree(created.body()).get("token").asText();

            int enrolled = node("enroll", "--gateway", gateway, "--token", token, "--dir", nodeDir.toString(),
                    "--data-dir", nodeDir.resolve("data").toString());

            assertThat(enrolled).as(err.toString()).isZero();
            assertThat(out.toString()).contains("enrolled: node laser-2 on machine laser-1").contains("key fingerprint: ");
            for (String secret : new String[] {"node.key", "broker.password", "lab.pepper", "node.yaml"}) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nodeDir.resolve(secret))))
                        .as(secret).isEqualTo("rw-------");
            }
            Path config = nodeDir.resolve("node.yaml");
            assertThat(node("--config", config.toString(), "--check")).as(err.toString()).isZero();
            assertThat(node("enroll", "--gateway", gateway, "--token", token, "--dir", nodeDir.toString()))
                    .isEqualTo(2);
            assertThat(err.toString()).contains("refusing to overwrite");
            Path other = nodeDir.resolve("other");
            assertThat(node("enroll", "--gateway", gateway, "--token", token, "--dir", other.toString())).isEqualTo(1);
            assertThat(err.toString()).contains("enrollment refused by the gateway: this enrollment token was already used");
            assertThat(other.resolve("node.key")).doesNotExist();

            String oldKey = NodeConfigLoader.load(config, Map.of()).nodePrivateKey();
            badgeAndAwaitSession(demo, config);

            assertThat(node("rotate-key", "--config", config.toString(), "--gateway", gateway)).as(err.toString())
                    .isZero();
            assertThat(out.toString()).contains("key rotated: node laser-2");
            NodeConfig rotated = NodeConfigLoader.load(config, Map.of());
            assertThat(rotated.nodePrivateKey()).isNotEqualTo(oldKey);
            assertThat(nodeDir.resolve("node.key.next")).doesNotExist();
            badgeAndAwaitSession(demo, config);

            long refusedBefore = demo.gateway().stats().rejectedCount(Rejection.BAD_SIGNATURE);
            NodeEvent forged = NodeEvent.of(rotated.lab(), "laser-2", Instant.now(), 9_000_000,
                    UUID.randomUUID().toString(), new EventData.NodeBooted("old-key", 0));
            // with the node's own broker login, as a thief of the whole Pi would have it
            MqttClient attacker = new MqttClient(rotated.brokerUrl(), "laser-2", new MemoryPersistence());
            MqttConnectOptions login = new MqttConnectOptions();
            login.setUserName(rotated.brokerUsername());
            login.setPassword(rotated.brokerPassword().toCharArray());
            attacker.connect(login);
            attacker.publish(forged.topic().toString(), new Signer(Ed25519Keys.privateKey(oldKey)).sign(forged), 1,
                    false);
            attacker.disconnect();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    demo.gateway().stats().rejectedCount(Rejection.BAD_SIGNATURE) > refusedBefore);
        }
    }

    @Test
    void offline_theServerRedeemsThePisRequest_andTheBundleMakesAWorkingNode() throws Exception {
        try (Demo demo = TestLabs.onEmbeddedBroker(dataDir, "offline")) {
            Path request = exchange.resolve("request.json");
            Path bundle = exchange.resolve("bundle.json");
            assertThat(node("enroll", "--offline-request", request.toString(), "--dir", nodeDir.toString()))
                    .as(err.toString()).isZero();
            String fingerprint = out.toString().lines().filter(l -> l.startsWith("key fingerprint: ")).findFirst()
                    .orElseThrow().substring("key fingerprint: ".length());

            assertThat(fablab("provision", "node", "--config", dataDir.resolve(DemoConfigFile.FILE_NAME).toString(),
                    "--node", "laser-2", "--machine", "laser-1", "--request", request.toString(), "--bundle",
                    bundle.toString(), "--via", "http://127.0.0.1:" + demo.gateway().httpPort())).as(err.toString())
                    .isZero();

            assertThat(out.toString()).contains("node laser-2 enrolled on machine laser-1, key fingerprint " + fingerprint);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bundle))).isEqualTo("rw-------");
            assertThat(node("enroll", "--bundle", bundle.toString(), "--dir", nodeDir.toString(), "--data-dir",
                    nodeDir.resolve("data").toString())).as(err.toString()).isZero();
            Path config = nodeDir.resolve("node.yaml");
            assertThat(Files.readString(config)).doesNotContain(NodeConfigLoader.load(config, Map.of()).brokerPassword());
            badgeAndAwaitSession(demo, config);

            Path otherPi = exchange.resolve("other-pi");
            node("enroll", "--offline-request", exchange.resolve("other.json").toString(), "--dir", otherPi.toString());
            assertThat(node("enroll", "--bundle", bundle.toString(), "--dir", otherPi.toString())).isEqualTo(2);
            assertThat(err.toString()).contains("not for this node's key");
            assertThat(otherPi.resolve("broker.password")).doesNotExist();
        }
    }

    private int fablab(String... args) {
        CommandLine cli = FablabCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** Runs the node from its files until a badge session of it is stored, then stops it. */
    private static void badgeAndAwaitSession(Demo demo, Path config) {
        NodeConfig settings = NodeConfigLoader.load(config, Map.of());
        SimulatedBadgeReader reader = new SimulatedBadgeReader();
        long before = sessionsOfTheNewNode(demo);
        try (MachineNode machine = MachineNode.start(settings, new NodeHardware(reader, new SimulatedPowerSwitch(),
                new SimulatedIndicator()), Clock.systemUTC())) {
            DemoLab.Member alice = TestLabs.member("m-alice");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                reader.present(alice.badgeType(), alice.badgeUid());
                return sessionsOfTheNewNode(demo) > before;
            });
        }
    }

    private static long sessionsOfTheNewNode(Demo demo) {
        return demo.gateway().store().sessions(Optional.of("laser-1"), Optional.empty(), 100).stream()
                .map(SessionRecord::node).filter("laser-2"::equals).count();
    }
}
