package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.fablab.gateway.access.AclRenewal;
import org.fablab.gateway.billing.ChainCheck;
import org.fablab.gateway.domain.SessionRecord;
import org.fablab.node.app.MachineNode;
import org.fablab.node.app.NodeConfig;
import org.fablab.node.app.NodeHardware;
import org.fablab.node.domain.Signal;
import org.fablab.protocol.MachineState;
import org.fablab.protocol.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo lab in a steady state for {@link #RUN} of real time, compressed by configuration rather than by clock: the
 * fail-closed laser's {@code maxStaleness} is {@link #LASER_MAX_STALENESS} instead of PT15M, so the gateway renews its
 * ACL every ~10 s (its floor) and the run spans ~9 renewals, three of the laser's stale periods. Trained members badge
 * in on every machine in turn, then out together, and a stranger now and then; midway printer-2 crashes in
 * a session (its connection cut without DISCONNECT, then restarted from a copy of its store taken at the cut) and later
 * the gateway restarts on the same database and broker journal. Every trained badge must be granted and the stranger
 * refused throughout, every session stored and charged once, the ledger chain intact, the laser's ACL younger than
 * its {@code maxStaleness} whenever the gateway was up, and no ERROR logged (docs/performance.md, "Soak").
 */
class SoakIT {
    private static final Logger LOG = LoggerFactory.getLogger(SoakIT.class);
    private static final Duration LASER_MAX_STALENESS = Duration.ofSeconds(30);
    private static final Duration RUN = Duration.ofSeconds(90);
    /** Generous: the machine running CI is shared and small. */
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration IN_USE = Duration.ofSeconds(2);
    private static final String LASER = "laser-1";
    private static final String CRASHING = "printer-2";
    /** Members holding every training their machine requires (m-emma lacks laser-cutting, m-david laser-safety). */
    private static final Map<String, List<String>> TRAINED = Map.of(
            LASER, List.of("m-alice", "m-bruno", "m-chloe"),
            "printer-1", List.of("m-alice", "m-bruno", "m-chloe", "m-david", "m-emma"),
            CRASHING, List.of("m-emma", "m-david", "m-chloe", "m-bruno", "m-alice"));

    private record Decision(String machine, String member, boolean granted, Instant at) {
    }

    @TempDir
    Path dataDir;
    private final Clock clock = Clock.systemUTC();
    private final String lab = TestLabs.labId("soak");
    private final int brokerPort = EmbeddedBrokerEndToEndIT.freePort();
    private final ErrorCapture errors = new ErrorCapture();
    private final List<Decision> decisions = new ArrayList<>();
    private final Map<String, MachineNode> nodes = new ConcurrentHashMap<>();
    private final Map<String, NodeHardware> hardware = new ConcurrentHashMap<>();
    private final Map<String, Path> stores = new ConcurrentHashMap<>();
    private final ScheduledExecutorService aclWatch = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong maxLaserAclAgeMillis = new AtomicLong();
    private final Set<Instant> laserAclsSeen = ConcurrentHashMap.newKeySet();
    private volatile boolean gatewayUp;
    private Demo demo;
    private DemoKeys keys;
    private TcpProxy cable;
    private final String crashingPassword = UUID.randomUUID().toString();

    @BeforeEach
    void start() throws Exception {
        errors.attach();
        demo = TestLabs.onEmbeddedBroker(dataDir, lab, brokerPort, Map.of(LASER, LASER_MAX_STALENESS));
        keys = DemoKeys.loadOrCreate(dataDir.resolve("demo-keys.json"), DemoLab.nodeIds());
        for (String id : demo.nodeIds()) {
            nodes.put(id, demo.node(id));
            hardware.put(id, demo.hardware(id));
        }
        // The demo's own printer-2 comes up and leaves cleanly, then starts again on its store (its sequence goes
        // on) through a cable the test can cut.
        await().atMost(WAIT).until(() -> demo.node(CRASHING).isConnected());
        demo.node(CRASHING).close();
        // its broker user gets a password the test knows; the broker keeps it across gateway restarts
        demo.gateway().brokerAccounts().grantNode(CRASHING, crashingPassword.toCharArray());
        cable = new TcpProxy("127.0.0.1", brokerPort);
        startCrashingNode(dataDir.resolve("nodes").resolve(CRASHING));
        DemoApi treasurer = new DemoApi(demo.gateway().httpPort(), "treasurer");
        // a session fee on every machine and no free window, so that every session is charged something any day
        assertThat(treasurer.put("/api/v1/prices/3d-printer", "{\"wall\":{\"blockMinutes\":1,\"centsPerBlock\":50},"
                + "\"sessionFeeCents\":100,\"vatBasisPoints\":2000}").statusCode()).isEqualTo(200);
        assertThat(treasurer.put("/api/v1/free-windows", "{\"windows\":[]}").statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> nodes.values().stream().allMatch(n -> n.isConnected()
                && n.aclIssuedAt().isPresent()));
        gatewayUp = true;
        aclWatch.scheduleAtFixedRate(this::watchLaserAcl, 0, 200, TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        aclWatch.shutdownNow();
        nodes.get(CRASHING).close();
        cable.close();
        demo.close();
        errors.detach();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aCompressedSteadyState_grantsEveryTrainedBadge_chargesEverySessionOnce_andLogsNoError() throws Exception {
        long startNanos = System.nanoTime();
        long runNanos = RUN.toNanos();
        int cycle = 0;
        boolean crashed = false;
        boolean restarted = false;
        while (System.nanoTime() - startNanos < runNanos) {
            double elapsed = (double) (System.nanoTime() - startNanos) / runNanos;
            Map<String, DemoLab.Member> inUse = new LinkedHashMap<>();
            for (String machine : TRAINED.keySet()) {
                List<String> trained = TRAINED.get(machine);
                DemoLab.Member member = TestLabs.member(trained.get(cycle % trained.size()));
                if (present(machine, member)) {
                    inUse.put(machine, member);
                }
            }
            Thread.sleep(IN_USE.toMillis());
            if (!crashed && elapsed > 0.3 && inUse.containsKey(CRASHING)) {
                crashInSession();
                inUse.remove(CRASHING);
                crashed = true;
            }
            endSessions(inUse);
            if (cycle % 4 == 3) {
                String machine = List.copyOf(TRAINED.keySet()).get(cycle / 4 % TRAINED.size());
                assertThat(present(machine, Demo.stranger())).as("the stranger on %s", machine).isFalse();
            }
            if (!restarted && elapsed > 0.6) {
                restartGateway();
                restarted = true;
            }
            cycle++;
        }
        assertThat(crashed).as("printer-2 crashed in a session").isTrue();
        assertThat(restarted).as("the gateway restarted").isTrue();
        long granted = decisions.stream().filter(Decision::granted).count();
        long runSeconds = Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();

        await().atMost(WAIT).untilAsserted(() -> assertThat(demo.gateway().store()
                .sessions(Optional.empty(), Optional.empty(), 10_000)).hasSize((int) granted)
                .allSatisfy(s -> assertThat(s.endedAt()).as("session %s ended", s.id()).isNotNull()));
        List<SessionRecord> sessions = demo.gateway().store().sessions(Optional.empty(), Optional.empty(), 10_000);
        Set<String> expectedCauses = sessions.stream().map(s -> "session:" + s.node() + ":" + s.id())
                .collect(Collectors.toSet());
        assertThat(expectedCauses).as("sessions stored once").hasSize(sessions.size());
        assertThat(sessions).filteredOn(SessionRecord::interrupted).singleElement()
                .satisfies(s -> assertThat(s.node()).isEqualTo(CRASHING));
        await().atMost(WAIT).untilAsserted(() -> {
            demo.gateway().billing().charging().catchUp();
            assertThat(sessionCauses()).containsExactlyInAnyOrderElementsOf(expectedCauses);
        });
        assertThat(demo.gateway().billing().charging().parkedCauses()).isEmpty();
        assertThat(demo.gateway().ledgerCheck().verify()).isInstanceOf(ChainCheck.Verified.class);

        gatewayUp = false;
        nodes.get(CRASHING).close();
        demo.close();
        LOG.info("soak: {} s, {} sessions charged once, {} decisions ({} stranger refusals), {} laser ACLs seen, "
                        + "laser ACL age at most {} ms against {}", runSeconds, sessions.size(), decisions.size(),
                decisions.stream().filter(d -> !d.granted()).count(), laserAclsSeen.size(), maxLaserAclAgeMillis.get(),
                LASER_MAX_STALENESS);
        assertThat(decisions).filteredOn(d -> !d.member().equals(Demo.stranger().id()))
                .as("trained members' decisions").allMatch(Decision::granted);
        assertThat(decisions).filteredOn(d -> d.member().equals(Demo.stranger().id()))
                .as("the stranger's decisions").isNotEmpty().noneMatch(Decision::granted);
        assertThat(maxLaserAclAgeMillis.get()).as("laser ACL age while the gateway was up, ms")
                .isLessThan(LASER_MAX_STALENESS.toMillis());
        assertThat(laserAclsSeen.size()).as("laser ACLs renewed over %s", RUN)
                .isGreaterThanOrEqualTo((int) (RUN.toSeconds() / (2 * AclRenewal.interval(LASER_MAX_STALENESS)
                        .toSeconds())));
        assertThat(errors.seen()).as("ERROR logged during the soak").isEmpty();
    }

    /** Presents {@code member}'s badge at an idle {@code machine}; true once it runs, false once the node refused. */
    private boolean present(String machine, DemoLab.Member member) {
        MachineNode node = nodes.get(machine);
        int refusedBefore = refusals(machine);
        hardware.get(machine).simulatedReader().present(member.badgeType(), member.badgeUid());
        await().atMost(WAIT).until(() -> node.state() == MachineState.ACTIVE || refusals(machine) > refusedBefore);
        boolean granted = node.state() == MachineState.ACTIVE;
        decisions.add(new Decision(machine, member.id(), granted, clock.instant()));
        return granted;
    }

    /** Badges out of every session at once, so that their grace periods run together rather than one after another. */
    private void endSessions(Map<String, DemoLab.Member> inUse) {
        inUse.forEach((machine, member) -> hardware.get(machine).simulatedReader().present(member.badgeType(),
                member.badgeUid()));
        await().atMost(WAIT).until(() -> inUse.keySet().stream()
                .allMatch(machine -> nodes.get(machine).state() == MachineState.IDLE));
    }

    private int refusals(String machine) {
        return (int) hardware.get(machine).simulatedIndicator().shown().stream().filter(s -> s == Signal.DENIED).count();
    }

    /**
     * Cuts printer-2's connection in a session the gateway knows is open, keeps a copy of its store as it is at that
     * instant (what a power cut leaves on the card), and starts printer-2 again from that copy: its boot must close the
     * interrupted session and the gateway charge it once.
     */
    private void crashInSession() throws Exception {
        await().atMost(WAIT).until(() -> demo.gateway().store().openSessions().stream()
                .anyMatch(s -> s.node().equals(CRASHING)));
        cable.close();
        Path snapshot = dataDir.resolve("printer-2-after-crash");
        Files.createDirectories(snapshot);
        try (Connection store = DriverManager.getConnection("jdbc:sqlite:" + storeOf(CRASHING));
             Statement copy = store.createStatement()) {
            copy.execute("VACUUM INTO '" + snapshot.resolve("node.db") + "'");
        }
        // what the old process does after the cut reaches nobody: its store is the one left behind
        nodes.get(CRASHING).close();
        cable = new TcpProxy("127.0.0.1", brokerPort);
        startCrashingNode(snapshot);
        await().atMost(WAIT).until(() -> nodes.get(CRASHING).isConnected()
                && nodes.get(CRASHING).state() == MachineState.IDLE);
    }

    private Path storeOf(String node) {
        return stores.get(node).resolve("node.db");
    }

    private void startCrashingNode(Path store) {
        NodeHardware devices = NodeHardware.simulated();
        MachineNode node = MachineNode.start(NodeConfig.of(lab, CRASHING, cable.url(),
                keys.nodes().get(CRASHING).privateKey(), keys.gatewayPublicKey(), keys.labPepper(), store)
                .withTimings(TestLabs.FAST.gracePeriod(), TestLabs.FAST.maxSessionLength(),
                        TestLabs.FAST.progressInterval())
                .withBroker(cable.url(), CRASHING, crashingPassword), devices, clock);
        stores.put(CRASHING, store);
        hardware.put(CRASHING, devices);
        nodes.put(CRASHING, node);
    }

    /** The gateway and its broker stop and start again on the same folder; the nodes come back on their own. */
    private void restartGateway() {
        gatewayUp = false;
        Instant restartedAt = clock.instant();
        demo.restartGateway();
        MachineNode laser = nodes.get(LASER);
        await().atMost(WAIT).until(() -> laser.aclIssuedAt().map(ts -> !ts.isBefore(restartedAt)).orElse(false));
        gatewayUp = true;
        await().atMost(WAIT).until(() -> nodes.values().stream().allMatch(MachineNode::isConnected));
    }

    private void watchLaserAcl() {
        Optional<Instant> issued = nodes.get(LASER).aclIssuedAt();
        if (gatewayUp && issued.isPresent()) {
            laserAclsSeen.add(issued.get());
            maxLaserAclAgeMillis.accumulateAndGet(Duration.between(issued.get(), clock.instant()).toMillis(), Math::max);
        }
    }

    private Set<String> sessionCauses() throws SQLException {
        Set<String> causes = new HashSet<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("fablab.db"));
             Statement query = db.createStatement();
             ResultSet rows = query.executeQuery("select cause from ledger_causes where cause like 'session:%'")) {
            while (rows.next()) {
                causes.add(rows.getString(1));
            }
        }
        return causes;
    }

    /** Every ERROR event of any logger while attached. */
    private static final class ErrorCapture extends AppenderBase<ILoggingEvent> {
        private final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
                seen.add(event.getLoggerName() + ": " + event.getFormattedMessage());
            }
        }

        void attach() {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            setContext(context);
            start();
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(this);
        }

        void detach() {
            ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                    .detachAppender(this);
            stop();
        }

        List<String> seen() {
            return List.copyOf(seen);
        }
    }
}
