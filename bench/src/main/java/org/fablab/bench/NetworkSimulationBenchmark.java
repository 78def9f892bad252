package org.fablab.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.fablab.gateway.access.Training;
import org.fablab.gateway.access.TrainingCategory;
import org.fablab.gateway.access.TrainingValidity;
import org.fablab.gateway.app.ConfigLoader;
import org.fablab.gateway.app.Gateway;
import org.fablab.gateway.domain.BadgeRecord;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.MemberRecord;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.protocol.AclSnapshot;
import org.fablab.protocol.BouncyCastleEd25519;
import org.fablab.protocol.Channel;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.Inbound;
import org.fablab.protocol.OfflinePolicy;
import org.fablab.protocol.Topic;
import org.fablab.protocol.Verifier;

/**
 * A network of {@code labs × nodesPerLab} simulated nodes in this JVM against 1 to n gateway instances, each a JVM of
 * its own ({@link GatewayInstance}), sharing ingestion through Mosquitto ({@code mqtt.sharedGroup}) and one
 * PostgreSQL schema (docs/performance.md, "Network simulation").
 *
 * <p>Every node has its own key, {@code seq} and {@link NodeSchedule}; nodes share a few MQTT connections. Measured:
 * ingestion lag from a node's publish to the row in {@code node_events} (a trigger of the benchmark's own stamps
 * {@code clock_timestamp()}), beside a plain subscriber of the same event topics in the same run (publish → it
 * receives); the ACL push after a certification is revoked through one instance's {@code AccessService} until each
 * node of the member's lab has a verified snapshot without the member, beside the 2 s goal; process CPU per stored
 * event of each instance, beside the plain subscriber's threads' CPU per message.
 *
 * <p>The gateway serves one lab id ({@code lab} in its configuration), so the benchmark's "labs" are groups of
 * machines of one lab id: each group has its own machine kind, training and members, so a revocation changes the
 * ACLs of its group's nodes only (every node's ACL is rebuilt and published all the same).
 *
 * <p>Usage: {@code NetworkSimulationBenchmark [instances] [labs] [nodesPerLab] [seconds] [meanGapSeconds] [broker
 * URL] [PostgreSQL JDBC URL]}, defaults 1, 100, 20, 90, 10, {@code tcp://127.0.0.1:1883},
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}.
 */
public final class NetworkSimulationBenchmark {
    private static final int MEMBERS_PER_LAB = 10;
    /** The last members of each lab are kept for revocations: nodes badge only the others. */
    private static final int REVOCABLE_PER_LAB = 2;
    private static final int CONNECTIONS = 10;
    /** Start of the timed window: before it the instances' JIT compiles the ingestion path. */
    private static final Duration WARM_UP = Duration.ofSeconds(20);
    private static final Duration REVOKE_EVERY = Duration.ofSeconds(6);
    private static final Duration ACL_WAIT = Duration.ofSeconds(20);
    private static final long ACL_GOAL_MILLIS = 2_000;
    private static final Duration DRAIN_LIMIT = Duration.ofMinutes(2);
    private static final String PEPPER = "000102030405060708090a0b0c0d0e0f";
    private static final Principal ADMIN = new Principal("bench", Role.ADMIN, null, "Bench");

    private final int instances;
    private final int labs;
    private final int nodesPerLab;
    private final Duration length;
    private final Duration meanGap;
    private final String brokerUrl;
    private final String baseUrl;
    private final String storeUrl;
    private final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private final String lab = "netsim-" + run;
    private final String schema = "bench_netsim_" + run;
    private final KeyPair gatewayKeys = Ed25519Keys.generate();
    private final List<SimulatedNode> nodes = new ArrayList<>();
    private final Map<String, Integer> nodeIndex = new HashMap<>();
    /** Certification ids by lab and member index. */
    private final Map<String, String> certifications = new ConcurrentHashMap<>();
    private long[][] publishedMicros;
    private long[][] receivedMicros;
    private int[] receivedCount;
    private final AclWatch aclWatch = new AclWatch();

    private NetworkSimulationBenchmark(String[] args) {
        instances = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        labs = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        nodesPerLab = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        length = Duration.ofSeconds(args.length > 3 ? Integer.parseInt(args[3]) : 90);
        meanGap = Duration.ofSeconds(args.length > 4 ? Integer.parseInt(args[4]) : 10);
        brokerUrl = args.length > 5 ? args[5] : "tcp://127.0.0.1:1883";
        baseUrl = args.length > 6 ? args[6] : "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
        storeUrl = baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public static void main(String[] args) throws Exception {
        new NetworkSimulationBenchmark(args).run();
        System.exit(0);
    }

    private void run() throws Exception {
        String loadAtStart = loadAverage();
        int nodeCount = labs * nodesPerLab;
        Jdbc.execute(baseUrl, "create schema " + schema);
        List<KeyPair> nodeKeys = IntStream.range(0, nodeCount).parallel().mapToObj(i -> Ed25519Keys.generate()).toList();
        System.out.printf("seeding %d labs × %d nodes, %d members each, in schema %s...%n", labs, nodesPerLab,
                MEMBERS_PER_LAB, schema);
        seed(nodeKeys);
        Jdbc.execute(storeUrl, """
                create table bench_stored (node_id text not null, seq bigint not null, stored_micros bigint not null);
                create function bench_stamp() returns trigger language plpgsql as $$
                begin
                  insert into bench_stored values (new.node_id, new.seq,
                    (extract(epoch from clock_timestamp()) * 1000000)::bigint);
                  return null;
                end $$;
                create trigger bench_stamp after insert on node_events for each row execute function bench_stamp();
                """);

        List<NodeSchedule> schedules = IntStream.range(0, nodeCount).mapToObj(i -> NodeSchedule.generate(i * 7919L + 1,
                length, meanGap, MEMBERS_PER_LAB - REVOCABLE_PER_LAB)).toList();
        publishedMicros = new long[nodeCount][];
        receivedMicros = new long[nodeCount][];
        receivedCount = new int[nodeCount];
        for (int i = 0; i < nodeCount; i++) {
            publishedMicros[i] = new long[schedules.get(i).steps().size() + 1];
            receivedMicros[i] = new long[schedules.get(i).steps().size() + 1];
        }

        Path logs = Files.createTempDirectory("fablab-netsim");
        System.out.printf("starting %d gateway instance(s), logs in %s...%n", instances, logs);
        List<InstanceProcess> gateways = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            gateways.add(InstanceProcess.start(instanceEnv(i), "384m", logs.resolve("gateway-" + i + ".log")));
        }
        for (InstanceProcess gateway : gateways) {
            gateway.awaitReady();
        }

        MqttAsyncClient plain = client("netsim-plain-" + run, false);
        plain.setCallback(callback(this::plainReceived));
        plain.subscribe(Topic.filterAllNodes(lab, Channel.EVENTS), 1).waitForCompletion();
        List<MqttAsyncClient> connections = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            MqttAsyncClient connection = client("netsim-nodes-" + c + "-" + run, true);
            connection.setCallback(callback(aclWatch::received));
            String[] filters = IntStream.range(0, nodeCount).filter(i -> i % CONNECTIONS == connections.size())
                    .mapToObj(i -> Topic.of(lab, nodes.get(i).id(), Channel.ACL).toString()).toArray(String[]::new);
            int[] qos = new int[filters.length];
            Arrays.fill(qos, 1);
            connection.subscribe(filters, qos).waitForCompletion();
            connections.add(connection);
        }

        int[][] timeline = timeline(schedules);
        System.out.printf("publishing %,d events from %,d nodes over %d s (%.0f events/s); timed window from %d s%n",
                timeline.length, nodeCount, length.toSeconds(), timeline.length / (double) length.toSeconds(),
                WARM_UP.toSeconds());
        long startNanos = System.nanoTime();
        Thread revoker = new Thread(() -> revocations(gateways, startNanos), "revocations");
        revoker.start();
        Window window = new Window();
        for (int[] entry : timeline) {
            long due = startNanos + entry[0] * 1_000_000L;
            if (window.start == null && System.nanoTime() - startNanos >= WARM_UP.toNanos()) {
                window.start = snapshot(gateways, plain);
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int node = entry[1];
            SimulatedNode simulated = nodes.get(node);
            byte[] payload = simulated.sign(schedules.get(node).steps().get(entry[2]), Instant.now());
            publishedMicros[node][(int) simulated.seq()] = micros(Instant.now());
            connections.get(node % CONNECTIONS).publish(simulated.topic(), payload, 1, false);
        }
        revoker.join();
        long drainStart = System.nanoTime();
        long stored = 0;
        while (System.nanoTime() - drainStart < DRAIN_LIMIT.toNanos()) {
            stored = gateways.stream().mapToLong(g -> g.stats().stored()).sum();
            if (stored >= timeline.length) {
                break;
            }
            Thread.sleep(200);
        }
        double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
        window.end = snapshot(gateways, plain);
        String loadAtEnd = loadAverage();

        long windowStartMicros = window.start.wallMicros;
        long[] lag = sortedLags(windowStartMicros);
        long[] raw = sortedRaw(windowStartMicros);
        report(timeline.length, stored, drainSeconds, window, lag, raw, loadAtStart, loadAtEnd);

        for (InstanceProcess gateway : gateways) {
            gateway.close();
        }
        for (int i = 0; i < nodeCount; i++) {
            connections.get(i % CONNECTIONS).publish(Topic.of(lab, nodes.get(i).id(), Channel.ACL).toString(),
                    new byte[0], 1, true);
        }
        for (MqttAsyncClient connection : connections) {
            connection.disconnect().waitForCompletion();
            connection.close();
        }
        plain.disconnect().waitForCompletion();
        plain.close();
        for (int i = 0; i < instances; i++) {
            forgetSession(instanceClientId(i));
        }
        forgetSession(plain.getClientId());
        Jdbc.execute(baseUrl, "drop schema " + schema + " cascade");
    }

    /** Machines, nodes, members, badges, one training per lab granted to its members, through a gateway of its own. */
    private void seed(List<KeyPair> nodeKeys) throws Exception {
        CredentialHasher hasher = new CredentialHasher(java.util.HexFormat.of().parseHex(PEPPER));
        List<List<SimulatedNode.User>> users = new ArrayList<>();
        for (int l = 0; l < labs; l++) {
            List<SimulatedNode.User> labUsers = new ArrayList<>();
            for (int m = 0; m < MEMBERS_PER_LAB; m++) {
                labUsers.add(new SimulatedNode.User(hasher.hash("mifare-uid",
                        String.format("%014X", l * MEMBERS_PER_LAB + m + 1), false), memberId(l, m)));
            }
            users.add(labUsers);
            for (int n = 0; n < nodesPerLab; n++) {
                String id = "l" + l + "-n" + n;
                nodeIndex.put(id, nodes.size());
                nodes.add(new SimulatedNode(lab, id, nodeKeys.get(nodes.size()).getPrivate(),
                        labUsers.subList(0, MEMBERS_PER_LAB - REVOCABLE_PER_LAB)));
            }
        }
        String seedClientId = "netsim-seed-" + run;
        Map<String, String> settings = new HashMap<>(instanceEnv(-1));
        settings.put("FABLAB_MQTT_CLIENT_ID", seedClientId);
        settings.remove("FABLAB_MQTT_SHARED_GROUP");
        // Members come after the trainings: until a kind has its training every member may use it, and 2,000 ACLs
        // naming every member take minutes to sign.
        try (Gateway seeder = Gateway.start(ConfigLoader.load(Optional.empty(), settings), Clock.systemUTC(),
                directory -> {
                    for (int i = 0; i < nodes.size(); i++) {
                        String machine = "m-" + nodes.get(i).id();
                        directory.upsert(new MachineRecord(machine, "Machine " + nodes.get(i).id(),
                                kind(i / nodesPerLab)));
                        directory.upsert(new NodeRecord(nodes.get(i).id(), machine,
                                Ed25519Keys.encode(nodeKeys.get(i).getPublic()), OfflinePolicy.CACHED,
                                Duration.ofHours(24)));
                    }
                })) {
            for (int l = 0; l < labs; l++) {
                seeder.access().createTraining(ADMIN, new Training("t-l" + l, "Safety " + l, TrainingCategory.SAFETY,
                        Set.of(kind(l)), new TrainingValidity.Forever()));
            }
            for (int l = 0; l < labs; l++) {
                for (int m = 0; m < MEMBERS_PER_LAB; m++) {
                    seeder.directory().upsert(new MemberRecord(memberId(l, m), "Member " + l + "." + m, true));
                    seeder.directory().upsert(new BadgeRecord(users.get(l).get(m).badge(), memberId(l, m)));
                    certifications.put(memberId(l, m), seeder.access().grant(ADMIN, memberId(l, m), "t-l" + l,
                            Optional.empty(), Optional.empty()).id());
                }
            }
            seeder.access().rebuildNow();
        }
        forgetSession(seedClientId);
    }

    /** Revokes one member's certification every {@link #REVOKE_EVERY} in the timed window, on each instance in turn. */
    private void revocations(List<InstanceProcess> gateways, long startNanos) {
        int round = 0;
        for (long at = WARM_UP.toNanos() + REVOKE_EVERY.toNanos(); at < length.toNanos() - REVOKE_EVERY.toNanos();
             at += REVOKE_EVERY.toNanos(), round++) {
            LockSupport.parkNanos(startNanos + at - System.nanoTime());
            int l = round * 37 % labs;
            String member = memberId(l, MEMBERS_PER_LAB - 1 - round / labs % REVOCABLE_PER_LAB);
            aclWatch.expect(member, IntStream.range(l * nodesPerLab, (l + 1) * nodesPerLab).boxed().toList());
            gateways.get(round % gateways.size()).revoke(member, certifications.get(member));
            aclWatch.await(ACL_WAIT, nodes.size());
        }
    }

    private Map<String, String> instanceEnv(int instance) {
        return Map.of(
                "FABLAB_LAB", lab,
                "FABLAB_HTTP_PORT", "0",
                "FABLAB_MQTT_MODE", "external",
                "FABLAB_MQTT_URL", brokerUrl,
                "FABLAB_MQTT_CLIENT_ID", instanceClientId(instance),
                "FABLAB_MQTT_SHARED_GROUP", "netsim-" + run,
                "FABLAB_STORE_URL", storeUrl,
                "FABLAB_KEYS_GATEWAY_PRIVATE_KEY", Ed25519Keys.encode(gatewayKeys.getPrivate()),
                "FABLAB_KEYS_LAB_PEPPER", PEPPER);
    }

    private String instanceClientId(int instance) {
        return "netsim-gw" + instance + "-" + run;
    }

    private static String memberId(int lab, int member) {
        return "u-l" + lab + "-" + member;
    }

    private static String kind(int lab) {
        return "kind-l" + lab;
    }

    /** Every step of every node as {at millis, node, step index}, in time order. */
    private static int[][] timeline(List<NodeSchedule> schedules) {
        List<int[]> entries = new ArrayList<>();
        for (int node = 0; node < schedules.size(); node++) {
            List<NodeSchedule.Step> steps = schedules.get(node).steps();
            for (int s = 0; s < steps.size(); s++) {
                entries.add(new int[] {(int) steps.get(s).atMillis(), node, s});
            }
        }
        entries.sort(Comparator.comparingInt(e -> e[0]));
        return entries.toArray(int[][]::new);
    }

    private void plainReceived(String topic, MqttMessage message) {
        long now = micros(Instant.now());
        int node = nodeIndex.get(Topic.of(topic).node());
        // one publisher per node and QoS 1 keep a node's events in order, so the k-th received is seq k
        receivedMicros[node][++receivedCount[node]] = now;
    }

    /** Publish → row in node_events, per event published in the timed window, sorted. */
    private long[] sortedLags(long fromMicros) throws SQLException {
        List<Long> lags = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(storeUrl);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select node_id, seq, stored_micros from bench_stored")) {
            while (rows.next()) {
                long published = publishedMicros[nodeIndex.get(rows.getString(1))][rows.getInt(2)];
                if (published >= fromMicros) {
                    lags.add(rows.getLong(3) - published);
                }
            }
        }
        return lags.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private long[] sortedRaw(long fromMicros) {
        List<Long> lags = new ArrayList<>();
        for (int node = 0; node < publishedMicros.length; node++) {
            for (int seq = 1; seq <= receivedCount[node]; seq++) {
                if (publishedMicros[node][seq] >= fromMicros) {
                    lags.add(receivedMicros[node][seq] - publishedMicros[node][seq]);
                }
            }
        }
        return lags.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private void report(int events, long stored, double drainSeconds, Window window, long[] lag, long[] raw,
                        String loadAtStart, String loadAtEnd) {
        long plainMessages = window.end.plainReceived - window.start.plainReceived;
        double plainCpu = (window.end.plainCpuNanos - window.start.plainCpuNanos) / 1e3 / plainMessages;
        long[] acl = aclWatch.sortedLatencies();
        System.out.println();
        System.out.println("| figure | value | baseline (same run) | ratio |");
        System.out.println("|---|---|---|---|");
        for (int p : new int[] {50, 99}) {
            double value = Percentiles.of(lag, p) / 1e3;
            double base = Percentiles.of(raw, p) / 1e3;
            System.out.printf("| ingestion lag, publish → stored, p%d, ms | %.1f | plain subscriber, publish → received:"
                    + " %.1f | %.1f |%n", p, value, base, value / base);
        }
        if (acl.length > 0) {
            double p99 = Percentiles.of(acl, 99) / 1e6;
            System.out.printf("| ACL push after a revocation, p99 (p50 %.0f, max %.0f), ms | %.0f | goal: %d | %.2f |%n",
                    Percentiles.of(acl, 50) / 1e6, acl[acl.length - 1] / 1e6, p99, ACL_GOAL_MILLIS,
                    p99 / ACL_GOAL_MILLIS);
        }
        for (int i = 0; i < instances; i++) {
            InstanceProcess.Stats from = window.start.instances.get(i);
            InstanceProcess.Stats to = window.end.instances.get(i);
            long instanceEvents = to.stored() - from.stored();
            double cpu = (to.cpuNanos() - from.cpuNanos()) / 1e3 / Math.max(1, instanceEvents);
            System.out.printf("| instance %d: process CPU per stored event, µs (%,d events) | %.0f | plain subscriber's"
                    + " threads per message: %.0f | %.1f |%n", i + 1, instanceEvents, cpu, plainCpu, cpu / plainCpu);
        }
        System.out.printf("| simulated nodes (this JVM, signing + publishing + ACL checks + the plain subscriber), "
                + "process CPU per event, µs | %.0f | | |%n",
                (window.end.ownCpuNanos - window.start.ownCpuNanos) / 1e3 / plainMessages);
        System.out.printf("(%d instance(s), %,d nodes, %,d events in %d s = %.0f/s, %,d stored, timed window from %d s:"
                        + " %,d events; drain after the last publish %.1f s; revocations %d, ACL pushes timed %d, missed"
                        + " %d; full republish of %,d ACLs after a revocation, max %.0f ms; load average %s at start, %s"
                        + " at end; %d cores)%n", instances, nodes.size(), events, length.toSeconds(),
                events / (double) length.toSeconds(), stored, WARM_UP.toSeconds(), lag.length, drainSeconds,
                aclWatch.rounds.get(), acl.length, aclWatch.missed.get(), nodes.size(),
                aclWatch.slowestFullRepublishNanos.get() / 1e6, loadAtStart, loadAtEnd,
                Runtime.getRuntime().availableProcessors());
    }

    /** CPU and counts at one moment: each instance's, the plain subscriber's threads', this process's. */
    private static final class Window {
        private Snapshot start;
        private Snapshot end;
    }

    private record Snapshot(long wallMicros, List<InstanceProcess.Stats> instances, long plainCpuNanos,
                            long plainReceived, long ownCpuNanos) {
    }

    private Snapshot snapshot(List<InstanceProcess> gateways, MqttAsyncClient plain) {
        long wall = micros(Instant.now());
        List<InstanceProcess.Stats> stats = gateways.stream().map(InstanceProcess::stats).toList();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long plainCpu = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().contains(plain.getClientId()))
                .mapToLong(t -> Math.max(0, threads.getThreadCpuTime(t.getId()))).sum();
        return new Snapshot(wall, stats, plainCpu, Arrays.stream(receivedCount).asLongStream().sum(),
                GatewayInstance.processCpuNanos());
    }

    /**
     * The nodes' side of the ACL push: each connection's callback verifies a snapshot for a node that waits for one
     * without the revoked member, as the node would, and times it from the revocation.
     */
    private final class AclWatch {
        private final Verifier verifier = new Verifier(topic -> Optional.of(gatewayKeys.getPublic()),
                Clock.systemUTC(), Verifier.Limits.DEFAULT, new BouncyCastleEd25519());
        private final Map<Integer, Long> waiting = new ConcurrentHashMap<>();
        private final List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger rounds = new AtomicInteger();
        private final AtomicInteger missed = new AtomicInteger();
        private final AtomicInteger sinceRevocation = new AtomicInteger();
        private final AtomicLong slowestFullRepublishNanos = new AtomicLong();
        private volatile String revoked;
        private volatile long revokedAt;
        private volatile long fullRepublishAt;

        void expect(String member, List<Integer> affected) {
            revoked = member;
            sinceRevocation.set(0);
            fullRepublishAt = 0;
            revokedAt = System.nanoTime();
            affected.forEach(node -> waiting.put(node, revokedAt));
        }

        void received(String topic, MqttMessage message) {
            long now = System.nanoTime();
            if (revoked == null) {
                return;
            }
            if (sinceRevocation.incrementAndGet() == nodes.size()) {
                fullRepublishAt = now;
            }
            int node = nodeIndex.get(Topic.of(topic).node());
            Long since = waiting.get(node);
            if (since != null && verifier.verify(topic, message.getPayload()) instanceof Inbound.Accepted accepted
                    && ((AclSnapshot) accepted.message()).entries().stream()
                    .noneMatch(e -> revoked.equals(e.memberId()))) {
                waiting.remove(node);
                latencies.add(now - since);
            }
        }

        void await(Duration limit, int nodeCount) {
            long deadline = System.nanoTime() + limit.toNanos();
            while ((!waiting.isEmpty() || sinceRevocation.get() < nodeCount) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(5_000_000);
            }
            rounds.incrementAndGet();
            missed.addAndGet(waiting.size());
            waiting.clear();
            if (fullRepublishAt != 0) {
                slowestFullRepublishNanos.accumulateAndGet(fullRepublishAt - revokedAt, Math::max);
            }
        }

        long[] sortedLatencies() {
            return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        }
    }

    @FunctionalInterface
    private interface Arrival {
        void received(String topic, MqttMessage message);
    }

    private static MqttCallback callback(Arrival arrival) {
        return new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                System.err.println("benchmark connection lost: " + cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                arrival.received(topic, message);
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        };
    }

    private MqttAsyncClient client(String id, boolean cleanSession) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(brokerUrl, id, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(cleanSession);
        options.setMaxInflight(1000);
        client.connect(options).waitForCompletion();
        return client;
    }

    /** Ends a persistent session, so that the shared broker keeps no queue for a client that is gone. */
    private void forgetSession(String clientId) throws Exception {
        MqttAsyncClient client = client(clientId, true);
        client.disconnect().waitForCompletion();
        client.close();
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
    }

    private static String loadAverage() throws Exception {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }
}
