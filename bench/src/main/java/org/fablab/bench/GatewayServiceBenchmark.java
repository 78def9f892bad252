package org.fablab.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.fablab.protocol.Ed25519Keys;

/**
 * The gateway as its systemd unit runs it: a separate {@code java -jar fablab-gateway.jar gateway} process with an
 * external broker, timed from the process start until {@code GET /health} answers 200, and its resident memory
 * ({@code VmRSS}) after 30 s idle. Four JVM settings side by side, each start alternating with a start of
 * Mosquitto on a free port (timed until it accepts a TCP connection), the baseline of the same run.
 *
 * <p>Usage: {@code GatewayServiceBenchmark [gateway jar] [starts per setting] [broker URL] [java-cds script]}, by
 * default {@code gateway/target/fablab-gateway.jar 5 tcp://127.0.0.1:1883
 * packaging/src/deb/gateway/libexec/java-cds}, run from the repository's root.
 */
public final class GatewayServiceBenchmark {
    private static final Duration IDLE = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private GatewayServiceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "gateway/target/fablab-gateway.jar").toAbsolutePath();
        int starts = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String broker = args.length > 2 ? args[2] : "tcp://127.0.0.1:1883";
        Path javaCds = Path.of(args.length > 3 ? args[3] : "packaging/src/deb/gateway/libexec/java-cds").toAbsolutePath();
        Path dir = Files.createTempDirectory("gateway-service-bench");
        int port = freePort();
        Path config = writeConfig(dir, broker, port);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> gateway = List.of("-jar", jar.toString(), "gateway", "--config", config.toString());

        Map<String, List<String>> settings = new LinkedHashMap<>();
        settings.put("default JVM (G1, heap 1/4 of RAM)", concat(List.of(java), gateway));
        settings.put("-Xmx256m -XX:+UseSerialGC", concat(List.of(java, "-Xmx256m", "-XX:+UseSerialGC"), gateway));
        settings.put("-Xmx256m -Xms32m -XX:+UseSerialGC",
                concat(List.of(java, "-Xmx256m", "-Xms32m", "-XX:+UseSerialGC"), gateway));
        String unit = "the unit's: java-cds (class-data archive), -Xmx256m -Xms32m -XX:+UseSerialGC";
        settings.put(unit, concat(List.of("sh", javaCds.toString(), dir.toString(), "-Xmx256m", "-Xms32m",
                "-XX:+UseSerialGC"), gateway));
        // the unit's first start makes the class-data archive at its stop; it is not one of the timed starts
        double archiveRun = startMillis(settings.get(unit), port, Duration.ZERO)[0];

        Map<String, List<Double>> millis = new LinkedHashMap<>();
        settings.keySet().forEach(name -> millis.put(name, new ArrayList<>()));
        List<Double> mosquitto = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            for (Map.Entry<String, List<String>> setting : settings.entrySet()) {
                millis.get(setting.getKey()).add(startMillis(setting.getValue(), port, Duration.ZERO)[0]);
                mosquitto.add(mosquittoMillis(dir));
            }
        }
        Map<String, Double> rss = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> setting : settings.entrySet()) {
            rss.put(setting.getKey(), startMillis(setting.getValue(), port, IDLE)[1]);
        }

        double mosquittoMedian = median(mosquitto);
        System.out.println();
        System.out.printf("| JVM settings | start to /health 200, median (min–max) of %d, ms | × Mosquitto's start (same run) "
                + "| VmRSS after %d s idle, MiB |%n", starts, IDLE.toSeconds());
        System.out.println("|---|---|---|---|");
        for (String name : settings.keySet()) {
            List<Double> values = millis.get(name);
            System.out.printf("| %s | %,.0f (%,.0f–%,.0f) | %,.0f | %.0f |%n", name, median(values),
                    values.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                    values.stream().mapToDouble(Double::doubleValue).max().orElseThrow(),
                    median(values) / mosquittoMedian, rss.get(name));
        }
        System.out.printf("| Mosquitto (`/usr/sbin/mosquitto`, free port, until it accepts a connection) | %,.0f (%,.0f–%,.0f) | 1 | |%n",
                mosquittoMedian, mosquitto.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                mosquitto.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        System.out.printf("(first start of the unit's settings, which made the archive: %,.0f ms; broker %s; %d cores; "
                        + "load %.2f; %s)%n", archiveRun, broker, Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    }

    /** Starts the gateway, times it until /health is 200, idles, reads its VmRSS (MiB), stops it with SIGTERM. */
    private static double[] startMillis(List<String> command, int port, Duration idle) throws Exception {
        long t0 = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = t0 + TimeUnit.SECONDS.toNanos(120);
            while (health(port) != 200) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the gateway did not start: " + String.join(" ", command));
                }
                Thread.sleep(20);
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            Thread.sleep(idle.toMillis());
            return new double[] {ms, rssMib(process.pid())};
        } finally {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private static double mosquittoMillis(Path dir) throws Exception {
        int port = freePort();
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
        long t0 = System.nanoTime();
        Process process = new ProcessBuilder("/usr/sbin/mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            while (true) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
                    return (System.nanoTime() - t0) / 1e6;
                } catch (IOException notYet) {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("mosquitto did not start", notYet);
                    }
                    Thread.sleep(1);
                }
            }
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Path writeConfig(Path dir, String broker, int port) throws IOException {
        byte[] pepper = new byte[32];
        new SecureRandom().nextBytes(pepper);
        Files.writeString(dir.resolve("gateway.key"), Ed25519Keys.encode(Ed25519Keys.generate().getPrivate()));
        Files.writeString(dir.resolve("lab-pepper"), HexFormat.of().formatHex(pepper));
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, String.join("\n",
                "lab: bench-lab",
                "http:",
                "  port: " + port,
                "mqtt:",
                "  mode: external",
                "  url: " + broker,
                "  clientId: bench-" + ProcessHandle.current().pid(),
                "store:",
                "  url: jdbc:sqlite:" + dir.resolve("fablab.db"),
                "keys:",
                "  gatewayPrivateKeyFile: " + dir.resolve("gateway.key"),
                "  labPepperFile: " + dir.resolve("lab-pepper"),
                ""));
        return config;
    }

    private static int health(int port) throws InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notYet) {
            return 0;
        }
    }

    private static double rssMib(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(line -> line.startsWith("VmRSS:"))
                .mapToDouble(line -> Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024.0)
                .findFirst().orElseThrow();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
