package org.fablab.launcher;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Demo labs for integration tests: a unique lab id each, fast node timings, a free HTTP port. */
final class TestLabs {
    static final Demo.NodeTimings FAST = new Demo.NodeTimings(Duration.ofSeconds(1), Duration.ofHours(1),
            Duration.ofSeconds(1));

    /** The demo lab's time zone, from the gateway's defaults. */
    static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    private TestLabs() {
    }

    /**
     * The system clock moved to 12:00 today in the lab's zone, still ticking: a test that names the lab's day or month
     * names the one its sessions and charges fall on, whenever the suite runs, even next to midnight.
     */
    static Clock midday() {
        Instant midday = LocalDate.now(ZONE).atTime(12, 0).atZone(ZONE).toInstant();
        return Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), midday));
    }

    /** The demo member {@code id}. */
    static DemoLab.Member member(String id) {
        return Demo.members().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
    }

    /** A lab id of its own for one test: {@code labPrefix} and a random suffix. */
    static String labId(String labPrefix) {
        return labPrefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** On the embedded broker, at a free port. */
    static Demo onEmbeddedBroker(Path dataDir, String labPrefix) {
        return onEmbeddedBroker(dataDir, labId(labPrefix), EmbeddedBrokerEndToEndIT.freePort());
    }

    /** On the embedded broker at a free port, with {@code settings} (FABLAB_… variables) on top of the test's own. */
    static Demo onEmbeddedBroker(Path dataDir, String labPrefix, Map<String, String> settings) {
        Map<String, String> broker = new HashMap<>(settings);
        broker.put("FABLAB_MQTT_EMBEDDED_PORT", Integer.toString(EmbeddedBrokerEndToEndIT.freePort()));
        return start(dataDir, labId(labPrefix), broker, Optional.empty(), Map.of(), Clock.systemUTC());
    }

    /** As lab {@code lab}, on the embedded broker at {@code port}. */
    static Demo onEmbeddedBroker(Path dataDir, String lab, int port) {
        return onEmbeddedBroker(dataDir, lab, port, Map.of());
    }

    /** As lab {@code lab}, on the embedded broker at {@code port}, some machines with a {@code maxStaleness} of their own. */
    static Demo onEmbeddedBroker(Path dataDir, String lab, int port, Map<String, Duration> maxStaleness) {
        return start(dataDir, lab, Map.of("FABLAB_MQTT_EMBEDDED_PORT", Integer.toString(port)), Optional.empty(),
                maxStaleness, Clock.systemUTC());
    }

    /** On the real Mosquitto; {@code nodeConfig} as for {@code fablab demo --node-config}. */
    static Demo onMosquitto(Path dataDir, String labPrefix, Optional<Path> nodeConfig) {
        return onMosquitto(dataDir, labPrefix, nodeConfig, Clock.systemUTC());
    }

    /** On the real Mosquitto, gateway and nodes on {@code clock}. */
    static Demo onMosquitto(Path dataDir, String labPrefix, Optional<Path> nodeConfig, Clock clock) {
        return start(dataDir, labId(labPrefix), Map.of("FABLAB_MQTT_MODE", "external",
                "FABLAB_MQTT_URL", MosquittoEndToEndIT.mosquittoUrl()), nodeConfig, Map.of(), clock);
    }

    private static Demo start(Path dataDir, String lab, Map<String, String> broker, Optional<Path> nodeConfig,
                              Map<String, Duration> maxStaleness, Clock clock) {
        Map<String, String> env = new HashMap<>(broker);
        env.put("FABLAB_LAB", lab);
        env.putIfAbsent("FABLAB_HTTP_PORT", "0");
        env.put("FABLAB_MQTT_CLIENT_ID", "gw-" + lab);
        return Demo.start(dataDir, env, FAST, clock, nodeConfig, maxStaleness);
    }
}
