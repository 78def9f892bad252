package org.fablab.gateway.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.fablab.gateway.access.AccessDecision;
import org.fablab.gateway.access.DenyReason;
import org.fablab.gateway.access.Training;
import org.fablab.gateway.access.TrainingCategory;
import org.fablab.gateway.access.TrainingValidity;
import org.fablab.gateway.billing.BlockRate;
import org.fablab.gateway.billing.Issuer;
import org.fablab.gateway.billing.PriceList;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.MemberRecord;
import org.fablab.gateway.domain.NodeMode;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.gateway.domain.PeerTraining;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.port.ChangeFeed;
import org.fablab.gateway.port.JobLease;
import org.fablab.gateway.port.TariffStore;
import org.fablab.gateway.service.AccessService;
import org.fablab.gateway.service.BillingServices;
import org.fablab.protocol.AclSnapshot;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.CredentialId;
import org.fablab.protocol.CredentialRef;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.EventData;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.OfflinePolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * Two gateway instances on one PostgreSQL database, each with its own services and caches, that learn of each
 * other's changes through the change feed.
 */
class PostgresChangeFeedIT {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Principal MANAGER = new Principal("fabmanager", Role.FABMANAGER, null, "Fab Manager");
    private static final Principal TREASURER = new Principal("treasurer", Role.TREASURER, null, "Treasurer");
    /** A one-hour laser session: the session fee and four 15-minute blocks. */
    private static final long SESSION_CENTS = 100 + 4 * 200;
    private static final CredentialHasher HASHER = new CredentialHasher(new byte[16]);
    private static final CredentialRef ALICE = HASHER.hash("mifare-uid", "04A1B2C3D4E5F6", false);

    private final PostgresSchema schema = new PostgresSchema();
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private final Clock clock = Clock.systemUTC();
    private Database database;

    /** The ACL the broker retains for each node, whichever instance published it last. */
    private final Map<String, List<AclSnapshot.Entry>> retained = new ConcurrentHashMap<>();

    /** One gateway instance: its own pool, feed, billing and access services. */
    private record Instance(BillingServices billing, AccessService access) {
    }

    private List<String> membersOnLaser() {
        return retained.getOrDefault("laser-1", List.of()).stream().map(AclSnapshot.Entry::memberId).toList();
    }

    @BeforeEach
    void open() {
        database = schema.open();
        JdbcLabDirectory directory = new JdbcLabDirectory(database.dataSource(), clock);
        directory.upsert(new MemberRecord("m-alice", "Alice", true));
        directory.upsert(new MachineRecord("laser-1", "Laser", "laser-cutter"));
        directory.upsert(new NodeRecord("laser-1", "laser-1", Ed25519Keys.encode(Ed25519Keys.generate().getPublic()),
                OfflinePolicy.FAIL_CLOSED, Duration.ofMinutes(15)));
    }

    @AfterEach
    void close() throws Exception {
        while (!opened.isEmpty()) {
            opened.pop().close();
        }
        database.close();
        schema.drop();
    }

    private Database pool() {
        Database pool = schema.connect();
        opened.push(pool);
        return pool;
    }

    private <T extends AutoCloseable> T opened(T resource) {
        opened.push(resource);
        return resource;
    }

    private Instance instance(Database pool, ChangeFeed feed) {
        AtomicReference<AccessService> access = new AtomicReference<>();
        BillingServices billing = opened(BillingServices.start(JdbcBillingStores.over(pool.dataSource(), clock, PARIS),
                clock, PARIS, "EUR", new Issuer("Test lab", "", "", ""), () -> access.get().accessChanged(),
                JobLease.SOLE, feed));
        access.set(opened(new AccessService(new JdbcAccessStore(pool.dataSource()),
                new JdbcLabDirectory(pool.dataSource(), clock), new CredentialHasher(new byte[16]), clock, PARIS,
                (node, entries) -> retained.put(node.id(), entries), billing.charging(), JobLease.SOLE,
                new JdbcPublishedAcls(pool))));
        access.get().shareChangesThrough(feed);
        return new Instance(billing, access.get());
    }

    private Instance instance() {
        Database pool = pool();
        return instance(pool, opened(pool.changeFeed()));
    }

    /** Alice trained on the laser with a badge, laser time priced and a prepaid minimum of zero, set through {@code a}. */
    private static void labOf(Instance a) {
        a.access().createTraining(MANAGER, new Training("laser-safety", "Laser safety", TrainingCategory.SAFETY,
                Set.of("laser-cutter"), new TrainingValidity.Forever()));
        a.access().grant(MANAGER, "m-alice", "laser-safety", Optional.empty(), Optional.empty());
        a.access().enroll(MANAGER, "m-alice", CredentialId.of("mifare-uid", "04A1B2C3D4E5F6"), Optional.empty());
        a.billing().tariffs().savePriceList(TREASURER, PriceList.forKind("laser-cutter").wall(new BlockRate(15, 200))
                .sessionFeeCents(100).vatBasisPoints(2000).build());
        a.billing().tariffs().saveSettings(TREASURER, new TariffStore.Settings(Optional.of(0L)));
    }

    private void insertEndedSession(String sessionId) throws SQLException {
        // ended at 11:00 in the lab the day before: a session across the lab's midnight would cost one block more
        EndedSessions.insert(database.dataSource(), sessionId,
                LocalDate.now(clock.withZone(PARIS)).minusDays(1).atTime(11, 0).atZone(PARIS).toInstant());
    }

    @Test
    void aBalanceCrossingThePrepaidMinimumOnOneInstance_changesTheRetainedAcl() throws SQLException {
        Instance a = instance();
        labOf(a);
        Instance b = instance();
        b.access().rebuildNow();
        assertThat(membersOnLaser()).containsExactly("m-alice");

        insertEndedSession("s-1");
        assertThat(a.billing().charging().catchUp()).isEqualTo(1);

        await().atMost(WAIT).until(() -> membersOnLaser().isEmpty());
        assertThat(b.billing().charging().owed("m-alice")).isEqualTo(SESSION_CENTS);
    }

    @Test
    void aPrepaidMinimumSavedOnOneInstance_appliesOnTheOther() {
        Instance a = instance();
        labOf(a);
        Instance b = instance();
        b.access().rebuildNow();
        assertThat(membersOnLaser()).containsExactly("m-alice");

        a.billing().tariffs().saveSettings(TREASURER, new TariffStore.Settings(Optional.of(10_000L)));

        await().atMost(WAIT).until(() -> membersOnLaser().isEmpty());
    }

    @Test
    void aNodeModeSetOnOneInstance_isAppliedByTheOther() {
        Instance a = instance();
        labOf(a);
        Instance b = instance();

        a.access().setMode(MANAGER, "laser-1", NodeMode.Kind.ENROLL, Optional.of("m-alice"), Optional.empty());
        await().atMost(WAIT).until(() -> modeOf(b) == NodeMode.Kind.ENROLL);
        b.access().onNodeEvent(badgeDenied("04C3D4E5F60718"));

        await().atMost(WAIT).until(() -> a.access().badges(MANAGER, "m-alice").size() == 2);
        await().atMost(WAIT).until(() -> modeOf(a) == NodeMode.Kind.NORMAL);
    }

    @Test
    void aChangeMadeWhileTheListenerWasCutOff_isAppliedAfterItReconnects() throws Exception {
        Instance a = instance();
        labOf(a);
        List<Connection> listening = new CopyOnWriteArrayList<>();
        CountDownLatch reconnecting = new CountDownLatch(1);
        CountDownLatch reconnect = new CountDownLatch(1);
        Database pool = pool();
        PgChangeFeed feed = opened(PgChangeFeed.start(() -> {
            if (!listening.isEmpty()) {
                reconnecting.countDown();
                awaitQuietly(reconnect);
            }
            Connection connection = DriverManager.getConnection(schema.url());
            listening.add(connection);
            return connection;
        }, pool.dataSource()));
        Instance b = instance(pool, feed);
        b.access().rebuildNow();
        await().atMost(WAIT).until(() -> !listening.isEmpty());

        terminate(listening.get(0));
        assertThat(reconnecting.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("the listener saw the break").isTrue();
        insertEndedSession("s-1");
        a.billing().charging().catchUp();
        reconnect.countDown();

        await().atMost(WAIT).until(() -> b.billing().charging().owed("m-alice") == SESSION_CENTS);
        await().atMost(WAIT).until(() -> membersOnLaser().isEmpty());
    }

    @Test
    void anInstanceHearsTheOthersChanges_notItsOwn_andDropsMalformedOnes() throws Exception {
        Database poolA = pool();
        PgChangeFeed a = opened(PgChangeFeed.start(() -> DriverManager.getConnection(schema.url()), poolA.dataSource()));
        Database poolB = pool();
        PgChangeFeed b = opened(PgChangeFeed.start(() -> DriverManager.getConnection(schema.url()), poolB.dataSource()));
        List<ChangeFeed.Change> heardByA = new CopyOnWriteArrayList<>();
        List<ChangeFeed.Change> heardByB = new CopyOnWriteArrayList<>();
        a.subscribe(heardByA::add);
        b.subscribe(heardByB::add);
        await().atMost(WAIT).until(() -> listenerCount(a.channel()) == 2);

        a.publish(new ChangeFeed.BalanceChanged("m-alice"));
        String other = "0123456789abcdef0123456789abcdef ";
        for (String malformed : List.of("garbage", other + "balance", other + "mode Not A Node",
                other + "drop everything", other + "session laser-1", other + "session Not-A-Node s-1",
                other + "session laser-1 " + "s".repeat(201), other + "machine-state Not A Node",
                other + "machine-state", other + "registry laser-1", other + "trainer-badge",
                other + "trainer-badge Not A Node")) {
            notify(a.channel(), malformed);
        }
        a.publish(new ChangeFeed.ModeChanged("laser-1"));
        a.publish(new ChangeFeed.SessionChanged("laser-1", "session 7"));
        a.publish(new ChangeFeed.MachineStateChanged("laser-1"));
        a.publish(new ChangeFeed.RegistryChanged());
        a.publish(new ChangeFeed.TrainerBadged("laser-1"));

        await().atMost(WAIT).until(() -> heardByB.size() == 6);
        assertThat(heardByB).containsExactly(new ChangeFeed.BalanceChanged("m-alice"),
                new ChangeFeed.ModeChanged("laser-1"), new ChangeFeed.SessionChanged("laser-1", "session 7"),
                new ChangeFeed.MachineStateChanged("laser-1"), new ChangeFeed.RegistryChanged(),
                new ChangeFeed.TrainerBadged("laser-1"));
        assertThat(heardByA).isEmpty();
    }

    @Test
    void aRevocationOnOneInstance_refusesTheOthersNextLiveDecision_withinASecond() {
        Instance a = instance();
        labOf(a);
        Instance b = instance();
        assertThat(b.access().decideLive("laser-1", ALICE)).hasValueSatisfying(live -> assertThat(live.decision())
                .isInstanceOf(AccessDecision.Granted.class));
        assertThat(b.access().decideLiveFromMemory("laser-1", ALICE)).as("b answers from its cached facts").isPresent();
        String certification = a.access().certifications(Optional.of("m-alice"), Optional.empty()).get(0).id();

        a.access().revoke(MANAGER, "m-alice", certification, "no extractor");

        await().atMost(Duration.ofSeconds(1)).until(() -> b.access().decideLiveFromMemory("laser-1", ALICE).isEmpty());
        assertThat(b.access().decideLive("laser-1", ALICE)).hasValueSatisfying(live -> assertThat(live.decision())
                .isEqualTo(new AccessDecision.Denied(DenyReason.TRAINING_MISSING, "training laser-safety revoked")));
    }

    @Test
    void aTrainerBadgingOnOneInstance_vouchesForATraineeRefusedOnTheOther() {
        Instance a = instance();
        labOf(a);
        new JdbcLabDirectory(database.dataSource(), clock).upsert(new MemberRecord("m-chloe", "Chloe", true));
        a.access().enroll(MANAGER, "m-chloe", CredentialId.of("mifare-uid", "04C1C2C3C4C5C6"), Optional.empty());
        a.access().addTrainer(MANAGER, "laser-safety", "m-alice");
        Instance b = instance();
        a.access().setMode(MANAGER, "laser-1", NodeMode.Kind.TRAIN, Optional.empty(), Optional.of("laser-safety"));
        await().atMost(WAIT).until(() -> modeOf(b) == NodeMode.Kind.TRAIN);
        Instant trainerAt = clock.instant();

        a.access().onNodeEvent(NodeEvent.of("lab", "laser-1", trainerAt, 1, "e-1",
                new EventData.SessionStarted("s-1", trainerAt, ALICE, "m-alice", false)));
        await().atMost(WAIT).until(() -> new JdbcAccessStore(database.dataSource()).trainerBadge("laser-1").isPresent());
        b.access().onNodeEvent(NodeEvent.of("lab", "laser-1", trainerAt.plusSeconds(5), 2, "e-2",
                new EventData.BadgeDenied(HASHER.hash("mifare-uid", "04C1C2C3C4C5C6", false), "training-missing")));

        await().atMost(WAIT).until(() -> !a.access().certifications(Optional.of("m-chloe"), Optional.empty()).isEmpty());
        assertThat(a.access().certifications(Optional.of("m-chloe"), Optional.empty())).singleElement()
                .satisfies(c -> assertThat(c.grantedBy()).isEqualTo("m-alice"));
        await().atMost(WAIT).until(() -> modeOf(a) == NodeMode.Kind.NORMAL && modeOf(b) == NodeMode.Kind.NORMAL);
    }

    @Test
    void aTrainerBadgingThroughOneInstance_letsTheOtherGrantWhereATrainerMustBePresent_withinASecond()
            throws SQLException {
        Instance a = instance();
        labOf(a);
        new JdbcLabDirectory(database.dataSource(), clock).upsert(new MemberRecord("m-bob", "Bob", true));
        a.access().addTrainer(MANAGER, "laser-safety", "m-bob");
        try (var c = database.dataSource().getConnection();
             var ps = c.prepareStatement("update machines set trainer_present_seconds = 60 where id = 'laser-1'")) {
            ps.executeUpdate();
        }
        Instance b = instance();
        assertThat(b.access().decideLive("laser-1", ALICE)).hasValueSatisfying(live -> assertThat(live.decision())
                .isInstanceOfSatisfying(AccessDecision.Denied.class,
                        denied -> assertThat(denied.reason()).isEqualTo(DenyReason.TRAINER_ABSENT)));
        Instant trainerAt = clock.instant();

        a.access().onNodeEvent(NodeEvent.of("lab", "laser-1", trainerAt, 1, "e-1", new EventData.SessionStarted("s-1",
                trainerAt, HASHER.hash("mifare-uid", "04B0B0B0B0B0B0", false), "m-bob", false)));

        await().atMost(Duration.ofSeconds(1)).until(() -> b.access().decideLiveFromMemory("laser-1", ALICE)
                .map(live -> live.decision() instanceof AccessDecision.Granted).orElse(false));
    }

    @Test
    void aTrainerBadgeClaimedByTwoInstancesAtOnce_goesToOneOfThem() throws Exception {
        JdbcAccessStore onA = new JdbcAccessStore(pool().dataSource());
        JdbcAccessStore onB = new JdbcAccessStore(pool().dataSource());
        ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                onA.saveMode(new NodeMode("laser-1", NodeMode.Kind.TRAIN, clock.instant().plus(AccessService.TRAIN_MODE),
                        null, "laser-safety", "fabmanager"), Optional.empty());
                onA.saveTrainerBadge("laser-1", "laser-safety", new PeerTraining.TrainerBadge("m-alice", clock.instant()));
                PeerTraining.TrainerBadge kept = onB.trainerBadge("laser-1").orElseThrow();
                CountDownLatch go = new CountDownLatch(1);
                Future<Boolean> a = both.submit(() -> go.await(WAIT.toMillis(), TimeUnit.MILLISECONDS) && onA.claimTrainerBadge("laser-1", kept));
                Future<Boolean> b = both.submit(() -> go.await(WAIT.toMillis(), TimeUnit.MILLISECONDS) && onB.claimTrainerBadge("laser-1", kept));
                go.countDown();

                assertThat(List.of(a.get(), b.get())).as("round %d", round).containsExactlyInAnyOrder(true, false);
            }
        } finally {
            both.shutdownNow();
        }
    }

    private static NodeMode.Kind modeOf(Instance instance) {
        return instance.access().nodes(List.of()).get(0).mode().mode();
    }

    /** A badge nobody enrolled, refused at the laser's node. */
    private NodeEvent badgeDenied(String uid) {
        return NodeEvent.of("lab", "laser-1", clock.instant(), 1, "e-1", new EventData.BadgeDenied(
                new CredentialHasher(new byte[16]).hash("mifare-uid", uid, false), "unknown-badge"));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void terminate(Connection listener) throws SQLException {
        int pid = listener.unwrap(PGConnection.class).getBackendPID();
        try (var c = database.dataSource().getConnection();
             var ps = c.prepareStatement("select pg_terminate_backend(?)")) {
            ps.setInt(1, pid);
            ps.execute();
        }
    }

    private int listenerCount(String channel) throws SQLException {
        try (var c = database.dataSource().getConnection(); var ps = c.prepareStatement(
                "select count(*) from pg_stat_activity where query = ?")) {
            ps.setString(1, "listen " + channel);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private void notify(String channel, String payload) throws SQLException {
        try (var c = database.dataSource().getConnection(); var ps = c.prepareStatement("select pg_notify(?, ?)")) {
            ps.setString(1, channel);
            ps.setString(2, payload);
            ps.execute();
        }
    }
}
