package org.fablab.bench;

import com.hivemq.embedded.EmbeddedHiveMQ;
import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.net.SocketFactory;

/**
 * Compares embeddable MQTT 3.1.1 brokers (Moquette, HiveMQ CE embedded, ActiveMQ Artemis) against the
 * system Mosquitto on 127.0.0.1:1883.
 *
 * <p>The parent process runs every candidate in its own child JVM (same class path) so that start time,
 * heap and thread figures are not polluted by a previous candidate; the child prints {@code RESULT key=value}
 * lines that the parent collects into one table. Everything runs on loopback, every loop is bounded.
 * Embedded brokers run with persistence on, bound to 127.0.0.1, logging at WARN.
 *
 * <p>Throughput is measured twice with one QoS 1 publisher (Paho, max inflight 1000) and one QoS 1 subscriber:
 * "paced" also keeps at most 500 messages sent but not yet received, so no broker drops anything and the rates
 * compare; "burst" publishes as fast as PUBACKs allow and shows what a broker does with a subscriber that falls
 * behind (Mosquitto and HiveMQ drop QoS 1 messages beyond their 1000-message client queue).
 *
 * <pre>
 *   java -cp bench/target/bench.jar org.fablab.bench.EmbeddedBrokerComparison            # all candidates
 *   java -cp bench/target/bench.jar org.fablab.bench.EmbeddedBrokerComparison artemis    # a subset
 *   -Dbench.messages=50000 -Dbench.mosquitto=127.0.0.1:1883 -Dbench.tcpNoDelay=true
 * </pre>
 */
public final class EmbeddedBrokerComparison {

    private static final String HOST = "127.0.0.1";
    private static final int MESSAGES = Integer.getInteger("bench.messages", 50_000);
    private static final int WARMUP_MESSAGES = Integer.getInteger("bench.warmup", 5_000);
    private static final int PAYLOAD_BYTES = 300;
    private static final int PUBLISHER_MAX_INFLIGHT = 1000;
    private static final int END_TO_END_WINDOW = 500;
    private static final int SESSION_MESSAGES = 100;
    private static final int RESTART_MESSAGES = 10;
    private static final long CHILD_TIMEOUT_SECONDS = 240;
    private static final String MOSQUITTO = System.getProperty("bench.mosquitto", HOST + ":1883");
    /** Paho does not set TCP_NODELAY; -Dbench.tcpNoDelay=true makes every client socket set it. */
    private static final boolean TCP_NO_DELAY = Boolean.getBoolean("bench.tcpNoDelay");
    private static final List<String> CANDIDATES = List.of("mosquitto", "moquette", "hivemq", "artemis");

    private static final String RESULT_PREFIX = "RESULT ";

    private EmbeddedBrokerComparison() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--child")) {
            int status = 0;
            try {
                runChild(args[1]);
            } catch (Throwable e) {
                e.printStackTrace(System.out);
                status = 1;
            }
            System.exit(status); // brokers may leave non-daemon threads behind
        }
        List<String> selected = args.length == 0 ? CANDIDATES : List.of(args);
        Map<String, Map<String, String>> results = new LinkedHashMap<>();
        for (String candidate : selected) {
            if (!CANDIDATES.contains(candidate)) {
                throw new IllegalArgumentException("unknown candidate " + candidate + ", expected one of " + CANDIDATES);
            }
            System.out.printf("running %s ...%n", candidate);
            results.put(candidate, runChildProcess(candidate));
        }
        printTable(results);
    }

    // ------------------------------------------------------------------------------------------------ parent

    private static Map<String, String> runChildProcess(String candidate) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = Files.createTempFile("broker-bench-" + candidate + "-", ".log");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx1g",
                "-Dlogback.configurationFile=" + warnOnlyLogbackConfig().toUri(),
                "-Dbench.messages=" + MESSAGES, "-Dbench.warmup=" + WARMUP_MESSAGES, "-Dbench.mosquitto=" + MOSQUITTO,
                "-Dbench.tcpNoDelay=" + TCP_NO_DELAY,
                "-cp", System.getProperty("java.class.path"),
                EmbeddedBrokerComparison.class.getName(), "--child", candidate));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            System.out.printf("  %s timed out after %d s, log: %s%n", candidate, CHILD_TIMEOUT_SECONDS, log);
        }
        Map<String, String> result = new LinkedHashMap<>();
        try (Stream<String> lines = Files.lines(log)) {
            lines.filter(line -> line.startsWith(RESULT_PREFIX)).forEach(line -> {
                String kv = line.substring(RESULT_PREFIX.length());
                int eq = kv.indexOf('=');
                result.put(kv.substring(0, eq), kv.substring(eq + 1));
            });
        }
        if (process.exitValue() != 0 || !result.containsKey("done")) {
            System.out.printf("  %s did not finish cleanly (exit %d), log: %s%n", candidate, process.exitValue(), log);
        } else {
            System.out.printf("  done, log: %s%n", log);
        }
        return result;
    }

    /** Brokers log every packet at INFO or DEBUG; that would be measured too. Only WARN and above, to the log. */
    private static Path warnOnlyLogbackConfig() throws IOException {
        Path config = Files.createTempFile("broker-bench-logback-", ".xml");
        config.toFile().deleteOnExit();
        Files.writeString(config, """
                <configuration>
                  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="out"/></root>
                </configuration>
                """);
        return config;
    }

    private static void printTable(Map<String, Map<String, String>> results) {
        String[][] rows = {
                {"version", "version"},
                {"netty-common on class path", "netty"},
                {"start: start() -> CONNACK (ms)", "startMs"},
                {"restart: start() -> CONNACK (ms)", "restartMs"},
                {"stop() (ms)", "stopMs"},
                {"heap used after start, after GC (MB)", "heapMb"},
                {"RSS growth from start (MB)", "rssMb"},
                {"classes loaded by start", "classes"},
                {"threads started", "threads"},
                {"QoS1 paced: received / sent", "received"},
                {"QoS1 paced: duplicates", "duplicates"},
                {"QoS1 paced: throughput (msg/s)", "throughput"},
                {"QoS1 paced: throughput / Mosquitto", "ratio"},
                {"QoS1 burst: received / sent", "burstReceived"},
                {"QoS1 burst: subscriber rate (msg/s)", "burstThroughput"},
                {"persistent session: queued QoS1 received", "sessionReceived"},
                {"last will delivered to watcher", "willDelivered"},
                {"retained will seen by later subscriber", "willRetained"},
                {"retained message survives restart", "restartRetained"},
                {"queued QoS1 survive restart", "restartQueued"},
                {"Vert.x 5 HttpServer in same JVM", "vertx"},
        };
        double baseline = parseDouble(results.getOrDefault("mosquitto", Map.of()).get("throughput"));
        for (Map<String, String> r : results.values()) {
            double t = parseDouble(r.get("throughput"));
            r.put("ratio", baseline > 0 && t > 0 ? String.format("%.2f", t / baseline) : "-");
        }
        StringBuilder out = new StringBuilder(System.lineSeparator());
        out.append(String.format("%-42s", "N=" + MESSAGES + " x " + PAYLOAD_BYTES + " B" + (TCP_NO_DELAY ? ", TCP_NODELAY" : "")));
        results.keySet().forEach(name -> out.append(String.format(" | %-16s", name)));
        out.append(System.lineSeparator());
        for (String[] row : rows) {
            out.append(String.format("%-42s", row[0]));
            results.values().forEach(r -> out.append(String.format(" | %-16s", r.getOrDefault(row[1], "-"))));
            out.append(System.lineSeparator());
        }
        System.out.print(out);
    }

    private static double parseDouble(String value) {
        try {
            return value == null ? -1 : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ------------------------------------------------------------------------------------------------ child

    private static void result(String key, Object value) {
        System.out.println(RESULT_PREFIX + key + "=" + value);
        System.out.flush();
    }

    private static void runChild(String candidate) throws Exception {
        String runId = UUID.randomUUID().toString().substring(0, 8);
        String prefix = "bench/" + runId;
        // Load the client-side classes before taking the baseline so they are not charged to the broker.
        new MqttMessage(new byte[1]);
        new MemoryPersistence();
        result("netty", nettyVersion());

        if (candidate.equals("mosquitto")) {
            String[] hostPort = MOSQUITTO.split(":");
            String uri = "tcp://" + hostPort[0] + ":" + hostPort[1];
            result("version", "system");
            runProtocolTests(uri, prefix, hostPort[0], Integer.parseInt(hostPort[1]));
            result("done", true);
            return;
        }

        Path dataDir = Files.createTempDirectory("broker-bench-" + candidate + "-");
        int port = freePort();
        String uri = "tcp://" + HOST + ":" + port;
        EmbeddedBroker broker = switch (candidate) {
            case "moquette" -> new MoquetteBroker(port, dataDir);
            case "hivemq" -> new HiveMqBroker(port, dataDir);
            case "artemis" -> new ArtemisBroker(port, dataDir);
            default -> throw new IllegalArgumentException(candidate);
        };
        result("version", broker.version());
        try {
            long heapBefore = usedHeapAfterGc();
            long rssBefore = rssBytes();
            int threadsBefore = Thread.activeCount();
            long classesBefore = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();

            result("startMs", timeStart(broker, port));
            result("heapMb", mb(usedHeapAfterGc() - heapBefore));
            result("rssMb", rssBefore < 0 ? "-" : mb(rssBytes() - rssBefore));
            result("threads", Thread.activeCount() - threadsBefore);
            result("classes", ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount() - classesBefore);

            runProtocolTests(uri, prefix, HOST, port);
            result("vertx", vertxCoexists(uri, prefix));
            runRestartTest(broker, port, uri, prefix);
        } finally {
            long t0 = System.nanoTime();
            broker.stop();
            result("stopMs", millisSince(t0));
            deleteRecursively(dataDir);
        }
        result("done", true);
    }

    private static void runProtocolTests(String uri, String prefix, String host, int port) throws Exception {
        // JIT warm-up on both sides, not reported
        throughput(uri, prefix + "/warmup", WARMUP_MESSAGES, END_TO_END_WINDOW);
        ThroughputResult paced = throughput(uri, prefix + "/paced", MESSAGES, END_TO_END_WINDOW);
        result("received", paced.received + "/" + MESSAGES);
        result("duplicates", paced.duplicates);
        result("throughput", String.format("%.0f", paced.messagesPerSecond()));
        ThroughputResult burst = throughput(uri, prefix + "/burst", MESSAGES, 0);
        result("burstReceived", burst.received + "/" + MESSAGES);
        result("burstThroughput", String.format("%.0f", burst.messagesPerSecond()));
        result("sessionReceived", persistentSession(uri, prefix + "/session") + "/" + SESSION_MESSAGES);
        lastWill(uri, prefix + "/will", host, port);
    }

    // ------------------------------------------------------------------------------------------------ measurements

    private static long timeStart(EmbeddedBroker broker, int port) throws Exception {
        long t0 = System.nanoTime();
        broker.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!RawMqtt.connectAndDisconnect(HOST, port)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("broker did not accept an MQTT connection within 60 s");
            }
            Thread.sleep(2);
        }
        return millisSince(t0);
    }

    private record ThroughputResult(int received, int duplicates, long nanos) {
        double messagesPerSecond() {
            return nanos <= 0 ? 0 : received * 1e9 / nanos;
        }
    }

    /**
     * One QoS 1 publisher (max inflight 1000), one QoS 1 subscriber; first send to last receive.
     *
     * @param endToEndWindow if positive, the publisher also waits while this many messages are sent but not yet
     *                       received, so that no broker has to queue more than that for the subscriber (brokers
     *                       drop QoS 1 messages beyond their per-client queue limit, Mosquitto and HiveMQ at 1000);
     *                       0 publishes as fast as PUBACKs allow
     */
    private static ThroughputResult throughput(String uri, String topic, int count, int endToEndWindow)
            throws Exception {
        Semaphore endToEnd = new Semaphore(endToEndWindow > 0 ? endToEndWindow : Integer.MAX_VALUE);
        BitSet seen = new BitSet(count);
        AtomicInteger received = new AtomicInteger();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicLong lastReceive = new AtomicLong();
        CountDownLatch all = new CountDownLatch(1);

        MqttAsyncClient subscriber = client(uri, "bench-sub-" + UUID.randomUUID().toString().substring(0, 8));
        subscriber.setCallback(new Callback((t, m) -> {
            int seq = ByteBuffer.wrap(m.getPayload()).getInt();
            if (seen.get(seq)) {
                duplicates.incrementAndGet();
                return;
            }
            seen.set(seq);
            lastReceive.set(System.nanoTime());
            endToEnd.release();
            if (received.incrementAndGet() == count) {
                all.countDown();
            }
        }));
        connect(subscriber, options(true, 10));
        subscriber.subscribe(topic, 1).waitForCompletion(10_000);

        MqttAsyncClient publisher = client(uri, "bench-pub-" + UUID.randomUUID().toString().substring(0, 8));
        connect(publisher, options(true, PUBLISHER_MAX_INFLIGHT));
        Semaphore window = new Semaphore(PUBLISHER_MAX_INFLIGHT);
        IMqttActionListener release = new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                window.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                window.release();
            }
        };
        byte[] payload = new byte[PAYLOAD_BYTES];
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(60);
        for (int i = 0; i < count && System.nanoTime() < deadline; i++) {
            if (!endToEnd.tryAcquire(10, TimeUnit.SECONDS) || !window.tryAcquire(10, TimeUnit.SECONDS)) {
                break;
            }
            ByteBuffer.wrap(payload).putInt(i);
            MqttMessage message = new MqttMessage(payload.clone());
            message.setQos(1);
            publisher.publish(topic, message, null, release);
        }
        // Wait for the last message, giving up after 60 s in all or 5 s without progress.
        int lastSeen = -1;
        long lastProgress = System.nanoTime();
        while (!all.await(250, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline) {
            int now = received.get();
            if (now != lastSeen) {
                lastSeen = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(5)) {
                break;
            }
        }
        close(publisher);
        close(subscriber);
        return new ThroughputResult(received.get(), duplicates.get(), lastReceive.get() - start);
    }

    /** cleanSession=false subscriber goes away, 100 QoS 1 messages are published, it comes back. */
    private static int persistentSession(String uri, String topic) throws Exception {
        String clientId = "bench-persistent-" + UUID.randomUUID().toString().substring(0, 8);
        MqttAsyncClient subscriber = client(uri, clientId);
        connect(subscriber, options(false, 10));
        subscriber.subscribe(topic, 1).waitForCompletion(10_000);
        subscriber.disconnect().waitForCompletion(10_000);
        subscriber.close();

        publishAndWait(uri, topic, SESSION_MESSAGES, false);
        int received = reconnectAndCount(uri, clientId, SESSION_MESSAGES);
        removeSession(uri, clientId);
        return received;
    }

    /**
     * A raw-socket client connects with a retained QoS 1 will and its socket is reset (no DISCONNECT packet).
     * A watcher subscribed beforehand must get the will; a subscriber arriving later must get it as retained.
     */
    private static void lastWill(String uri, String topic, String host, int port) throws Exception {
        byte[] will = "offline".getBytes(StandardCharsets.UTF_8);
        CompletableFuture<MqttMessage> watched = new CompletableFuture<>();
        MqttAsyncClient watcher = client(uri, "bench-watch-" + UUID.randomUUID().toString().substring(0, 8));
        watcher.setCallback(new Callback((t, m) -> watched.complete(m)));
        connect(watcher, options(true, 10));
        watcher.subscribe(topic, 1).waitForCompletion(10_000);

        try (Socket socket = RawMqtt.connectWithWill(host, port,
                "bench-dying-" + UUID.randomUUID().toString().substring(0, 8), topic, will)) {
            socket.setSoLinger(true, 0); // close() now sends RST: an abrupt loss of the connection
        }
        MqttMessage delivered = await(watched, 10);
        result("willDelivered", delivered != null && new String(delivered.getPayload(), StandardCharsets.UTF_8).equals("offline") ? "yes" : "no");
        close(watcher);

        MqttMessage retained = firstRetained(uri, topic, 5);
        result("willRetained", describeRetained(retained));
        clearRetained(uri, topic);
    }

    /** Retained message and queued QoS 1 messages of a persistent session across broker stop/start. */
    private static void runRestartTest(EmbeddedBroker broker, int port, String uri, String prefix) throws Exception {
        String retainedTopic = prefix + "/restart/retained";
        String queueTopic = prefix + "/restart/queue";
        String clientId = "bench-restart-" + UUID.randomUUID().toString().substring(0, 8);

        MqttAsyncClient subscriber = client(uri, clientId);
        connect(subscriber, options(false, 10));
        subscriber.subscribe(queueTopic, 1).waitForCompletion(10_000);
        subscriber.disconnect().waitForCompletion(10_000);
        subscriber.close();
        publishAndWait(uri, retainedTopic, 1, true);
        publishAndWait(uri, queueTopic, RESTART_MESSAGES, false);

        broker.stop();
        try {
            result("restartMs", timeStart(broker, port));
        } catch (Exception e) {
            result("restartMs", "FAILED");
            System.out.println("restart failed: " + e);
            e.printStackTrace(System.out);
            return;
        }
        MqttMessage retained = firstRetained(uri, retainedTopic, 5);
        result("restartRetained", describeRetained(retained));
        result("restartQueued", reconnectAndCount(uri, clientId, RESTART_MESSAGES) + "/" + RESTART_MESSAGES);
        removeSession(uri, clientId);
    }

    /** Starts a Vert.x HttpServer next to the broker, checks an HTTP round trip and an MQTT round trip. */
    private static String vertxCoexists(String uri, String prefix) {
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer server = vertx.createHttpServer()
                    .requestHandler(request -> request.response().end("ok"))
                    .listen(0, HOST).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + server.actualPort() + "/"))
                            .timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            boolean http = response.statusCode() == 200 && response.body().equals("ok");
            String topic = prefix + "/vertx";
            publishAndWait(uri, topic, 1, true);
            boolean mqtt = firstRetained(uri, topic, 5) != null;
            clearRetained(uri, topic);
            return http && mqtt ? "ok" : "FAILED(http=" + http + ",mqtt=" + mqtt + ")";
        } catch (Exception | LinkageError e) {
            return "FAILED(" + e.getClass().getSimpleName() + ")";
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void publishAndWait(String uri, String topic, int count, boolean retained) throws Exception {
        MqttAsyncClient publisher = client(uri, "bench-pub-" + UUID.randomUUID().toString().substring(0, 8));
        connect(publisher, options(true, PUBLISHER_MAX_INFLIGHT));
        List<IMqttDeliveryToken> tokens = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            MqttMessage message = new MqttMessage(ByteBuffer.allocate(PAYLOAD_BYTES).putInt(0, i).array());
            message.setQos(1);
            message.setRetained(retained);
            tokens.add(publisher.publish(topic, message));
        }
        for (IMqttDeliveryToken token : tokens) {
            token.waitForCompletion(10_000);
        }
        close(publisher);
    }

    private static int reconnectAndCount(String uri, String clientId, int expected) throws Exception {
        BitSet seen = new BitSet(expected);
        AtomicInteger received = new AtomicInteger();
        MqttAsyncClient subscriber = client(uri, clientId);
        subscriber.setCallback(new Callback((t, m) -> {
            int seq = ByteBuffer.wrap(m.getPayload()).getInt();
            if (seq >= 0 && seq < expected && !seen.get(seq)) {
                seen.set(seq);
                received.incrementAndGet();
            }
        }));
        connect(subscriber, options(false, 10));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (received.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(200); // let late duplicates or extras arrive before the count is taken
        subscriber.disconnect().waitForCompletion(10_000);
        subscriber.close();
        return received.get();
    }

    /** Connecting once with cleanSession=true discards the broker-side session state of that client id. */
    private static void removeSession(String uri, String clientId) throws Exception {
        MqttAsyncClient client = client(uri, clientId);
        connect(client, options(true, 10));
        close(client);
    }

    /** A new subscriber's first message on the topic; the caller checks its RETAIN flag. */
    private static MqttMessage firstRetained(String uri, String topic, int timeoutSeconds) throws Exception {
        CompletableFuture<MqttMessage> first = new CompletableFuture<>();
        MqttAsyncClient subscriber = client(uri, "bench-late-" + UUID.randomUUID().toString().substring(0, 8));
        subscriber.setCallback(new Callback((t, m) -> first.complete(m)));
        connect(subscriber, options(true, 10));
        subscriber.subscribe(topic, 1).waitForCompletion(10_000);
        MqttMessage message = await(first, timeoutSeconds);
        close(subscriber);
        return message;
    }

    private static String describeRetained(MqttMessage message) {
        if (message == null) {
            return "no";
        }
        return message.isRetained() ? "yes" : "yes, RETAIN flag 0";
    }

    private static void clearRetained(String uri, String topic) throws Exception {
        MqttAsyncClient client = client(uri, "bench-clear-" + UUID.randomUUID().toString().substring(0, 8));
        connect(client, options(true, 10));
        client.publish(topic, new byte[0], 1, true).waitForCompletion(10_000);
        close(client);
    }

    private static MqttAsyncClient client(String uri, String clientId) throws MqttException {
        return new MqttAsyncClient(uri, clientId, new MemoryPersistence());
    }

    private static MqttConnectOptions options(boolean cleanSession, int maxInflight) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(cleanSession);
        options.setMaxInflight(maxInflight);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(10);
        options.setKeepAliveInterval(60);
        if (TCP_NO_DELAY) {
            options.setSocketFactory(new NoDelaySocketFactory());
        }
        return options;
    }

    private static void connect(MqttAsyncClient client, MqttConnectOptions options) throws MqttException {
        client.connect(options).waitForCompletion(15_000);
    }

    private static void close(MqttAsyncClient client) {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(10_000);
            }
            client.close();
        } catch (MqttException e) {
            System.out.println("closing " + client.getClientId() + ": " + e);
        }
    }

    private static <T> T await(CompletableFuture<T> future, int seconds) {
        try {
            return future.get(seconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Resident set size from /proc (Linux); -1 elsewhere. */
    private static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    private static String mb(long bytes) {
        return String.format("%.1f", bytes / (1024.0 * 1024.0));
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static String nettyVersion() {
        var version = io.netty.util.Version.identify().get("netty-common");
        return version == null ? "?" : version.artifactVersion();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static String implementationVersion(Class<?> type, String fallback) {
        String version = type.getPackage().getImplementationVersion();
        return version == null ? fallback : version;
    }

    /** Plain sockets with Nagle's algorithm switched off. */
    private static final class NoDelaySocketFactory extends SocketFactory {
        private static Socket noDelay(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(new Socket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(new Socket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(new Socket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(new Socket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress host, int port, InetAddress localHost, int localPort)
                throws IOException {
            return noDelay(new Socket(host, port, localHost, localPort));
        }
    }

    /** Paho callback that only cares about arriving messages. */
    private record Callback(java.util.function.BiConsumer<String, MqttMessage> onMessage) implements MqttCallback {
        @Override
        public void connectionLost(Throwable cause) {
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            onMessage.accept(topic, message);
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }

    /** Hand-written MQTT 3.1.1 packets, for what a well-behaved client library will not do. */
    private static final class RawMqtt {
        private RawMqtt() {
        }

        /** Start probe: TCP connect, CONNECT, CONNACK accepted, DISCONNECT. */
        static boolean connectAndDisconnect(String host, int port) {
            try (Socket socket = connect(host, port, "bench-probe", null, null)) {
                socket.getOutputStream().write(new byte[] {(byte) 0xE0, 0x00});
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        /** Connects with a retained QoS 1 will and returns the open socket after a successful CONNACK. */
        static Socket connectWithWill(String host, int port, String clientId, String willTopic, byte[] will)
                throws IOException {
            return connect(host, port, clientId, willTopic, will);
        }

        private static Socket connect(String host, int port, String clientId, String willTopic, byte[] will)
                throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            writeString(body, "MQTT".getBytes(StandardCharsets.UTF_8));
            body.write(4); // protocol level 3.1.1
            int flags = 0x02; // clean session
            if (willTopic != null) {
                flags |= 0x04 | 0x08 | 0x20; // will flag, will QoS 1, will retain
            }
            body.write(flags);
            body.write(0);
            body.write(60); // keep alive 60 s
            writeString(body, clientId.getBytes(StandardCharsets.UTF_8));
            if (willTopic != null) {
                writeString(body, willTopic.getBytes(StandardCharsets.UTF_8));
                writeString(body, will);
            }
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(host, port), 1000);
                socket.setSoTimeout(5000);
                OutputStream out = socket.getOutputStream();
                out.write(0x10);
                writeRemainingLength(out, body.size());
                body.writeTo(out);
                out.flush();
                DataInputStream in = new DataInputStream(socket.getInputStream());
                byte[] connack = new byte[4];
                in.readFully(connack);
                if (connack[0] != 0x20 || connack[3] != 0) {
                    throw new IOException("CONNECT refused, return code " + connack[3]);
                }
                return socket;
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }

        private static void writeString(ByteArrayOutputStream out, byte[] bytes) {
            out.write(bytes.length >> 8);
            out.write(bytes.length & 0xFF);
            out.writeBytes(bytes);
        }

        private static void writeRemainingLength(OutputStream out, int length) throws IOException {
            do {
                int digit = length % 128;
                length /= 128;
                out.write(length > 0 ? digit | 0x80 : digit);
            } while (length > 0);
        }
    }

    // ------------------------------------------------------------------------------------------------ candidates

    /** Start/stop of one embedded broker bound to 127.0.0.1:port, persisting into a data directory. */
    private interface EmbeddedBroker {
        String version();

        void start() throws Exception;

        void stop() throws Exception;
    }

    private static final class MoquetteBroker implements EmbeddedBroker {
        private final int port;
        private final Path dataDir;
        private Server server;

        MoquetteBroker(int port, Path dataDir) {
            this.port = port;
            this.dataDir = dataDir;
        }

        @Override
        public String version() {
            return implementationVersion(Server.class, "0.17");
        }

        @Override
        public void start() throws IOException {
            Properties properties = new Properties();
            properties.setProperty(IConfig.HOST_PROPERTY_NAME, HOST);
            properties.setProperty(IConfig.PORT_PROPERTY_NAME, Integer.toString(port));
            properties.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "true");
            properties.setProperty(IConfig.DATA_PATH_PROPERTY_NAME, dataDir.toString());
            properties.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
            properties.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false"); // default true: phones home on start
            // Without an expiry, a persisted cleanSession=false session makes the next start fail
            // ("Can't track for expiration a session without expiry instant"); 25d or more overflows an int
            // of milliseconds in 0.17 and expires every session at once.
            properties.setProperty(IConfig.PERSISTENT_CLIENT_EXPIRATION_PROPERTY_NAME, "7d");
            server = new Server();
            server.startServer(new MemoryConfig(properties));
        }

        @Override
        public void stop() {
            if (server != null) {
                server.stopServer();
                server = null;
            }
        }
    }

    private static final class HiveMqBroker implements EmbeddedBroker {
        private final int port;
        private final Path dataDir;
        private EmbeddedHiveMQ hiveMq;

        HiveMqBroker(int port, Path dataDir) {
            this.port = port;
            this.dataDir = dataDir;
        }

        @Override
        public String version() {
            return implementationVersion(EmbeddedHiveMQ.class, "2025.5");
        }

        @Override
        public void start() throws IOException {
            Path conf = Files.createDirectories(dataDir.resolve("conf"));
            Files.writeString(conf.resolve("config.xml"), """
                    <?xml version="1.0"?>
                    <hivemq>
                        <listeners>
                            <tcp-listener><port>%d</port><bind-address>%s</bind-address></tcp-listener>
                        </listeners>
                        <persistence><mode>file</mode></persistence>
                        <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                    </hivemq>
                    """.formatted(port, HOST));
            hiveMq = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(conf)
                    .withDataFolder(Files.createDirectories(dataDir.resolve("data")))
                    .withExtensionsFolder(Files.createDirectories(dataDir.resolve("extensions")))
                    .withoutLoggingBootstrap() // keep the application's logback configuration
                    .build();
            hiveMq.start().join();
        }

        @Override
        public void stop() throws Exception {
            if (hiveMq != null) {
                hiveMq.stop().join();
                hiveMq.close();
                hiveMq = null;
            }
        }
    }

    private static final class ArtemisBroker implements EmbeddedBroker {
        private final int port;
        private final Path dataDir;
        private EmbeddedActiveMQ server;

        ArtemisBroker(int port, Path dataDir) {
            this.port = port;
            this.dataDir = dataDir;
        }

        @Override
        public String version() {
            return implementationVersion(EmbeddedActiveMQ.class, "2.55.0");
        }

        @Override
        public void start() throws Exception {
            ConfigurationImpl config = new ConfigurationImpl();
            config.setPersistenceEnabled(true)
                    .setSecurityEnabled(false)
                    .setJMXManagementEnabled(false)
                    .setJournalType(JournalType.NIO)
                    .setJournalDirectory(dataDir.resolve("journal").toString())
                    .setBindingsDirectory(dataDir.resolve("bindings").toString())
                    .setPagingDirectory(dataDir.resolve("paging").toString())
                    .setLargeMessagesDirectory(dataDir.resolve("large").toString())
                    .addAcceptorConfiguration("mqtt", "tcp://" + HOST + ":" + port + "?protocols=MQTT");
            // Without these, every subscription queue logs two "No Dead Letter/Expiry Address" warnings.
            config.addAddressSetting("#", new AddressSettings()
                    .setDeadLetterAddress(SimpleString.of("DLQ"))
                    .setExpiryAddress(SimpleString.of("ExpiryQueue")));
            server = new EmbeddedActiveMQ();
            server.setConfiguration(config);
            server.start();
        }

        @Override
        public void stop() throws Exception {
            if (server != null) {
                server.stop();
                server = null;
            }
        }
    }
}
