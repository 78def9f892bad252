package org.fablab.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.fablab.gateway.app.ConfigLoader;
import org.fablab.gateway.app.Gateway;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.protocol.BouncyCastleEd25519;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.EventData;
import org.fablab.protocol.Inbound;
import org.fablab.protocol.KeyResolver;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.OfflinePolicy;
import org.fablab.protocol.SignatureCheck;
import org.fablab.protocol.Signer;
import org.fablab.protocol.Topic;
import org.fablab.protocol.Verifier;

/**
 * Event ingestion through the gateway (verify, store in SQLite, acknowledge) against raw broker
 * pass-through (Paho publisher to Paho subscriber) on the same embedded broker in the same run, plus
 * single-thread Ed25519 rates (JDK, Bouncy Castle per call, Bouncy Castle with the key decoded once),
 * the CPU per {@link Verifier#verify} of the same events, gateway start time and heap after start.
 * Usage: {@code java -cp bench/target/bench.jar org.fablab.bench.IngestionBenchmark [events] [nodes]
 * [external broker URL]}; see docs/performance.md.
 */
public final class IngestionBenchmark {
    private static final String LAB = "bench-lab";
    private static final int MAX_INFLIGHT = 1000;
    /**
     * Messages sent but not yet received or stored. Brokers drop QoS 1 messages once a subscriber's
     * queue is full (Mosquitto: max_queued_messages, 1000 by default), so both runs are paced alike.
     */
    private static final int MAX_UNCONSUMED = 500;

    /**
     * How long the publisher sleeps while the consumer is {@link #MAX_UNCONSUMED} behind. Sleeping, not
     * spinning: on two cores a spinning publisher takes the core the consumer needs.
     */
    private static final long PACING_PAUSE_NANOS = 200_000;
    /**
     * Events ingested before the timed run, so that signature verification, JSON binding and the SQLite
     * path are compiled as in a gateway that has been running; the raw baseline is warmed alike by its
     * clean-session run.
     */
    private static final int MAX_WARM_UP = 5_000;

    private record Prepared(String topic, byte[] payload) {
    }

    /**
     * @param perSecond      messages through per second of wall time
     * @param cpuMicrosEach  CPU time of this whole process (publisher, subscriber or gateway, embedded
     *                       broker if any) per message, in microseconds; an external broker is not counted
     */
    private record Throughput(double perSecond, double cpuMicrosEach) {
        static Throughput of(int messages, long startNanos, long startCpuNanos) {
            return new Throughput(messages / ((System.nanoTime() - startNanos) / 1e9),
                    (processCpuNanos() - startCpuNanos) / 1e3 / messages);
        }
    }

    /** Bouncy Castle from the raw key bytes, decoding the key on every call, as the gateway did before. */
    private static final SignatureCheck RAW_KEY_BOUNCY_CASTLE = (key, message, signature) ->
            signature.length == Ed25519.SIGNATURE_SIZE
                    && Ed25519.verify(signature, 0, Ed25519Keys.raw(key), 0, message, 0, message.length);

    private IngestionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int nodeCount = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Optional<String> externalBroker = args.length > 2 ? Optional.of(args[2]) : Optional.empty();
        Path data = Files.createTempDirectory("fablab-bench");
        int port = 18_000 + (int) (ProcessHandle.current().pid() % 1000);

        KeyPair gatewayKeys = Ed25519Keys.generate();
        List<KeyPair> nodeKeys = IntStream.range(0, nodeCount).mapToObj(i -> Ed25519Keys.generate()).toList();
        int warmUp = Math.min(MAX_WARM_UP, events / 4);
        System.out.printf("signing %,d + %,d warm-up events for %d nodes (outside the timed part)...%n",
                events, warmUp, nodeCount);
        List<Prepared> signed = sign(warmUp + events, nodeKeys);
        List<Prepared> warmUpEvents = signed.subList(0, warmUp);
        List<Prepared> prepared = signed.subList(warmUp, signed.size());

        long startNanos = System.nanoTime();
        String gatewayClientId = "bench-gw-" + ProcessHandle.current().pid();
        Map<String, String> settings = new HashMap<>(Map.of(
                "FABLAB_LAB", LAB,
                "FABLAB_HTTP_PORT", "0",
                "FABLAB_MQTT_EMBEDDED_PORT", Integer.toString(port),
                "FABLAB_MQTT_DATA_DIR", data.resolve("broker").toString(),
                "FABLAB_MQTT_CLIENT_ID", gatewayClientId,
                "FABLAB_STORE_URL", "jdbc:sqlite:" + data.resolve("bench.db"),
                "FABLAB_KEYS_GATEWAY_PRIVATE_KEY", Ed25519Keys.encode(gatewayKeys.getPrivate()),
                "FABLAB_KEYS_LAB_PEPPER", "000102030405060708090a0b0c0d0e0f"));
        externalBroker.ifPresent(url -> {
            settings.put("FABLAB_MQTT_MODE", "external");
            settings.put("FABLAB_MQTT_URL", url);
        });
        Gateway gateway = Gateway.start(ConfigLoader.load(Optional.empty(), settings), Clock.systemUTC(), directory -> {
                    for (int i = 0; i < nodeCount; i++) {
                        directory.upsert(new MachineRecord("m-" + i, "Machine " + i, "other"));
                        directory.upsert(new NodeRecord(nodeId(i), "m-" + i, Ed25519Keys.encode(nodeKeys.get(i).getPublic()),
                                OfflinePolicy.CACHED, Duration.ofHours(24)));
                    }
                });
        double startMillis = (System.nanoTime() - startNanos) / 1e6;
        System.gc();
        double heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;

        String url = externalBroker.orElse("tcp://127.0.0.1:" + port);
        Throughput rawVolatile = rawPassThrough(url, prepared, true);
        Throughput raw = rawPassThrough(url, prepared, false);
        gatewayIngestion(url, warmUpEvents, gateway);
        Throughput ingested = gatewayIngestion(url, prepared, gateway);
        VerifyRates verify = VerifyRates.measure(nodeKeys.get(0));
        VerifierCost verifierCost = VerifierCost.measure(prepared, nodeKeys);
        gateway.close();
        if (externalBroker.isPresent()) {
            forgetSession(url, gatewayClientId);
        }

        System.out.println();
        System.out.println("| figure | value | baseline (same run) | ratio |");
        System.out.println("|---|---|---|---|");
        System.out.printf("| gateway ingestion (verify + SQLite + ack), events/s | %,.0f | raw Paho→broker→Paho, persistent subscriber %,.0f msg/s | %.2f |%n",
                ingested.perSecond(), raw.perSecond(), ingested.perSecond() / raw.perSecond());
        System.out.printf("| gateway ingestion (verify + SQLite + ack), events/s | %,.0f | raw Paho→broker→Paho, clean-session subscriber %,.0f msg/s | %.2f |%n",
                ingested.perSecond(), rawVolatile.perSecond(), ingested.perSecond() / rawVolatile.perSecond());
        System.out.printf("| gateway ingestion, CPU of this process per event, µs | %,.0f | raw, persistent subscriber %,.0f µs | %.2f |%n",
                ingested.cpuMicrosEach(), raw.cpuMicrosEach(), ingested.cpuMicrosEach() / raw.cpuMicrosEach());
        System.out.printf("| Ed25519 verify (Bouncy Castle, key decoded once, used by the gateway), one thread, per s | %,.0f | JDK Ed25519 %,.0f | %.2f |%n",
                verify.cachedPoint(), verify.jdk(), verify.cachedPoint() / verify.jdk());
        System.out.printf("| Ed25519 verify (Bouncy Castle, key decoded once), one thread, per s | %,.0f | Bouncy Castle decoding the key on every call %,.0f | %.2f |%n",
                verify.cachedPoint(), verify.rawKey(), verify.cachedPoint() / verify.rawKey());
        System.out.printf("| Verifier.verify of these events (parse, checks, signature, binding), one thread, CPU µs per event | %.1f | with Bouncy Castle decoding the key on every call %.1f µs | %.2f |%n",
                verifierCost.cachedPointMicros(), verifierCost.rawKeyMicros(),
                verifierCost.cachedPointMicros() / verifierCost.rawKeyMicros());
        System.out.printf("| gateway + embedded broker start, ms | %.0f | | |%n", startMillis);
        System.out.printf("| heap used after start, MiB | %.1f | | |%n", heapMb);
        System.out.printf("(broker %s, %,d events, %d nodes, %d cores, %s)%n",
                externalBroker.orElse("embedded Artemis"), events, nodeCount,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
        System.exit(0);
    }

    private static String nodeId(int i) {
        return "node-" + i;
    }

    private static List<Prepared> sign(int events, List<KeyPair> nodeKeys) {
        List<Signer> signers = nodeKeys.stream().map(k -> new Signer(k.getPrivate())).toList();
        Instant now = Instant.now();
        return IntStream.range(0, events).parallel().mapToObj(i -> {
            int node = i % nodeKeys.size();
            NodeEvent event = NodeEvent.of(LAB, nodeId(node), now, i / nodeKeys.size() + 1, UUID.randomUUID().toString(),
                    new EventData.SessionProgress("session-" + node, i, i / 2, i * 0.01));
            return new Prepared(event.topic().toString(), signers.get(node).sign(event));
        }).toList();
    }

    /**
     * @param cleanSession false gives the subscriber the gateway's guarantees: a persistent session whose
     *                     QoS 1 messages the broker journals until acknowledged
     */
    private static Throughput rawPassThrough(String url, List<Prepared> prepared, boolean cleanSession) throws Exception {
        CountDownLatch received = new CountDownLatch(prepared.size());
        MqttAsyncClient subscriber = client(url, "bench-sub", cleanSession);
        subscriber.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.countDown();
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        subscriber.subscribe("bench/raw/#", 1).waitForCompletion();
        long start = System.nanoTime();
        long startCpu = processCpuNanos();
        publishAll(url, prepared, p -> p.topic().replace(Topic.ROOT, "bench/raw/"),
                () -> prepared.size() - received.getCount());
        if (!received.await(2, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the broker lost " + received.getCount() + " messages");
        }
        Throughput throughput = Throughput.of(prepared.size(), start, startCpu);
        subscriber.disconnect().waitForCompletion();
        subscriber.close();
        forgetSession(url, subscriber.getClientId());
        return throughput;
    }

    private static Throughput gatewayIngestion(String url, List<Prepared> prepared, Gateway gateway) throws Exception {
        long before = gateway.stats().storedCount();
        long start = System.nanoTime();
        long startCpu = processCpuNanos();
        publishAll(url, prepared, Prepared::topic, () -> gateway.stats().storedCount() - before);
        while (gateway.stats().storedCount() - before < prepared.size()) {
            Thread.sleep(2);
        }
        return Throughput.of(prepared.size(), start, startCpu);
    }

    /**
     * Ends a persistent session on the broker, so that later runs against the same external broker do
     * not pay for queueing copies of their messages to sessions nobody reads any more.
     */
    private static void forgetSession(String url, String clientId) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        client.connect(options).waitForCompletion();
        client.disconnect().waitForCompletion();
        client.close();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void publishAll(String url, List<Prepared> prepared, java.util.function.Function<Prepared, String> topic,
                                   java.util.function.LongSupplier consumed) throws Exception {
        Semaphore window = new Semaphore(MAX_INFLIGHT);
        MqttAsyncClient publisher = client(url, "bench-pub", true);
        publisher.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String t, MqttMessage message) {
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                window.release();
            }
        });
        long sent = 0;
        for (Prepared p : prepared) {
            while (sent - consumed.getAsLong() > MAX_UNCONSUMED) {
                LockSupport.parkNanos(PACING_PAUSE_NANOS);
            }
            sent++;
            window.acquire();
            publisher.publish(topic.apply(p), p.payload(), 1, false);
        }
        window.acquire(MAX_INFLIGHT);
        publisher.disconnect().waitForCompletion();
        publisher.close();
    }

    private static MqttAsyncClient client(String url, String id, boolean cleanSession) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(url, id + "-" + UUID.randomUUID().toString().substring(0, 6),
                new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(cleanSession);
        options.setMaxInflight(MAX_INFLIGHT);
        client.connect(options).waitForCompletion();
        return client;
    }

    /**
     * Single-thread verifications per second of three Ed25519 implementations: the JDK's, Bouncy Castle
     * from the raw key bytes (decoding the key on every call, as the gateway did before), and the
     * gateway's {@link BouncyCastleEd25519} (key decoded once). The three alternate over three rounds
     * and the best round of each counts, so that a burst of other work on the machine hits them alike.
     */
    private record VerifyRates(double jdk, double rawKey, double cachedPoint) {
        private static final int ROUNDS = 3;

        static VerifyRates measure(KeyPair keys) throws Exception {
            SignatureCheck cachedPoint = new BouncyCastleEd25519();
            double jdk = 0;
            double raw = 0;
            double cached = 0;
            for (int round = 0; round < ROUNDS; round++) {
                jdk = Math.max(jdk, singleThreadVerifyRate(keys, SignatureCheck.JDK));
                raw = Math.max(raw, singleThreadVerifyRate(keys, RAW_KEY_BOUNCY_CASTLE));
                cached = Math.max(cached, singleThreadVerifyRate(keys, cachedPoint));
            }
            return new VerifyRates(jdk, raw, cached);
        }
    }

    /**
     * CPU time of one thread per {@link Verifier#verify} of the benchmark's signed events (envelope and
     * body parsing, checks, signature, binding to records), with the gateway's {@link BouncyCastleEd25519}
     * and with {@link #RAW_KEY_BOUNCY_CASTLE}; the two alternate over three rounds and the best round of
     * each counts.
     */
    private record VerifierCost(double cachedPointMicros, double rawKeyMicros) {
        private static final int ROUNDS = 3;
        private static final int EVENTS_PER_ROUND = 5_000;

        static VerifierCost measure(List<Prepared> prepared, List<KeyPair> nodeKeys) {
            Map<String, PublicKey> keys = new HashMap<>();
            for (int i = 0; i < nodeKeys.size(); i++) {
                keys.put(nodeId(i), nodeKeys.get(i).getPublic());
            }
            KeyResolver resolver = topic -> Optional.ofNullable(keys.get(topic.node()));
            Verifier cachedPoint = new Verifier(resolver, Clock.systemUTC(), Verifier.Limits.DEFAULT, new BouncyCastleEd25519());
            Verifier rawKey = new Verifier(resolver, Clock.systemUTC(), Verifier.Limits.DEFAULT, RAW_KEY_BOUNCY_CASTLE);
            List<Prepared> events = prepared.subList(0, Math.min(EVENTS_PER_ROUND, prepared.size()));
            double cached = Double.MAX_VALUE;
            double raw = Double.MAX_VALUE;
            for (int round = 0; round < ROUNDS; round++) {
                cached = Math.min(cached, cpuMicrosEach(cachedPoint, events));
                raw = Math.min(raw, cpuMicrosEach(rawKey, events));
            }
            return new VerifierCost(cached, raw);
        }

        private static double cpuMicrosEach(Verifier verifier, List<Prepared> events) {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long start = threads.getCurrentThreadCpuTime();
            for (Prepared p : events) {
                if (!(verifier.verify(p.topic(), p.payload()) instanceof Inbound.Accepted)) {
                    throw new IllegalStateException("valid event refused on " + p.topic());
                }
            }
            return (threads.getCurrentThreadCpuTime() - start) / 1e3 / events.size();
        }
    }

    private static double singleThreadVerifyRate(KeyPair keys, SignatureCheck check) throws Exception {
        byte[] message = new byte[300];
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(keys.getPrivate());
        signer.update(message);
        byte[] signature = signer.sign();
        int rounds = 3_000;
        for (int i = 0; i < rounds / 3; i++) {
            check.verify(keys.getPublic(), message, signature);
        }
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            if (!check.verify(keys.getPublic(), message, signature)) {
                throw new IllegalStateException("valid signature refused");
            }
        }
        return rounds / ((System.nanoTime() - start) / 1e9);
    }

}
