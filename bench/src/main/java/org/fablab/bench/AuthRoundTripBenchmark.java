package org.fablab.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.fablab.gateway.app.ConfigLoader;
import org.fablab.gateway.app.Gateway;
import org.fablab.gateway.domain.BadgeRecord;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.MemberRecord;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.node.adapter.paho.PahoUplink;
import org.fablab.node.adapter.sqlite.SqliteNodeStore;
import org.fablab.node.port.NodeMemory;
import org.fablab.node.port.Uplink;
import org.fablab.protocol.AclSnapshot;
import org.fablab.protocol.AuthRequest;
import org.fablab.protocol.AuthResponse;
import org.fablab.protocol.BouncyCastleEd25519;
import org.fablab.protocol.Channel;
import org.fablab.protocol.Command;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.CredentialRef;
import org.fablab.protocol.Decision;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.Inbound;
import org.fablab.protocol.Json;
import org.fablab.protocol.MachineState;
import org.fablab.protocol.Message;
import org.fablab.protocol.NoDelaySockets;
import org.fablab.protocol.NodeStatus;
import org.fablab.protocol.OfflinePolicy;
import org.fablab.protocol.Signer;
import org.fablab.protocol.Topic;
import org.fablab.protocol.Verifier;

/**
 * The live authorization round trip, node → gateway → node, beside a raw Paho QoS 1 echo through the same broker in
 * the same run (docs/performance.md).
 *
 * <p>Auth: the node takes the request's {@code seq} from its SQLite store (reserved in blocks, a commit once per
 * block), its real {@link PahoUplink} signs the {@code auth/request} and publishes it; the real gateway verifies it,
 * decides with every access rule, signs the {@code auth/response} and publishes it; the uplink verifies the answer and
 * hands it over. The clock runs from just before taking the seq to the hand-over; the seq is also timed apart.
 *
 * <p>Echo: client A publishes a payload of the request's size at QoS 1 to a topic client B subscribes to; B publishes
 * it back at QoS 1 to a topic A subscribes to; the clock runs from A's publish to A's receipt. Two hops through the
 * broker, as for auth. All clients, the gateway's and the node's included, use {@link NoDelaySockets}.
 *
 * <p>Then, to show where the time goes, {@link Split} cuts more rounds at the moments a watching client sees the request
 * and the answer pass the broker, and {@link #steps} times each CPU step of a round alone.
 *
 * <p>The two alternate round by round so that other load on the machine hits both alike. Usage:
 * {@code AuthRoundTripBenchmark [rounds] [broker URL]}, defaults 2,000 and {@code tcp://127.0.0.1:1883}.
 */
public final class AuthRoundTripBenchmark {
    private static final int WARM_UP = 500;
    private static final String MACHINE = "m-bench";

    private AuthRoundTripBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        String url = args.length > 1 ? args[1] : "tcp://127.0.0.1:1883";
        String run = UUID.randomUUID().toString().substring(0, 8);
        String lab = "bench-auth-" + run;
        String node = "node-" + run;
        Path data = Files.createTempDirectory("fablab-bench-auth");
        KeyPair gatewayKeys = Ed25519Keys.generate();
        KeyPair nodeKeys = Ed25519Keys.generate();
        byte[] pepper = new byte[16];
        CredentialRef badge = new CredentialHasher(pepper).hash("mifare-uid", "04A1B2C3D4E5F6", false);

        Map<String, String> settings = new HashMap<>(Map.of(
                "FABLAB_LAB", lab,
                "FABLAB_HTTP_PORT", "0",
                "FABLAB_MQTT_MODE", "external",
                "FABLAB_MQTT_URL", url,
                "FABLAB_MQTT_CLIENT_ID", "gw-" + lab,
                "FABLAB_STORE_URL", "jdbc:sqlite:" + data.resolve("bench.db"),
                "FABLAB_KEYS_GATEWAY_PRIVATE_KEY", Ed25519Keys.encode(gatewayKeys.getPrivate()),
                "FABLAB_KEYS_LAB_PEPPER", "00000000000000000000000000000000"));
        Gateway gateway = Gateway.start(ConfigLoader.load(Optional.empty(), settings), Clock.systemUTC(), directory -> {
            directory.upsert(new MachineRecord(MACHINE, "Bench machine", "other"));
            directory.upsert(new NodeRecord(node, MACHINE, Ed25519Keys.encode(nodeKeys.getPublic()),
                    OfflinePolicy.CACHED, Duration.ofHours(24)));
            directory.upsert(new MemberRecord("m-bench", "Bench Member", true));
            directory.upsert(new BadgeRecord(badge, "m-bench"));
        });
        SqliteNodeStore store = SqliteNodeStore.open(data.resolve("node.db"));
        Map<String, CompletableFuture<AuthResponse>> waiting = new ConcurrentHashMap<>();
        PahoUplink uplink = new PahoUplink(new PahoUplink.Settings(url, null, null, lab, node, Duration.ZERO),
                nodeSigner(nodeKeys), gatewayKeys.getPublic(), store, Clock.systemUTC());
        uplink.start(new Answers(waiting, lab, node));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!uplink.isConnected() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Echo echo = Echo.start(url, run, payloadSize(lab, node, badge, nodeKeys));

        long[] seqNanos = new long[rounds];
        for (int i = 0; i < WARM_UP; i++) {
            echo.roundTrip();
            authRoundTrip(uplink, store, waiting, lab, node, badge, seqNanos, 0);
        }
        long[] echoNanos = new long[rounds];
        long[] authNanos = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            echoNanos[i] = echo.roundTrip();
            authNanos[i] = authRoundTrip(uplink, store, waiting, lab, node, badge, seqNanos, i);
        }
        Split split = Split.measure(url, run, uplink, store, waiting, lab, node, badge, rounds / 2);
        Map<String, long[]> steps = steps(gateway, lab, node, badge, nodeKeys, gatewayKeys, rounds);
        echo.close();
        uplink.close();
        store.close();
        gateway.close();

        Arrays.sort(echoNanos);
        Arrays.sort(authNanos);
        Arrays.sort(seqNanos);
        System.out.println();
        System.out.println("| figure | value, ms | baseline: Paho QoS 1 echo through the same broker, ms | ratio |");
        System.out.println("|---|---|---|---|");
        for (int p : new int[] {50, 99}) {
            double auth = Percentiles.of(authNanos, p) / 1e6;
            double base = Percentiles.of(echoNanos, p) / 1e6;
            System.out.printf("| auth round trip node → gateway → node, p%d | %.3f | %.3f | %.2f |%n", p, auth, base,
                    auth / base);
        }
        System.out.printf("| of which the node's seq from SQLite (a commit once per block), p50 / p99 / max | %.3f / %.3f"
                + " / %.3f | | |%n", Percentiles.of(seqNanos, 50) / 1e6, Percentiles.of(seqNanos, 99) / 1e6,
                seqNanos[seqNanos.length - 1] / 1e6);
        System.out.printf("(broker %s, %,d rounds after %d warm-up, TCP_NODELAY sockets made: %d, %d cores, %s)%n",
                url, rounds, WARM_UP, NoDelaySockets.createdCount(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"));
        System.out.println();
        System.out.printf("Where the time goes: %,d more rounds with a third client watching both auth topics (QoS 0),"
                + " then each step alone on one thread.%n", rounds / 2);
        System.out.println("| part of one round | p50, ms | p99, ms |");
        System.out.println("|---|---|---|");
        split.print();
        steps.forEach((step, nanos) -> System.out.printf("| alone: %s | %.3f | %.3f |%n", step,
                Percentiles.of(nanos, 50) / 1e6, Percentiles.of(nanos, 99) / 1e6));
        System.exit(0);
    }

    /** The node's signer, as {@code MachineNode} makes it. */
    private static Signer nodeSigner(KeyPair nodeKeys) {
        return new Signer(nodeKeys.getPrivate(), new BouncyCastleEd25519());
    }

    /**
     * Each step of a round that is CPU work, alone on this thread, as the node and the gateway do it: JSON, Ed25519
     * (Bouncy Castle on both sides), the decision. Sorted nanos per step, in round order.
     */
    private static Map<String, long[]> steps(Gateway gateway, String lab, String node, CredentialRef badge,
                                             KeyPair nodeKeys, KeyPair gatewayKeys, int rounds) {
        Signer nodeSigner = nodeSigner(nodeKeys);
        Signer gatewaySigner = new Signer(gatewayKeys.getPrivate(), new BouncyCastleEd25519());
        Verifier gatewayVerifier = new Verifier(topic -> Optional.of(nodeKeys.getPublic()), Clock.systemUTC(),
                Verifier.Limits.DEFAULT, new BouncyCastleEd25519());
        Verifier nodeVerifier = new Verifier(topic -> Optional.of(gatewayKeys.getPublic()), Clock.systemUTC(),
                Verifier.Limits.DEFAULT, new BouncyCastleEd25519());
        BouncyCastleEd25519 ed25519 = new BouncyCastleEd25519();
        AuthRequest request = request(lab, node, badge, 1, "r-steps");
        byte[] requestPayload = nodeSigner.sign(request);
        AuthResponse response = new AuthResponse(Message.VERSION, lab, node, Instant.now(), "r-steps",
                Decision.GRANTED, null, new AuthResponse.Member("m-bench", "Bench Member"), 30);
        byte[] responsePayload = gatewaySigner.sign(response);
        byte[] signedBytes = Signer.signedBytes(request.topic().toString(), "{\"v\":1}");
        byte[] signature = ed25519.sign(nodeKeys.getPrivate(), signedBytes);
        Map<String, long[]> steps = new LinkedHashMap<>();
        steps.put("node: request to JSON", timed(rounds, () -> Json.mapper().writeValueAsString(request)));
        steps.put("node: sign the request (JSON + Ed25519 + envelope)", timed(rounds, () -> nodeSigner.sign(request)));
        steps.put("gateway: verify the request (parse, Ed25519, bind, checks)",
                timed(rounds, () -> accepted(gatewayVerifier.verify(request.topic().toString(), requestPayload))));
        steps.put("gateway: decide (AccessService.decideLive)",
                timed(rounds, () -> gateway.access().decideLive(node, badge).orElseThrow()));
        steps.put("gateway: sign the answer (JSON + Ed25519 + envelope)",
                timed(rounds, () -> gatewaySigner.sign(response)));
        steps.put("node: verify the answer (parse, Ed25519, bind, checks)",
                timed(rounds, () -> accepted(nodeVerifier.verify(response.topic().toString(), responsePayload))));
        steps.put("of which Ed25519 sign alone", timed(rounds, () -> ed25519.sign(nodeKeys.getPrivate(), signedBytes)));
        steps.put("of which Ed25519 verify alone",
                timed(rounds, () -> ed25519.verify(nodeKeys.getPublic(), signedBytes, signature)));
        return steps;
    }

    private static Inbound accepted(Inbound inbound) {
        if (!(inbound instanceof Inbound.Accepted)) {
            throw new IllegalStateException("did not verify: " + inbound);
        }
        return inbound;
    }

    private static long[] timed(int rounds, Callable<?> step) {
        long[] nanos = new long[rounds];
        try {
            for (int i = 0; i < WARM_UP; i++) {
                step.call();
            }
            for (int i = 0; i < rounds; i++) {
                long start = System.nanoTime();
                step.call();
                nanos[i] = System.nanoTime() - start;
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static int payloadSize(String lab, String node, CredentialRef badge, KeyPair nodeKeys) {
        return nodeSigner(nodeKeys).sign(request(lab, node, badge, 1, "r-size")).length;
    }

    private static AuthRequest request(String lab, String node, CredentialRef badge, long seq, String reqId) {
        return new AuthRequest(Message.VERSION, lab, node, Instant.now(), seq, UUID.randomUUID().toString(),
                reqId, badge);
    }

    /** One timed round, from taking the seq to the verified answer; the seq's own time goes to {@code seqNanos[i]}. */
    private static long authRoundTrip(PahoUplink uplink, SqliteNodeStore store,
                                      Map<String, CompletableFuture<AuthResponse>> waiting, String lab, String node,
                                      CredentialRef badge, long[] seqNanos, int i) throws Exception {
        String reqId = UUID.randomUUID().toString();
        CompletableFuture<AuthResponse> answer = new CompletableFuture<>();
        waiting.put(reqId, answer);
        long start = System.nanoTime();
        long seq = store.nextSeq();
        seqNanos[i] = System.nanoTime() - start;
        if (!uplink.requestAuth(request(lab, node, badge, seq, reqId))) {
            throw new IllegalStateException("the node is not connected");
        }
        AuthResponse response = answer.get(10, TimeUnit.SECONDS);
        long elapsed = System.nanoTime() - start;
        if (response.decision() != Decision.GRANTED) {
            throw new IllegalStateException("expected a grant, got " + response.reason());
        }
        return elapsed;
    }


    /** The node side: hands each verified answer to the round trip waiting for its reqId. */
    private record Answers(Map<String, CompletableFuture<AuthResponse>> waiting, String lab, String node)
            implements Uplink.Listener {
        @Override
        public NodeStatus currentStatus() {
            return NodeStatus.online(lab, node, Instant.now(), MachineState.IDLE, null,
                    "bench");
        }

        @Override
        public void aclReceived(AclSnapshot acl, NodeMemory.StoredAcl payload) {
        }

        @Override
        public void commandReceived(Command command) {
        }

        @Override
        public void authAnswered(AuthResponse response) {
            CompletableFuture<AuthResponse> answer = waiting.remove(response.reqId());
            if (answer != null) {
                answer.complete(response);
            }
        }

        @Override
        public void inboundRejected() {
            throw new IllegalStateException("the bench node rejected a gateway message");
        }
    }

    /**
     * One round cut in five by a third client that sees the request and the answer pass the broker: the seq, the
     * node's signing and publish call, the request's way to the broker and on to the watcher, the gateway's part (its
     * hop in and out of the broker, verification, decision, signing), and the answer's way to the node's hand-over
     * (verification included). Sorted nanos per part.
     */
    private record Split(long[] seq, long[] signAndPublish, long[] toBroker, long[] gateway, long[] back,
                         long[] total) {
        static Split measure(String url, String run, PahoUplink uplink, SqliteNodeStore store,
                             Map<String, CompletableFuture<AuthResponse>> waiting, String lab, String node,
                             CredentialRef badge, int rounds) throws Exception {
            Map<String, CompletableFuture<Long>> requestSeen = new ConcurrentHashMap<>();
            Map<String, CompletableFuture<Long>> answerSeen = new ConcurrentHashMap<>();
            MqttAsyncClient watcher = Echo.client(url, "watch-" + run);
            watcher.subscribe(Topic.of(lab, node, Channel.AUTH_REQUEST).toString(), 0, (topic, message) ->
                    seen(requestSeen, System.nanoTime(), message.getPayload())).waitForCompletion();
            watcher.subscribe(Topic.of(lab, node, Channel.AUTH_RESPONSE).toString(), 0, (topic, message) ->
                    seen(answerSeen, System.nanoTime(), message.getPayload())).waitForCompletion();
            Split split = new Split(new long[rounds], new long[rounds], new long[rounds], new long[rounds],
                    new long[rounds], new long[rounds]);
            for (int i = 0; i < rounds; i++) {
                String reqId = UUID.randomUUID().toString();
                CompletableFuture<AuthResponse> answer = new CompletableFuture<>();
                waiting.put(reqId, answer);
                long start = System.nanoTime();
                long seq = store.nextSeq();
                long seqTaken = System.nanoTime();
                uplink.requestAuth(request(lab, node, badge, seq, reqId));
                long published = System.nanoTime();
                answer.get(10, TimeUnit.SECONDS);
                long end = System.nanoTime();
                long request = future(requestSeen, reqId).get(10, TimeUnit.SECONDS);
                long response = future(answerSeen, reqId).get(10, TimeUnit.SECONDS);
                split.seq[i] = seqTaken - start;
                split.signAndPublish[i] = published - seqTaken;
                split.toBroker[i] = request - published;
                split.gateway[i] = response - request;
                split.back[i] = end - response;
                split.total[i] = end - start;
            }
            watcher.disconnect().waitForCompletion();
            watcher.close();
            for (long[] part : List.of(split.seq, split.signAndPublish, split.toBroker, split.gateway, split.back,
                    split.total)) {
                Arrays.sort(part);
            }
            return split;
        }

        private static void seen(Map<String, CompletableFuture<Long>> seen, long at, byte[] payload) throws Exception {
            String body = Json.mapper().readTree(payload).get("body").asText();
            future(seen, Json.mapper().readTree(body).get("reqId").asText()).complete(at);
        }

        private static CompletableFuture<Long> future(Map<String, CompletableFuture<Long>> seen, String reqId) {
            return seen.computeIfAbsent(reqId, id -> new CompletableFuture<>());
        }

        void print() {
            row("node: seq", seq);
            row("node: sign and publish call", signAndPublish);
            row("request to the broker and on to the watcher", toBroker);
            row("gateway: broker hop in, verify, decide, sign, broker hop out", gateway);
            row("answer to the node, verified and handed over", back);
            row("whole round, watched", total);
        }

        private static void row(String part, long[] nanos) {
            System.out.printf("| %s | %.3f | %.3f |%n", part, Percentiles.of(nanos, 50) / 1e6, Percentiles.of(nanos, 99) / 1e6);
        }
    }

    /** Two plain Paho clients: A publishes, B sends it back, both at QoS 1. */
    private static final class Echo implements AutoCloseable {
        private final MqttAsyncClient a;
        private final MqttAsyncClient b;
        private final String ping;
        private final byte[] payload;
        private volatile CompletableFuture<Long> back;

        private Echo(MqttAsyncClient a, MqttAsyncClient b, String ping, byte[] payload) {
            this.a = a;
            this.b = b;
            this.ping = ping;
            this.payload = payload;
        }

        static Echo start(String url, String run, int size) throws Exception {
            String ping = "bench/" + run + "/ping";
            String pong = "bench/" + run + "/pong";
            MqttAsyncClient a = client(url, "echo-a-" + run);
            MqttAsyncClient b = client(url, "echo-b-" + run);
            Echo echo = new Echo(a, b, ping, new byte[size]);
            b.subscribe(ping, 1, (topic, message) -> b.publish(pong, message.getPayload(), 1, false))
                    .waitForCompletion();
            a.subscribe(pong, 1, (topic, message) -> echo.back.complete(System.nanoTime())).waitForCompletion();
            return echo;
        }

        long roundTrip() throws Exception {
            back = new CompletableFuture<>();
            long start = System.nanoTime();
            a.publish(ping, payload, 1, false);
            return back.get(10, TimeUnit.SECONDS) - start;
        }

        private static MqttAsyncClient client(String url, String id) throws Exception {
            MqttAsyncClient client = new MqttAsyncClient(url, id, new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            NoDelaySockets.forUrl(url).ifPresent(options::setSocketFactory);
            client.connect(options).waitForCompletion();
            return client;
        }

        @Override
        public void close() throws Exception {
            a.disconnect().waitForCompletion();
            b.disconnect().waitForCompletion();
            a.close();
            b.close();
        }
    }
}
