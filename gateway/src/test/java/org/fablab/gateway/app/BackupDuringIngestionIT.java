package org.fablab.gateway.app;

import static org.fablab.gateway.app.TestNodes.mosquittoUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
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
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.fablab.gateway.domain.MemberRecord;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.EventData;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.Signer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Backups taken while a real gateway (SQLite, the test Mosquitto named by FABLAB_TEST_MQTT_URL) ingests a node's
 * signed events at a steady rate and a treasurer writes ledger entries; the last backup restored into a fresh data
 * folder must hold a ledger that verifies and every event the gateway had stored when that backup began, with no
 * event missing below the newest it holds (docs/backup.md, "What a backup holds").
 */
class BackupDuringIngestionIT {
    private static final Logger LOG = LoggerFactory.getLogger(BackupDuringIngestionIT.class);
    private static final String NODE = "node-1";
    private static final Duration PUBLISH_EVERY = Duration.ofMillis(10);
    private static final Duration CREDIT_EVERY = Duration.ofMillis(50);
    private static final int BACKUPS = 4;
    private static final Principal TREASURER = new Principal("treasurer", Role.TREASURER, "m-treasurer", "Treasurer");

    @TempDir
    Path folder;
    private final String lab = "backup-" + UUID.randomUUID().toString().substring(0, 8);
    private final KeyPair nodeKeys = Ed25519Keys.generate();
    /** Sequence number to the time the broker acknowledged it (PUBACK), as the node's outbox sees it. */
    private final NavigableMap<Long, Instant> acknowledged = new ConcurrentSkipListMap<>();
    private final AtomicLong nextSeq = new AtomicLong(1);
    private final ScheduledExecutorService load = Executors.newScheduledThreadPool(2);
    private Gateway gateway;
    private MqttClient node;

    private Path config(String name, Path database) throws Exception {
        Path file = folder.resolve(name + ".yaml");
        Files.writeString(file, """
                lab: %s
                http:
                  port: 0
                mqtt:
                  mode: external
                  url: %s
                  clientId: gw-%s
                  dataDir: %s
                store:
                  url: jdbc:sqlite:%s
                keys:
                  gatewayPrivateKey: %s
                  labPepper: 000102030405060708090a0b0c0d0e0f
                """.formatted(lab, mosquittoUrl(), lab, database.resolveSibling("broker"), database,
                Ed25519Keys.encode(Ed25519Keys.generate().getPrivate())));
        return file;
    }

    private static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cli = GatewayCli.commandLine(new GatewayCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @AfterEach
    void stop() throws Exception {
        load.shutdownNow();
        if (node != null && node.isConnected()) {
            node.disconnect();
        }
        if (gateway != null) {
            gateway.close();
        }
        // the gateway's and the node's persistent sessions on the shared broker go with the test
        for (String clientId : List.of("gw-" + lab, lab + "-" + NODE)) {
            TestNodes.forgetSession(mosquittoUrl(), clientId);
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void backupsDuringIngestion_restoreToALedgerThatVerifies_withEveryEventStoredBeforeTheBackupBegan()
            throws Exception {
        Path live = folder.resolve("live").resolve("fablab.db");
        Path liveConfig = config("live", live);
        gateway = Gateway.start(ConfigLoader.load(Optional.of(liveConfig), Map.of()), Clock.systemUTC(), directory -> {
            TestNodes.onePrinter(NODE, nodeKeys.getPublic()).accept(directory);
            directory.upsert(new MemberRecord("m-alice", "Alice Martin", true));
        });
        node = TestNodes.connect(mosquittoUrl(), lab + "-" + NODE, false);
        Signer signer = new Signer(nodeKeys.getPrivate());
        load.scheduleAtFixedRate(() -> publishNext(signer), 0, PUBLISH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        AtomicLong credits = new AtomicLong();
        load.scheduleAtFixedRate(() -> gateway.billing().ledger().credit(TREASURER, "m-alice", 100,
                "top-up " + credits.incrementAndGet()), 0, CREDIT_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> storedSeqs(live).size() > 50);

        Path backup = folder.resolve("backups").resolve("fablab.backup");
        List<Long> storedWhenLastBegan = List.of();
        Instant lastBegan = Instant.EPOCH;
        for (int i = 0; i < BACKUPS; i++) {
            Thread.sleep(700);
            storedWhenLastBegan = storedSeqs(live);
            lastBegan = Instant.now();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            assertThat(run(out, err, "backup", "--config", liveConfig.toString(), "--out", backup.toString(),
                    "--force")).as(err.toString()).isZero();
            LOG.info("backup {} while ingesting: {}", i + 1, out.toString().replace('\n', ' '));
        }
        Path restoredDatabase = folder.resolve("fresh").resolve("fablab.db");
        Path freshConfig = config("fresh", restoredDatabase);
        StringWriter refusal = new StringWriter();
        assertThat(run(new StringWriter(), refusal, "restore", "--config", liveConfig.toString(), "--from",
                backup.toString())).as("restore over the running gateway's database").isEqualTo(2);
        assertThat(refusal.toString()).contains("is open in another process");

        load.shutdown();
        assertThat(load.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        long published = nextSeq.get() - 1;
        await().atMost(Duration.ofSeconds(30)).until(() -> storedSeqs(live).size() == published);
        gateway.close();
        gateway = null;

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(run(out, err, "restore", "--config", freshConfig.toString(), "--from", backup.toString()))
                .as(err.toString()).isZero();
        assertThat(run(out, err, "ledger", "verify", "--config", freshConfig.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).containsPattern("ledger verified: [1-9][0-9]* entries");
        List<Long> restored = storedSeqs(restoredDatabase);
        Instant began = lastBegan;
        List<Long> ackedBefore = acknowledged.entrySet().stream().filter(e -> e.getValue().isBefore(began))
                .map(Map.Entry::getKey).toList();
        // the broker acknowledges an event once it holds it, the gateway some milliseconds later once it has stored
        // it: an event acknowledged by the broker just before the backup began may be in the broker's queue only
        long brokerOnly = ackedBefore.stream().filter(seq -> !restored.contains(seq)).count();
        LOG.info("restored {} of {} published events; {} acknowledged by the broker before the last backup began, "
                        + "{} of them stored by the gateway by then, {} not in the backup; {} credits written",
                restored.size(), published, ackedBefore.size(), storedWhenLastBegan.size(), brokerOnly, credits.get());

        assertThat(restored).as("no event missing below the newest one restored")
                .isEqualTo(range(1, restored.size()));
        assertThat(restored).as("every event stored before the last backup began")
                .containsAll(storedWhenLastBegan);
        assertThat(ackedBefore).as("the broker acknowledged events before the last backup began").isNotEmpty();
        assertThat(restored).as("nothing restored that the node did not send").allMatch(seq -> seq <= published);
        assertThat(restored.size()).as("events after the last backup are not in it").isLessThan((int) published);

        Path damaged = folder.resolve("damaged.backup");
        byte[] bytes = Files.readAllBytes(backup);
        Files.write(damaged, Arrays.copyOf(bytes, bytes.length - 4096));
        byte[] before = Files.readAllBytes(restoredDatabase);
        StringWriter damagedErr = new StringWriter();
        assertThat(run(new StringWriter(), damagedErr, "restore", "--config", freshConfig.toString(), "--from",
                damaged.toString())).as("restore of a truncated backup").isEqualTo(5);
        assertThat(damagedErr.toString()).contains("nothing was changed");
        assertThat(Files.readAllBytes(restoredDatabase)).isEqualTo(before);
        try (var beside = Files.list(restoredDatabase.getParent())) {
            assertThat(beside.map(p -> p.getFileName().toString())).containsExactly("fablab.db");
        }
    }

    private void publishNext(Signer signer) {
        long seq = nextSeq.get();
        NodeEvent event = NodeEvent.of(lab, NODE, Instant.now(), seq, UUID.randomUUID().toString(),
                new EventData.SessionProgress("session-1", seq, seq / 2, seq * 0.01));
        try {
            node.publish(event.topic().toString(), TestNodes.signed(signer, event, false));
        } catch (MqttException e) {
            // kept in the outbox: the same seq is sent again on the next tick, as a node does
            return;
        }
        acknowledged.put(seq, Instant.now());
        nextSeq.incrementAndGet();
    }

    private static List<Long> storedSeqs(Path database) throws SQLException {
        List<Long> seqs = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select seq from node_events where node_id = '" + NODE + "' order by seq")) {
            while (rs.next()) {
                seqs.add(rs.getLong(1));
            }
        }
        return seqs;
    }

    private static List<Long> range(long first, long count) {
        List<Long> seqs = new ArrayList<>();
        for (long seq = first; seq < first + count; seq++) {
            seqs.add(seq);
        }
        return seqs;
    }
}
