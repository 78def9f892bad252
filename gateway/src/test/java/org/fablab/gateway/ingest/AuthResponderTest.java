package org.fablab.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.fablab.gateway.access.AccessDecision;
import org.fablab.gateway.access.DenyReason;
import org.fablab.gateway.access.MemberFacts;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcAccessStore;
import org.fablab.gateway.adapter.jdbc.JdbcLabDirectory;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.MemberRecord;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.service.AccessService;
import org.fablab.protocol.AuthRequest;
import org.fablab.protocol.AuthResponse;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.CredentialId;
import org.fablab.protocol.Decision;
import org.fablab.protocol.Inbound;
import org.fablab.protocol.Message;
import org.fablab.protocol.OfflinePolicy;
import org.fablab.protocol.Signer;
import org.fablab.protocol.TestVectors;
import org.fablab.protocol.Verifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The body of an {@code auth/response}: reason, member and ttl as docs/protocol.md §7.5 says; what /metrics counts of
 * the requests; and which thread answers: the caller's when memory suffices, the worker otherwise.
 */
class AuthResponderTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final AuthRequest REQUEST = new AuthRequest(Message.VERSION, "demo-lab", "laser-1", NOW, 7, "i-7",
            "r-7", new CredentialHasher(TestVectors.pepper()).hash("mifare-uid", "04A1B2C3D4E5F6", false));
    private static final MemberFacts ALICE = new MemberFacts("m-alice", "Alice Martin", true, null);

    @Test
    void grantWithNothingEndingIt_mayBeReusedFor30Seconds() {
        AuthResponse response = AuthResponder.response(REQUEST, new AccessService.LiveDecision(
                new AccessDecision.Granted("m-alice", "Alice Martin", null), Optional.of(ALICE)), NOW);

        assertThat(response.reqId()).isEqualTo("r-7");
        assertThat(response.decision()).isEqualTo(Decision.GRANTED);
        assertThat(response.member()).isEqualTo(new AuthResponse.Member("m-alice", "Alice Martin"));
        assertThat(response.ttlSeconds()).isEqualTo(30);
        assertThat(response.reason()).isNull();
    }

    @Test
    void grantEndingSooner_isReusableOnlyUntilItEnds() {
        AuthResponse response = AuthResponder.response(REQUEST, new AccessService.LiveDecision(
                new AccessDecision.Granted("m-alice", "Alice Martin", NOW.plusSeconds(12)), Optional.of(ALICE)), NOW);

        assertThat(response.ttlSeconds()).isEqualTo(12);
    }

    @Test
    void denial_carriesTheRulesWireName_theHolder_andNoReuse() {
        AuthResponse response = AuthResponder.response(REQUEST, new AccessService.LiveDecision(
                new AccessDecision.Denied(DenyReason.TRAINER_ABSENT, "no trainer"), Optional.of(ALICE)), NOW);

        assertThat(response.decision()).isEqualTo(Decision.DENIED);
        assertThat(response.reason()).isEqualTo("trainer-absent");
        assertThat(response.member()).isEqualTo(new AuthResponse.Member("m-alice", "Alice Martin"));
        assertThat(response.ttlSeconds()).isZero();
    }

    @Test
    void denialOfABadgeNobodyEnrolled_namesNoMember() {
        AuthResponse response = AuthResponder.response(REQUEST, new AccessService.LiveDecision(
                new AccessDecision.Denied(DenyReason.UNKNOWN_BADGE, "badge not enrolled"), Optional.empty()), NOW);

        assertThat(response.member()).isNull();
        assertThat(response.reason()).isEqualTo("unknown-badge");
    }

    @Test
    void refusedAndDroppedRequests_areCounted() throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger handedToIngestion = new AtomicInteger();
        AtomicInteger acks = new AtomicInteger();
        AuthStats stats = new AuthStats();
        // an unsigned request is refused before any decision, so no access service is needed
        try (AuthResponder responder = new AuthResponder(
                new Verifier(TestVectors.keys(), TestVectors.clock(), Verifier.Limits.DEFAULT), null,
                new Signer(TestVectors.nodePrivateKey("laser-1")), (topic, payload) -> { },
                (message, verdict) -> {
                    held.countDown();
                    release.await();
                    handedToIngestion.incrementAndGet();
                }, stats, TestVectors.clock())) {
            IngestPipeline.Message unsigned = new IngestPipeline.Message(REQUEST.topic().toString(),
                    "{}".getBytes(StandardCharsets.UTF_8), acks::incrementAndGet);
            responder.submit(unsigned);
            held.await();
            // behind the one held at ingestion: a full queue, and one more that finds no room
            for (int n = 0; n < AuthResponder.QUEUE + 1; n++) {
                responder.submit(unsigned);
            }
            assertThat(stats.droppedCount()).isEqualTo(1);
            assertThat(acks.get()).isEqualTo(1);
            release.countDown();

            await().atMost(Duration.ofSeconds(20)).until(() -> handedToIngestion.get() == AuthResponder.QUEUE + 1);
            assertThat(stats.refusedCount()).isEqualTo(AuthResponder.QUEUE + 1);
            assertThat(stats.answeredCount(Decision.GRANTED) + stats.answeredCount(Decision.DENIED)).isZero();
        }
    }

    /** An answer as the link's sender got it, with the thread that sent it. */
    private record Sent(String thread, String reqId) {
    }

    private static final Principal MANAGER = new Principal("fabmanager", Role.FABMANAGER, null, "Fab Manager");

    @TempDir
    Path folder;
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final Verifier nodeSide = new Verifier(TestVectors.keys(), TestVectors.clock(), Verifier.Limits.DEFAULT);

    @Test
    void aRequestTheCachedFactsDecide_isAnsweredOnTheCallingThread() {
        try (Database database = laser(); AccessService access = access(database);
             AuthResponder responder = responder(access, (message, verdict) -> { })) {
            access.decideLive("laser-1", REQUEST.credential());
            AtomicInteger acks = new AtomicInteger();

            responder.submit(signed(REQUEST, acks));

            assertThat(sent).containsExactly(new Sent(Thread.currentThread().getName(), "r-7"));
            assertThat(acks.get()).isEqualTo(1);
        }
    }

    @Test
    void aRequestWhoseFactsAreNotLoaded_isAnsweredByTheWorker_soTheCallerNeverWaitsForTheDatabase() {
        try (Database database = laser(); AccessService access = access(database);
             AuthResponder responder = responder(access, (message, verdict) -> { })) {
            responder.submit(signed(REQUEST, new AtomicInteger()));

            await().atMost(Duration.ofSeconds(20)).until(() -> !sent.isEmpty());
            assertThat(sent).containsExactly(new Sent("fablab-live-auth", "r-7"));
        }
    }

    @Test
    void aRequestArrivingWhileTheWorkerIsBusy_waitsItsTurnThere() throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> handled = new CopyOnWriteArrayList<>();
        try (Database database = laser(); AccessService access = access(database);
             AuthResponder responder = responder(access, (message, verdict) -> {
                 held.countDown();
                 release.await();
                 handled.add("refused");
             })) {
            access.decideLive("laser-1", REQUEST.credential());
            responder.submit(new IngestPipeline.Message(REQUEST.topic().toString(),
                    "{}".getBytes(StandardCharsets.UTF_8), () -> { }));
            held.await();

            responder.submit(signed(REQUEST, new AtomicInteger()));

            assertThat(sent).isEmpty();
            release.countDown();
            await().atMost(Duration.ofSeconds(20)).until(() -> !sent.isEmpty());
            assertThat(handled).containsExactly("refused");
            assertThat(sent).containsExactly(new Sent("fablab-live-auth", "r-7"));
        }
    }

    /** A gateway database with the test vectors' node {@code laser-1} on a laser cutter. */
    private Database laser() {
        Database database = Database.open("jdbc:sqlite:" + folder.resolve("gateway.db"), "", "", 2);
        JdbcLabDirectory directory = new JdbcLabDirectory(database.dataSource(), TestVectors.clock());
        directory.upsert(new MachineRecord("laser-1", "Laser cutter", "laser-cutter"));
        directory.upsert(new NodeRecord("laser-1", "laser-1", TestVectors.root().at("/nodes/laser-1/public").asText(),
                OfflinePolicy.FAIL_CLOSED, Duration.ofMinutes(15)));
        directory.upsert(new MemberRecord("m-alice", "Alice Martin", true));
        return database;
    }

    private static AccessService access(Database database) {
        AccessService access = new AccessService(new JdbcAccessStore(database.dataSource()),
                new JdbcLabDirectory(database.dataSource(), TestVectors.clock()),
                new CredentialHasher(TestVectors.pepper()), TestVectors.clock(), ZoneId.of("Europe/Paris"),
                (node, entries) -> { });
        access.enroll(MANAGER, "m-alice", CredentialId.of("mifare-uid", "04A1B2C3D4E5F6"), Optional.empty());
        return access;
    }

    private AuthResponder responder(AccessService access, AuthResponder.Refusals refusals) {
        return new AuthResponder(new Verifier(TestVectors.keys(), TestVectors.clock(), Verifier.Limits.DEFAULT), access,
                new Signer(TestVectors.gatewayPrivateKey()), (topic, payload) -> {
                    Inbound answer = nodeSide.verify(topic.toString(), payload);
                    sent.add(new Sent(Thread.currentThread().getName(),
                            ((AuthResponse) ((Inbound.Accepted) answer).message()).reqId()));
                }, refusals, new AuthStats(), TestVectors.clock());
    }

    private static IngestPipeline.Message signed(AuthRequest request, AtomicInteger acks) {
        return new IngestPipeline.Message(request.topic().toString(),
                new Signer(TestVectors.nodePrivateKey("laser-1")).sign(request), acks::incrementAndGet);
    }
}
