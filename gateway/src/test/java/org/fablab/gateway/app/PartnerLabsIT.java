package org.fablab.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.fablab.gateway.access.Training;
import org.fablab.gateway.access.TrainingCategory;
import org.fablab.gateway.access.TrainingValidity;
import org.fablab.gateway.domain.CertificationView;
import org.fablab.gateway.domain.MemberRecord;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.protocol.AclSnapshot;
import org.fablab.protocol.AuthRequest;
import org.fablab.protocol.AuthResponse;
import org.fablab.protocol.Channel;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.CredentialId;
import org.fablab.protocol.CredentialRef;
import org.fablab.protocol.Decision;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.Inbound;
import org.fablab.protocol.Json;
import org.fablab.protocol.Rejection;
import org.fablab.protocol.Signer;
import org.fablab.protocol.Topic;
import org.fablab.protocol.Verifier;
import org.fablab.protocol.network.NetworkChannel;
import org.fablab.protocol.network.NetworkTopic;
import org.fablab.protocol.network.VisitorPasses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two labs' real gateways, each on its own SQLite database, exchanging pass lists through the test Mosquitto
 * (FABLAB_TEST_MQTT_URL), which stands here for their two bridged brokers: lab A's member, trained at home, appears on
 * the ACL lab B publishes to its printer's node through B's equivalence, B's node asking live with the badge's network
 * hash gets the visitor granted, a revocation at A takes the visitor off B's ACL, and a pass list from a lab that is not
 * B's partner, or one forged in A's name, is refused and counted in B's security log.
 */
class PartnerLabsIT {
    private static final Logger LOG = LoggerFactory.getLogger(PartnerLabsIT.class);
    private static final String PASSWORD = "correct horse battery";
    private static final String NETWORK_PEPPER = "6e6574776f726b2d7065707065722d31";
    private static final String UID = "04A1B2C3D4E5F6";
    private static final String NODE = "node-1";
    private static final Duration GENEROUS = Duration.ofSeconds(30);

    @TempDir
    Path folder;
    private final String suffix = UUID.randomUUID().toString().substring(0, 6);
    private final String labA = "home-" + suffix;
    private final String labB = "host-" + suffix;
    private final KeyPair keyA = Ed25519Keys.generate();
    private final KeyPair keyB = Ed25519Keys.generate();
    private final KeyPair nodeKey = Ed25519Keys.generate();
    private final String networkHash = new CredentialHasher(hex(NETWORK_PEPPER)).hash("mifare-uid", UID, false).hash();
    private final List<Gateway> gateways = new ArrayList<>();
    private final BlockingQueue<AclSnapshot> acls = new LinkedBlockingQueue<>();
    private final BlockingQueue<AuthResponse> answers = new LinkedBlockingQueue<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private Gateway a;
    private Gateway b;
    private MqttClient node;

    @BeforeEach
    void start() throws Exception {
        a = gateway(labA, keyA.getPrivate(), directory -> { });
        b = gateway(labB, keyB.getPrivate(), TestNodes.onePrinter(NODE, nodeKey.getPublic()));
        node = TestNodes.connect(TestNodes.mosquittoUrl(), labB + "-" + NODE, true);
        Verifier fromGateway = new Verifier(topic -> Optional.of(keyB.getPublic()), Clock.systemUTC(),
                Verifier.Limits.DEFAULT);
        node.subscribe(Topic.of(labB, NODE, Channel.ACL).toString(), 1, (topic, message) -> {
            if (fromGateway.verify(topic, message.getPayload()) instanceof Inbound.Accepted accepted) {
                acls.add((AclSnapshot) accepted.message());
            }
        });
        node.subscribe(Topic.of(labB, NODE, Channel.AUTH_RESPONSE).toString(), 1, (topic, message) -> {
            if (fromGateway.verify(topic, message.getPayload()) instanceof Inbound.Accepted accepted) {
                answers.add((AuthResponse) accepted.message());
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        if (node != null && node.isConnected()) {
            for (String topic : List.of(NetworkTopic.of(labA, labB, NetworkChannel.PASSES).toString(),
                    NetworkTopic.of(labB, labA, NetworkChannel.PASSES).toString(),
                    Topic.of(labB, NODE, Channel.ACL).toString())) {
                node.publish(topic, new byte[0], 1, true);
            }
            node.disconnect();
        }
        gateways.forEach(Gateway::close);
        for (String lab : List.of(labA, labB)) {
            TestNodes.forgetSession(TestNodes.mosquittoUrl(), "gw-" + lab);
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aHomeMember_isAdmittedAtTheHost_throughItsEquivalence_untilRevokedAtHome() throws Exception {
        Principal adminA = admin(a);
        a.access().createTraining(adminA, new Training("fdm-basics", "FDM basics", TrainingCategory.COMPETENCY,
                Set.of("3d-printer"), new TrainingValidity.Forever()));
        a.directory().upsert(new MemberRecord("m-zoe", "Zoé Visitor", true));
        a.access().enroll(adminA, "m-zoe", CredentialId.of("mifare-uid", UID), Optional.empty());
        CertificationView certification = a.access().grant(adminA, "m-zoe", "fdm-basics", Optional.empty(),
                Optional.empty());
        Principal adminB = admin(b);
        b.access().createTraining(adminB, new Training("printing-3d", "3D printing", TrainingCategory.COMPETENCY,
                Set.of("3d-printer"), new TrainingValidity.Forever()));

        String tokenA = token(a);
        String tokenB = token(b);
        assertThat(call(a, tokenA, "POST", "/api/v1/partners", partner(labB, keyB)).statusCode()).isEqualTo(201);
        assertThat(call(b, tokenB, "POST", "/api/v1/partners", partner(labA, keyA)).statusCode()).isEqualTo(201);
        assertThat(call(b, tokenB, "PUT", "/api/v1/partners/" + labA + "/equivalences",
                "{\"equivalences\":[{\"theirTraining\":\"fdm-basics\",\"ourTraining\":\"printing-3d\"}]}")
                .statusCode()).isEqualTo(200);

        AclSnapshot admitted = awaitAcl(acl -> acl.entries().stream()
                .anyMatch(entry -> entry.credentialHash().equals(networkHash)));
        assertThat(admitted.entries()).filteredOn(entry -> entry.credentialHash().equals(networkHash))
                .singleElement().satisfies(entry -> {
                    assertThat(entry.memberId()).isEqualTo(labA + ":m-zoe");
                    assertThat(entry.memberName()).isEqualTo("Zoé Visitor");
                });
        JsonNode partnerAtB = json(call(b, tokenB, "GET", "/api/v1/partners/" + labA, null));
        assertThat(partnerAtB.get("passList").get("passes").asInt()).isEqualTo(1);

        CredentialRef labHashAtB = new CredentialHasher(new byte[16]).hash("mifare-uid", UID, false);
        AuthRequest ask = new AuthRequest(1, labB, NODE, Instant.now(), 1, "id-1", "r-1", labHashAtB, networkHash);
        node.publish(ask.topic().toString(), TestNodes.signed(new Signer(nodeKey.getPrivate()), ask, false));
        AuthResponse answer = answers.poll(GENEROUS.toSeconds(), TimeUnit.SECONDS);
        assertThat(answer).isNotNull();
        assertThat(answer.decision()).isEqualTo(Decision.GRANTED);
        assertThat(answer.member().id()).isEqualTo(labA + ":m-zoe");

        Instant revoked = Instant.now();
        a.access().revoke(adminA, "m-zoe", certification.id(), "left the lab");
        awaitAcl(acl -> acl.entries().stream().noneMatch(entry -> entry.credentialHash().equals(networkHash)));
        LOG.info("a revocation at the home lab took the visitor off the host node's ACL in {} ms",
                Duration.between(revoked, Instant.now()).toMillis());
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aPassListFromALabThatIsNotAPartner_orForgedInAPartnersName_isRefusedAndCounted() throws Exception {
        String tokenB = token(b);
        assertThat(call(b, tokenB, "POST", "/api/v1/partners", partner(labA, keyA)).statusCode()).isEqualTo(201);
        KeyPair stranger = Ed25519Keys.generate();
        String labZ = "stranger-" + suffix;

        VisitorPasses unknown = passes(labZ);
        node.publish(unknown.topic().toString(), new Signer(stranger.getPrivate()).sign(unknown), 1, false);
        VisitorPasses forged = passes(labA);
        node.publish(forged.topic().toString(), new Signer(stranger.getPrivate()).sign(forged), 1, false);

        await().atMost(GENEROUS).until(() -> b.stats().rejectedCount(Rejection.UNKNOWN_PARTNER) >= 1
                && b.stats().rejectedCount(Rejection.BAD_SIGNATURE) >= 1);
        JsonNode events = json(call(b, tokenB, "GET", "/api/v1/security-events", null));
        assertThat(events.toString()).contains(unknown.topic().toString(), "unknown-partner", "bad-signature");
        assertThat(json(call(b, tokenB, "GET", "/api/v1/partners/" + labA, null)).get("passList").isNull())
                .as("the forged list was not kept").isTrue();
    }

    private VisitorPasses passes(String from) {
        Instant now = Instant.now();
        return new VisitorPasses(1, from, labB, now, 1, now.plus(Duration.ofDays(1)),
                List.of(new VisitorPasses.Pass(networkHash, "m-x", "Someone", List.of("fdm-basics"))));
    }

    private AclSnapshot awaitAcl(java.util.function.Predicate<AclSnapshot> wanted) throws InterruptedException {
        Instant deadline = Instant.now().plus(GENEROUS);
        while (Instant.now().isBefore(deadline)) {
            AclSnapshot acl = acls.poll(1, TimeUnit.SECONDS);
            if (acl != null && wanted.test(acl)) {
                return acl;
            }
        }
        throw new AssertionError("no such ACL published to " + NODE + " within " + GENEROUS);
    }

    private Gateway gateway(String lab, PrivateKey key, java.util.function.Consumer<org.fablab.gateway.port.LabDirectory>
            seed) throws IOException {
        Path config = Files.writeString(folder.resolve(lab + ".yaml"), """
                lab: %s
                http:
                  port: 0
                mqtt:
                  mode: external
                  url: %s
                  clientId: gw-%s
                store:
                  url: "jdbc:sqlite:%s"
                keys:
                  gatewayPrivateKey: %s
                  labPepper: "00000000000000000000000000000000"
                network:
                  pepper: "%s"
                """.formatted(lab, TestNodes.mosquittoUrl(), lab, folder.resolve(lab + ".db"),
                Ed25519Keys.encode(key), NETWORK_PEPPER));
        Gateway gateway = Gateway.start(ConfigLoader.load(Optional.of(config), Map.of()), Clock.systemUTC(), seed);
        gateways.add(gateway);
        return gateway;
    }

    private static Principal admin(Gateway gateway) {
        return new Principal("admin", Role.ADMIN, null, "Admin");
    }

    private static String token(Gateway gateway) {
        gateway.auth().createAccount("test", "admin", PASSWORD, Role.ADMIN, null);
        return gateway.auth().createToken(admin(gateway), "partners");
    }

    private static String partner(String lab, KeyPair key) {
        return "{\"id\":\"" + lab + "\",\"name\":\"Fablab " + lab + "\",\"publicKey\":\""
                + Ed25519Keys.encode(key.getPublic()) + "\"}";
    }

    private HttpResponse<String> call(Gateway gateway, String token, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort()
                        + path)).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        LOG.debug("{} {} -> {} {}", method, path, response.statusCode(), response.body());
        return response;
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.mapper().readTree(response.body());
    }

    private static byte[] hex(String text) {
        return java.util.HexFormat.of().parseHex(text);
    }
}
