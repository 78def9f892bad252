package org.fablab.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.fablab.gateway.access.Training;
import org.fablab.gateway.access.TrainingCategory;
import org.fablab.gateway.access.TrainingValidity;
import org.fablab.gateway.domain.CertificationView;
import org.fablab.gateway.domain.MemberRecord;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.port.LabDirectory;
import org.fablab.protocol.AclSnapshot;
import org.fablab.protocol.AuthRequest;
import org.fablab.protocol.AuthResponse;
import org.fablab.protocol.Channel;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.CredentialId;
import org.fablab.protocol.CredentialRef;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.EndReason;
import org.fablab.protocol.EventData;
import org.fablab.protocol.Inbound;
import org.fablab.protocol.Json;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.Signer;
import org.fablab.protocol.Topic;
import org.fablab.protocol.Verifier;
import org.fablab.protocol.network.VisitorPasses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two partner labs' real gateways, each on its own SQLite database, and the facts of their partnership: lab A (home)
 * whose member Zoé holds {@code fdm-basics}, lab B (host) with printer-1 and its node, which counts A's
 * {@code fdm-basics} as its {@code printing-3d}. The node's side is a client the test connects: what it receives is
 * checked with B's key, as a node does. Where the gateways' broker is, and how the node logs in, is the test's.
 */
final class PartnerLabs implements AutoCloseable {
    static final String NODE = "node-1";
    static final Duration GENEROUS = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(PartnerLabs.class);
    private static final String PASSWORD = "correct horse battery";
    private static final String NETWORK_PEPPER = "6e6574776f726b2d7065707065722d31";
    private static final String UID = "04A1B2C3D4E5F6";
    private static final Principal ADMIN = new Principal("admin", Role.ADMIN, null, "Admin");

    final String suffix = UUID.randomUUID().toString().substring(0, 6);
    final String labA = "home-" + suffix;
    final String labB = "host-" + suffix;
    final KeyPair keyA = Ed25519Keys.generate();
    final KeyPair keyB = Ed25519Keys.generate();
    final KeyPair nodeKey = Ed25519Keys.generate();
    final String networkHash = new CredentialHasher(HexFormat.of().parseHex(NETWORK_PEPPER))
            .hash("mifare-uid", UID, false).hash();
    private final Path folder;
    private final List<Gateway> gateways = new ArrayList<>();
    private final BlockingQueue<AclSnapshot> acls = new LinkedBlockingQueue<>();
    private final BlockingQueue<AuthResponse> answers = new LinkedBlockingQueue<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicLong nodeSequence = new AtomicLong();
    private Gateway a;
    private Gateway b;
    private String tokenA;
    private String tokenB;

    PartnerLabs(Path folder) {
        this.folder = folder;
    }

    /**
     * Starts both gateways, each on the broker its {@code mqtt.*} settings name, given as the FABLAB_MQTT_* variables
     * an installer puts in the gateway's environment.
     */
    void start(Map<String, String> brokerOfA, Map<String, String> brokerOfB) throws IOException {
        a = gateway(labA, keyA.getPrivate(), brokerOfA, directory -> { });
        b = gateway(labB, keyB.getPrivate(), brokerOfB, TestNodes.onePrinter(NODE, nodeKey.getPublic()));
        tokenA = token(a);
        tokenB = token(b);
    }

    Gateway a() {
        return a;
    }

    Gateway b() {
        return b;
    }

    /** Collects the ACLs and live answers B's gateway sends {@code node}, each checked with B's key. */
    void listenAsNode(MqttClient node) throws MqttException {
        Verifier fromGateway = new Verifier(topic -> Optional.of(keyB.getPublic()), Clock.systemUTC(),
                Verifier.Limits.DEFAULT);
        node.subscribe(aclTopic(), 1, (topic, message) -> {
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

    String aclTopic() {
        return Topic.of(labB, NODE, Channel.ACL).toString();
    }

    /** Zoé at A, enrolled by her badge's UID and trained in {@code fdm-basics}; B's {@code printing-3d}. */
    CertificationView trainHomeMember() {
        a.access().createTraining(ADMIN, new Training("fdm-basics", "FDM basics", TrainingCategory.COMPETENCY,
                Set.of("3d-printer"), new TrainingValidity.Forever()));
        a.directory().upsert(new MemberRecord("m-zoe", "Zoé Visitor", true));
        a.access().enroll(ADMIN, "m-zoe", CredentialId.of("mifare-uid", UID), Optional.empty());
        CertificationView certification = a.access().grant(ADMIN, "m-zoe", "fdm-basics", Optional.empty(),
                Optional.empty());
        b.access().createTraining(ADMIN, new Training("printing-3d", "3D printing", TrainingCategory.COMPETENCY,
                Set.of("3d-printer"), new TrainingValidity.Forever()));
        return certification;
    }

    void revokeAtHome(CertificationView certification) {
        a.access().revoke(ADMIN, "m-zoe", certification.id(), "left the lab");
    }

    /** Each lab adds the other as its partner, through the API; B maps A's {@code fdm-basics} to its own. */
    void becomePartners() throws IOException, InterruptedException {
        assertThat(call(a, tokenA, "POST", "/api/v1/partners", partner(labB, keyB)).statusCode()).isEqualTo(201);
        hostAddsHome();
        assertThat(call(b, tokenB, "PUT", "/api/v1/partners/" + labA + "/equivalences",
                "{\"equivalences\":[{\"theirTraining\":\"fdm-basics\",\"ourTraining\":\"printing-3d\"}]}")
                .statusCode()).isEqualTo(200);
    }

    /** Each lab adds the other, and B maps none of A's trainings: A's members hold nothing that counts at B. */
    void becomePartnersWithoutEquivalences() throws IOException, InterruptedException {
        assertThat(call(a, tokenA, "POST", "/api/v1/partners", partner(labB, keyB)).statusCode()).isEqualTo(201);
        hostAddsHome();
    }

    /** B's node reports that it refused Zoé's badge for {@code reason}, with the read's network hash. */
    void nodeRefusesVisitor(MqttClient node, String reason) throws MqttException {
        CredentialRef labHashAtB = new CredentialHasher(new byte[16]).hash("mifare-uid", UID, false);
        NodeEvent event = NodeEvent.of(labB, NODE, Instant.now(), nodeSequence.incrementAndGet(),
                UUID.randomUUID().toString(), new EventData.BadgeDenied(labHashAtB, reason, networkHash));
        node.publish(event.topic().toString(), TestNodes.signed(new Signer(nodeKey.getPrivate()), event, false));
    }

    void hostAddsHome() throws IOException, InterruptedException {
        assertThat(call(b, tokenB, "POST", "/api/v1/partners", partner(labA, keyA)).statusCode()).isEqualTo(201);
    }

    /** Whether {@code acl} lists Zoé's badge under its network hash. */
    boolean listsVisitor(AclSnapshot acl) {
        return acl.entries().stream().anyMatch(entry -> entry.credentialHash().equals(networkHash));
    }

    /** The next ACL the node receives that is {@code wanted}; fails after {@link #GENEROUS}. */
    AclSnapshot awaitAcl(Predicate<AclSnapshot> wanted) throws InterruptedException {
        Instant deadline = Instant.now().plus(GENEROUS);
        while (Instant.now().isBefore(deadline)) {
            AclSnapshot acl = acls.poll(1, TimeUnit.SECONDS);
            if (acl != null && wanted.test(acl)) {
                return acl;
            }
        }
        throw new AssertionError("no such ACL published to " + NODE + " within " + GENEROUS);
    }

    /** Waits for the node's ACL to list Zoé as A's visitor, under her id at home. */
    void awaitVisitorAdmitted() throws InterruptedException {
        assertThat(awaitAcl(this::listsVisitor).entries())
                .filteredOn(entry -> entry.credentialHash().equals(networkHash))
                .singleElement().satisfies(entry -> {
                    assertThat(entry.memberId()).isEqualTo(labA + ":m-zoe");
                    assertThat(entry.memberName()).isEqualTo("Zoé Visitor");
                });
    }

    /** The node asks B live for Zoé's badge, sending its network hash, and gets B's answer. */
    AuthResponse askLive(MqttClient node) throws MqttException, InterruptedException {
        CredentialRef labHashAtB = new CredentialHasher(new byte[16]).hash("mifare-uid", UID, false);
        AuthRequest ask = new AuthRequest(1, labB, NODE, Instant.now(), 1, "id-1", "r-1", labHashAtB, networkHash);
        node.publish(ask.topic().toString(), TestNodes.signed(new Signer(nodeKey.getPrivate()), ask, false));
        AuthResponse answer = answers.poll(GENEROUS.toSeconds(), TimeUnit.SECONDS);
        assertThat(answer).as("B's answer within " + GENEROUS).isNotNull();
        return answer;
    }

    /** A pass list to B in {@code from}'s name, listing Zoé's badge; signed by nobody yet. */
    VisitorPasses passesToHost(String from, long version) {
        Instant now = Instant.now();
        return new VisitorPasses(1, from, labB, now, version, now.plus(Duration.ofDays(1)),
                List.of(new VisitorPasses.Pass(networkHash, "m-x", "Someone", List.of("fdm-basics"))));
    }

    /** B prices its printers: 1.00 a started quarter hour of wall time. */
    void hostPricesItsPrinters() throws IOException, InterruptedException {
        assertThat(call(b, tokenB, "PUT", "/api/v1/prices/3d-printer",
                "{\"wall\":{\"blockMinutes\":15,\"centsPerBlock\":100},\"vatBasisPoints\":2000}").statusCode())
                .isEqualTo(200);
    }

    /**
     * Zoé's session {@code sessionId} on B's printer, as B's node reports it once over: started under her network
     * hash and her member id at B from the node's ACL, ended {@code length} later.
     */
    void visitAtHost(MqttClient node, String sessionId, Instant start, Duration length) throws MqttException {
        Signer signer = new Signer(nodeKey.getPrivate());
        CredentialRef badge = new CredentialRef("mifare-uid", networkHash, false);
        for (EventData data : List.of(new EventData.SessionStarted(sessionId, start, badge, labA + ":m-zoe", false),
                new EventData.SessionEnded(sessionId, start, start.plus(length), length.toSeconds(),
                        length.toSeconds() / 2, 0, EndReason.BADGE_OUT, false))) {
            NodeEvent event = NodeEvent.of(labB, NODE, Instant.now(), nodeSequence.incrementAndGet(),
                    UUID.randomUUID().toString(), data);
            node.publish(event.topic().toString(), TestNodes.signed(signer, event, false));
        }
    }

    /** The visit entries of Zoé's account in A's ledger, as "cause amount". */
    List<String> homeMembersVisitCharges() throws IOException, InterruptedException {
        List<String> charges = new ArrayList<>();
        for (JsonNode entry : json(call(a, tokenA, "GET", "/api/v1/ledger?member=m-zoe", null))) {
            if (entry.get("cause").asText().startsWith("visit:")) {
                charges.add(entry.get("cause").asText() + " " + entry.get("amountCents").asLong());
            }
        }
        return charges;
    }

    /** Closes {@code month} in both labs' ledgers, as each treasurer does. */
    void bothCloseTheMonth(YearMonth month) throws IOException, InterruptedException {
        assertThat(call(a, tokenA, "POST", "/api/v1/periods/" + month + "/close", "{}").statusCode()).isEqualTo(200);
        assertThat(call(b, tokenB, "POST", "/api/v1/periods/" + month + "/close", "{}").statusCode()).isEqualTo(200);
    }

    /** The month's settlement with the partner, as the home lab's API shows it. */
    JsonNode settlementAtHome(YearMonth month) throws IOException, InterruptedException {
        return json(call(a, tokenA, "GET", "/api/v1/partners/" + labB + "/settlements/" + month, null));
    }

    /** The month's settlement with the partner, as the host lab's API shows it. */
    JsonNode settlementAtHost(YearMonth month) throws IOException, InterruptedException {
        return json(call(b, tokenB, "GET", "/api/v1/partners/" + labA + "/settlements/" + month, null));
    }

    /** What B's API shows of partner A, and of the pass list it holds from A. */
    JsonNode homeAtHost() throws IOException, InterruptedException {
        return json(call(b, tokenB, "GET", "/api/v1/partners/" + labA, null));
    }

    JsonNode securityEventsAtHost() throws IOException, InterruptedException {
        return json(call(b, tokenB, "GET", "/api/v1/security-events", null));
    }

    @Override
    public void close() {
        gateways.forEach(Gateway::close);
    }

    private Gateway gateway(String lab, PrivateKey key, Map<String, String> broker, Consumer<LabDirectory> seed)
            throws IOException {
        Path config = Files.writeString(folder.resolve(lab + ".yaml"), """
                lab: %s
                http:
                  port: 0
                store:
                  url: "jdbc:sqlite:%s"
                keys:
                  gatewayPrivateKey: %s
                  labPepper: "00000000000000000000000000000000"
                network:
                  pepper: "%s"
                """.formatted(lab, folder.resolve(lab + ".db"), Ed25519Keys.encode(key), NETWORK_PEPPER));
        Gateway gateway = Gateway.start(ConfigLoader.load(Optional.of(config), broker), Clock.systemUTC(), seed);
        gateways.add(gateway);
        return gateway;
    }

    private static String token(Gateway gateway) {
        gateway.auth().createAccount("test", "admin", PASSWORD, Role.ADMIN, null);
        return gateway.auth().createToken(ADMIN, "partners");
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
}
