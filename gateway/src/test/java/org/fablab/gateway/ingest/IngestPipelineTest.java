package org.fablab.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcEventStore;
import org.fablab.gateway.domain.RejectionLimiter;
import org.fablab.gateway.domain.SecurityEvent;
import org.fablab.gateway.domain.SessionRecord;
import org.fablab.gateway.port.EventStore;
import org.fablab.gateway.port.Page;
import org.fablab.protocol.EventData;
import org.fablab.protocol.Inbound;
import org.fablab.protocol.MachineState;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.NodeStatus;
import org.fablab.protocol.Rejection;
import org.fablab.protocol.SignatureCheck;
import org.fablab.protocol.Signer;
import org.fablab.protocol.TestVectors;
import org.fablab.protocol.Verifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestPipelineTest {
    private static final Instant NOW = TestVectors.clock().instant();
    private static final IngestPipeline.SecurityLog SECURITY_LOG = new IngestPipeline.SecurityLog(10,
            Duration.ofDays(90));

    /** An in-memory store that can be told to fail its next writes, like a database that is down. */
    private static final class FlakyStore implements EventStore {
        final AtomicInteger failuresLeft = new AtomicInteger();
        final List<AcceptedEvent> stored = new CopyOnWriteArrayList<>();
        final List<SecurityEvent> refused = new CopyOnWriteArrayList<>();
        final List<RejectionLimiter.Count> counted = new CopyOnWriteArrayList<>();

        @Override
        public List<Outcome> store(List<AcceptedEvent> events, List<SecurityEvent> rejected,
                                   List<RejectionLimiter.Count> counts, RefusalBound bound) {
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("database is down");
            }
            stored.addAll(events);
            refused.addAll(rejected);
            counted.addAll(counts);
            List<Outcome> outcomes = new ArrayList<>();
            events.forEach(e -> outcomes.add(new Outcome.Stored(Optional.empty())));
            return outcomes;
        }

        @Override
        public List<SessionRecord> sessions(Optional<String> machine, Optional<String> member, int limit) {
            return List.of();
        }

        @Override
        public List<SessionRecord> openSessions() {
            return List.of();
        }

        @Override
        public Optional<SessionRecord> session(String nodeId, String sessionId) {
            return Optional.empty();
        }

        @Override
        public Optional<MachineState> machineState(String nodeId) {
            return Optional.empty();
        }

        @Override
        public boolean isSessionOf(String sessionId, String memberId) {
            return false;
        }

        @Override
        public Page<SecurityEvent> securityEvents(SecurityFilter filter, int offset, int limit) {
            return new Page<>(List.copyOf(refused), refused.size(), 0, limit);
        }

        @Override
        public List<RefusalTotal> refusalTotals(Instant since) {
            return List.of();
        }

        @Override
        public int pruneSecurityLog(Instant before) {
            return 0;
        }

        @Override
        public boolean isHealthy() {
            return failuresLeft.get() == 0;
        }
    }

    private static final class RecordingListener implements IngestListener {
        final List<Object> seen = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onStatus(NodeStatus status) {
            seen.add(status);
        }

        @Override
        public void onStored(NodeEvent event, Optional<SessionRecord> session) {
            seen.add(event);
        }

        @Override
        public void onRejected(SecurityEvent event) {
            seen.add(event);
        }
    }

    private final FlakyStore store = new FlakyStore();
    private final RecordingListener listener = new RecordingListener();
    private final IngestStats stats = new IngestStats();
    private final IngestPipeline pipeline = new IngestPipeline(
            new Verifier(TestVectors.keys(), TestVectors.clock(), Verifier.Limits.DEFAULT), store,
            TestVectors.clock(), 50, 100, listener, stats, SECURITY_LOG);
    private final AtomicInteger acks = new AtomicInteger();

    @AfterEach
    void close() {
        pipeline.close();
    }

    private void submit(NodeEvent event) throws InterruptedException {
        byte[] payload = new Signer(TestVectors.nodePrivateKey(event.node())).sign(event);
        pipeline.submit(new IngestPipeline.Message(event.topic().toString(), payload, acks::incrementAndGet));
    }

    private static NodeEvent event(long seq) {
        return NodeEvent.of(TestVectors.LAB, "laser-1", NOW, seq, "id-" + seq, new EventData.NodeBooted("1.0", 0));
    }

    @Test
    void databaseDown_acknowledgesNothingUntilTheWriteSucceeds() throws InterruptedException {
        store.failuresLeft.set(3);

        submit(event(1));
        submit(event(2));

        await().atMost(Duration.ofSeconds(10)).until(() -> store.stored.size() == 2);
        assertThat(stats.storeFailureCount()).isGreaterThanOrEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> acks.get() == 2);
        assertThat(listener.seen).hasSize(2);
    }

    @Test
    void forgedMessage_isAcknowledgedRecordedAndNeverStoredAsUsage() throws InterruptedException {
        byte[] garbage = "{\"body\":\"{}\"}".getBytes(StandardCharsets.UTF_8);

        pipeline.submit(new IngestPipeline.Message("fablab/v1/demo-lab/nodes/laser-1/events", garbage,
                acks::incrementAndGet));

        await().atMost(Duration.ofSeconds(5)).until(() -> acks.get() == 1);
        assertThat(store.stored).isEmpty();
        assertThat(store.refused).singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo(Rejection.MISSING_SIGNATURE));
        assertThat(stats.rejectedCount(Rejection.MISSING_SIGNATURE)).isEqualTo(1);
    }

    @Test
    void verificationThatThrows_refusesThatMessageAndAcknowledgesTheWholeBatch() throws InterruptedException {
        NodeEvent poisoned = event(7);
        byte[] poisonedPayload = new Signer(TestVectors.nodePrivateKey("laser-1")).sign(poisoned);
        IngestPipeline throwing = new IngestPipeline(new Verifier(TestVectors.keys(), TestVectors.clock(),
                Verifier.Limits.DEFAULT, (key, message, signature) -> {
                    if (new String(message, StandardCharsets.UTF_8).contains("\"seq\":7,")) {
                        throw new IllegalStateException("crypto provider failed");
                    }
                    return SignatureCheck.JDK.verify(key, message, signature);
                }), store, TestVectors.clock(), 50, 100, listener, stats, SECURITY_LOG);
        try {
            for (long seq = 5; seq <= 9; seq++) {
                NodeEvent event = event(seq);
                throwing.submit(new IngestPipeline.Message(event.topic().toString(), seq == 7 ? poisonedPayload
                        : new Signer(TestVectors.nodePrivateKey("laser-1")).sign(event), acks::incrementAndGet));
            }

            await().atMost(Duration.ofSeconds(5)).until(() -> acks.get() == 5);
            assertThat(store.stored).extracting(e -> e.event().seq()).containsExactly(5L, 6L, 8L, 9L);
            assertThat(store.refused).singleElement().satisfies(r -> {
                assertThat(r.reason()).isEqualTo(Rejection.MALFORMED);
                assertThat(r.node()).isEqualTo("laser-1");
                assertThat(r.detail()).contains("crypto provider failed");
            });
            assertThat(throwing.isRunning()).isTrue();
        } finally {
            throwing.close();
        }
    }

    @Test
    void aFloodOfRefusedMessages_isAcknowledgedAndCountedWhole_butStoredInFullOnlyForTheFirstFew()
            throws InterruptedException {
        byte[] garbage = "{\"body\":\"{}\"}".getBytes(StandardCharsets.UTF_8);
        for (int n = 0; n < 5_000; n++) {
            pipeline.submit(new IngestPipeline.Message("fablab/v1/demo-lab/nodes/laser-1/events", garbage,
                    acks::incrementAndGet));
        }
        submit(event(1));

        await().atMost(Duration.ofSeconds(20)).until(() -> acks.get() == 5_001);
        assertThat(store.stored).hasSize(1);
        assertThat(store.refused).hasSize(10);
        assertThat(store.counted).allSatisfy(c -> {
            assertThat(c.node()).isEqualTo("laser-1");
            assertThat(c.reason()).isEqualTo(Rejection.MISSING_SIGNATURE);
        });
        assertThat(store.counted.stream().mapToLong(RejectionLimiter.Count::refused).sum()).isEqualTo(5_000);
        assertThat(stats.rejectedCount(Rejection.MISSING_SIGNATURE)).isEqualTo(5_000);
    }

    /**
     * A real event queued behind a flood of forged messages from a node just refused is verified in a batch without
     * them: it is stored after at most a few small batches of the flood's signature checks, not after a full batch.
     */
    @Test
    void aRealEventBehindAFloodOfForgedMessages_isStoredBeforeTheFloodsBacklogIsChecked() throws Exception {
        CountDownLatch firstCheckStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger checks = new AtomicInteger();
        AtomicInteger checksWhenStored = new AtomicInteger(-1);
        SignatureCheck heldAtFirst = (key, message, signature) -> {
            if (checks.getAndIncrement() == 0) {
                firstCheckStarted.countDown();
                awaitQuietly(release);
            }
            return SignatureCheck.JDK.verify(key, message, signature);
        };
        IngestListener recordChecks = new IngestListener() {
            @Override
            public void onStatus(NodeStatus status) {
            }

            @Override
            public void onStored(NodeEvent event, Optional<SessionRecord> session) {
                checksWhenStored.set(checks.get());
            }

            @Override
            public void onRejected(SecurityEvent event) {
            }
        };
        int batchSize = 50;
        IngestPipeline flooded = new IngestPipeline(new Verifier(TestVectors.keys(), TestVectors.clock(),
                Verifier.Limits.DEFAULT, heldAtFirst), store, TestVectors.clock(), batchSize, 2_000, recordChecks,
                stats, SECURITY_LOG);
        try {
            // laser-1's topic, printer-1's key: refused only once the signature is checked
            Signer forger = new Signer(TestVectors.nodePrivateKey("printer-1"));
            flooded.submit(new IngestPipeline.Message(event(1).topic().toString(), forger.sign(event(1)),
                    acks::incrementAndGet));
            assertThat(firstCheckStarted.await(10, TimeUnit.SECONDS)).isTrue();
            for (long seq = 2; seq <= 1_000; seq++) {
                flooded.submit(new IngestPipeline.Message(event(seq).topic().toString(), forger.sign(event(seq)),
                        acks::incrementAndGet));
            }
            NodeEvent real = NodeEvent.of(TestVectors.LAB, "printer-1", NOW, 1, "real-1",
                    new EventData.NodeBooted("1.0", 0));
            flooded.submit(new IngestPipeline.Message(real.topic().toString(),
                    new Signer(TestVectors.nodePrivateKey("printer-1")).sign(real), acks::incrementAndGet));
            release.countDown();

            await().atMost(Duration.ofSeconds(30)).until(() -> acks.get() == 1_001);
            assertThat(store.stored).extracting(e -> e.event().node()).containsExactly("printer-1");
            // the held check, at most one flood batch of a tenth taking its turn first, the real event's own check,
            // and at most two flood batches verified ahead while it is written; a full batch would be 50
            assertThat(checksWhenStored.get()).isBetween(2, 2 + 3 * (batchSize / 10));
        } finally {
            flooded.close();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void messagesRefusedElsewhere_areRecordedUnderTheSameBound_andNeverVerifiedAgain() throws InterruptedException {
        // a correctly signed message: verified again, it would be accepted and stored as usage
        byte[] payload = new Signer(TestVectors.nodePrivateKey("laser-1")).sign(event(1));
        Inbound.Rejected replay = new Inbound.Rejected(Rejection.REPLAYED_SEQ, "auth request seq 1 not above 1",
                event(1).topic().toString(), "laser-1");
        for (int n = 0; n < 50; n++) {
            pipeline.refuse(new IngestPipeline.Message(event(1).topic().toString(), payload, acks::incrementAndGet),
                    replay);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> acks.get() == 50);
        assertThat(store.stored).isEmpty();
        assertThat(store.refused).hasSize(10).allSatisfy(e -> assertThat(e.reason()).isEqualTo(Rejection.REPLAYED_SEQ));
        assertThat(store.counted.stream().mapToLong(RejectionLimiter.Count::refused).sum()).isEqualTo(50);
        assertThat(stats.rejectedCount(Rejection.REPLAYED_SEQ)).isEqualTo(50);
    }

    @Test
    void signedEventsReplayingAStoredSeq_areRecordedUnderTheSameBound(@TempDir Path folder)
            throws InterruptedException {
        try (Database database = Database.open("jdbc:sqlite:" + folder.resolve("ingest.db"), null, null, 2)) {
            JdbcEventStore events = new JdbcEventStore(database.dataSource());
            try (IngestPipeline replays = new IngestPipeline(
                    new Verifier(TestVectors.keys(), TestVectors.clock(), Verifier.Limits.DEFAULT), events,
                    TestVectors.clock(), 50, 100, listener, stats, SECURITY_LOG)) {
                Signer signer = new Signer(TestVectors.nodePrivateKey("laser-1"));
                replays.submit(new IngestPipeline.Message(event(1).topic().toString(), signer.sign(event(1)),
                        acks::incrementAndGet));
                await().atMost(Duration.ofSeconds(20)).until(() -> acks.get() == 1);
                for (int n = 0; n < 50; n++) {
                    NodeEvent forged = NodeEvent.of(TestVectors.LAB, "laser-1", NOW, 1, "forged-" + n,
                            new EventData.NodeBooted("1.0", 0));
                    replays.submit(new IngestPipeline.Message(forged.topic().toString(), signer.sign(forged),
                            acks::incrementAndGet));
                }

                await().atMost(Duration.ofSeconds(20)).until(() -> acks.get() == 51);
            }

            assertThat(events.securityEvents(100)).hasSize(10)
                    .allSatisfy(e -> assertThat(e.reason()).isEqualTo(Rejection.REPLAYED_SEQ));
            assertThat(events.refusalTotals(Instant.EPOCH)).containsExactly(new EventStore.RefusalTotal("laser-1",
                    Rejection.REPLAYED_SEQ, 50, NOW.truncatedTo(ChronoUnit.MINUTES)));
            assertThat(stats.rejectedCount(Rejection.REPLAYED_SEQ)).isEqualTo(50);
            assertThat(listener.seen).filteredOn(SecurityEvent.class::isInstance).hasSize(10);
        }
    }

    @Test
    void manyBatches_storedAndAcknowledgedInArrivalOrderEachAfterItsCommit() throws InterruptedException {
        List<Long> acked = new CopyOnWriteArrayList<>();
        AtomicInteger ackedBeforeStored = new AtomicInteger();
        for (long seq = 1; seq <= 400; seq++) {
            NodeEvent event = event(seq);
            byte[] payload = new Signer(TestVectors.nodePrivateKey(event.node())).sign(event);
            long s = seq;
            pipeline.submit(new IngestPipeline.Message(event.topic().toString(), payload, () -> {
                if (store.stored.stream().noneMatch(e -> e.event().seq() == s)) {
                    ackedBeforeStored.incrementAndGet();
                }
                acked.add(s);
            }));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> acked.size() == 400);
        List<Long> inOrder = LongStream.rangeClosed(1, 400).boxed().toList();
        assertThat(store.stored).extracting(e -> e.event().seq()).containsExactlyElementsOf(inOrder);
        assertThat(acked).containsExactlyElementsOf(inOrder);
        assertThat(ackedBeforeStored).hasValue(0);
    }

    @Test
    void close_writesWhatIsQueuedBeforeReturning() throws InterruptedException {
        for (int seq = 1; seq <= 40; seq++) {
            submit(event(seq));
        }

        pipeline.close();

        assertThat(store.stored).hasSize(40);
        assertThat(acks.get()).isEqualTo(40);
    }
}
