package org.fablab.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.fablab.gateway.access.AccessDecision;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.fablab.gateway.access.BadgeStatus;
import org.fablab.gateway.access.DenyReason;
import org.fablab.gateway.access.MachineAvailability;
import org.fablab.gateway.access.Training;
import org.fablab.gateway.access.TrainingCategory;
import org.fablab.gateway.access.TrainingValidity;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcAccessStore;
import org.fablab.gateway.adapter.jdbc.JdbcLabDirectory;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.Badge;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.MemberRecord;
import org.fablab.gateway.domain.NodeMode;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.gateway.domain.PeerTraining;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.port.AccessStore;
import org.fablab.gateway.port.ChangeFeed;
import org.fablab.gateway.port.JobLease;
import org.fablab.gateway.port.PublishedAcls;
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
import org.junit.jupiter.api.io.TempDir;

/** ACLs follow every change and every expiry, on a real SQLite database. */
class AccessServiceTest {
    private static final Principal MANAGER = new Principal("fabmanager", Role.FABMANAGER, null, "Fab Manager");
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path folder;
    private Database database;
    private AccessService access;
    private static final CredentialHasher HASHER = new CredentialHasher(new byte[16]);
    private final Map<String, List<AclSnapshot.Entry>> published = new ConcurrentHashMap<>();
    /** While set, publishing an ACL waits for it: the access thread is held busy. */
    private volatile CountDownLatch hold;

    @BeforeEach
    void start() {
        database = Database.open("jdbc:sqlite:" + folder.resolve("gateway.db"), "", "", 2);
        JdbcLabDirectory directory = new JdbcLabDirectory(database.dataSource(), Clock.systemUTC());
        directory.upsert(new MachineRecord("laser-1", "Laser cutter", "laser-cutter"));
        directory.upsert(new NodeRecord("laser-1", "laser-1", Ed25519Keys.encode(Ed25519Keys.generate().getPublic()),
                OfflinePolicy.FAIL_CLOSED, Duration.ofMinutes(15)));
        directory.upsert(new MemberRecord("m-alice", "Alice Martin", true));
        access = new AccessService(new JdbcAccessStore(database.dataSource()), directory,
                HASHER, Clock.systemUTC(), ZoneId.of("Europe/Paris"), (node, entries) -> {
                    CountDownLatch latch = hold;
                    if (latch != null) {
                        awaitQuietly(latch);
                    }
                    published.put(node.id(), entries);
                });
        access.createTraining(MANAGER, new Training("laser-safety", "Laser safety", TrainingCategory.SAFETY,
                Set.of("laser-cutter"), new TrainingValidity.Forever()));
        access.enroll(MANAGER, "m-alice", CredentialId.of("mifare-uid", "04A1B2C3D4E5F6"), Optional.empty());
    }

    private final List<AccessService> others = new ArrayList<>();

    @AfterEach
    void stop() {
        others.forEach(AccessService::close);
        access.close();
        database.close();
    }

    /** Another service on the same database, reading and writing through {@code store}. */
    private AccessService serviceOver(AccessStore store) {
        AccessService other = new AccessService(store, new JdbcLabDirectory(database.dataSource(), Clock.systemUTC()),
                HASHER, Clock.systemUTC(), ZoneId.of("Europe/Paris"), (node, entries) -> { });
        others.add(other);
        return other;
    }

    /** The stored access facts, with {@code seen} told of every call (before it runs) to a method of the store. */
    private AccessStore storeSeenBy(Consumer<Method> seen) {
        AccessStore real = new JdbcAccessStore(database.dataSource());
        return (AccessStore) Proxy.newProxyInstance(AccessStore.class.getClassLoader(),
                new Class<?>[] {AccessStore.class}, (proxy, method, args) -> {
                    seen.accept(method);
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<String> membersOnLaser() {
        return published.getOrDefault("laser-1", List.of()).stream().map(AclSnapshot.Entry::memberId).toList();
    }

    @Test
    void aGrant_thenARevocation_thenABlock_eachRepublishTheAcl() {
        String certification = access.grant(MANAGER, "m-alice", "laser-safety", Optional.empty(), Optional.empty()).id();
        await().atMost(WAIT).until(() -> membersOnLaser().equals(List.of("m-alice")));

        access.revoke(MANAGER, "m-alice", certification, "no extractor");
        await().atMost(WAIT).until(() -> membersOnLaser().isEmpty());

        access.grant(MANAGER, "m-alice", "laser-safety", Optional.empty(), Optional.empty());
        await().atMost(WAIT).until(() -> membersOnLaser().equals(List.of("m-alice")));
        access.setAvailability(MANAGER, "laser-1", MachineAvailability.BLOCKED, "lens cracked");
        await().atMost(WAIT).until(() -> membersOnLaser().isEmpty());
    }

    @Test
    void aCertificationReachingItsEnd_isDroppedFromTheAclWithoutAnyoneActing() {
        access.grant(MANAGER, "m-alice", "laser-safety", Optional.of(Instant.now().plusMillis(1500)), Optional.empty());
        await().atMost(WAIT).until(() -> membersOnLaser().equals(List.of("m-alice")));

        await().atMost(WAIT).until(() -> membersOnLaser().isEmpty());
    }

    @Test
    void aLostBadge_leavesTheAcl() {
        access.grant(MANAGER, "m-alice", "laser-safety", Optional.empty(), Optional.empty());
        await().atMost(WAIT).until(() -> membersOnLaser().equals(List.of("m-alice")));
        Badge badge = access.badges(MANAGER, "m-alice").get(0);

        access.setBadgeStatus(MANAGER, "m-alice", badge.id(), BadgeStatus.LOST, "left on the bus");

        await().atMost(WAIT).until(() -> membersOnLaser().isEmpty());
        assertThat(access.badges(MANAGER, "m-alice")).singleElement()
                .satisfies(b -> assertThat(b.status()).isEqualTo(BadgeStatus.LOST));
    }

    @Test
    void liveDecision_followsAChangeAtOnce_withTheFailedRuleAndTheHolder() {
        CredentialRef alice = new CredentialHasher(new byte[16]).hash("mifare-uid", "04A1B2C3D4E5F6", false);
        assertThat(access.decideLive("laser-1", alice)).hasValueSatisfying(live -> {
            assertThat(live.decision()).isEqualTo(new AccessDecision.Denied(DenyReason.TRAINING_MISSING,
                    "training laser-safety missing"));
            assertThat(live.holder()).hasValueSatisfying(m -> assertThat(m.memberId()).isEqualTo("m-alice"));
        });

        access.grant(MANAGER, "m-alice", "laser-safety", Optional.empty(), Optional.empty());

        assertThat(access.decideLive("laser-1", alice)).hasValueSatisfying(live -> assertThat(live.decision())
                .isEqualTo(new AccessDecision.Granted("m-alice", "Alice Martin", null)));
    }

    @Test
    void liveDecisionFromMemory_isMadeOnlyWhileTheLoadedFactsCoverTheNode_andAChangeDropsThem() {
        CredentialRef alice = HASHER.hash("mifare-uid", "04A1B2C3D4E5F6", false);
        assertThat(access.decideLiveFromMemory("laser-1", alice)).isEmpty();

        Optional<AccessService.LiveDecision> loaded = access.decideLive("laser-1", alice);

        assertThat(loaded).isPresent();
        assertThat(access.decideLiveFromMemory("laser-1", alice)).isEqualTo(loaded);
        assertThat(access.decideLiveFromMemory("no-such-node", alice)).isEmpty();
        access.grant(MANAGER, "m-alice", "laser-safety", Optional.empty(), Optional.empty());
        assertThat(access.decideLiveFromMemory("laser-1", alice)).isEmpty();
        assertThat(access.decideLive("laser-1", alice)).hasValueSatisfying(live -> assertThat(live.decision())
                .isEqualTo(new AccessDecision.Granted("m-alice", "Alice Martin", null)));
        assertThat(access.decideLiveFromMemory("laser-1", alice)).hasValueSatisfying(live -> assertThat(
                live.decision()).isEqualTo(new AccessDecision.Granted("m-alice", "Alice Martin", null)));
    }

    @Test
    void liveDecision_ofABadgeNobodyEnrolled_isUnknownBadgeWithoutHolder_andOfAnUnknownNode_isEmpty() {
        CredentialRef stranger = new CredentialHasher(new byte[16]).hash("mifare-uid", "04FFFFFFFFFFFF", false);

        assertThat(access.decideLive("laser-1", stranger)).hasValueSatisfying(live -> {
            assertThat(live.decision()).isInstanceOfSatisfying(AccessDecision.Denied.class,
                    denied -> assertThat(denied.reason()).isEqualTo(DenyReason.UNKNOWN_BADGE));
            assertThat(live.holder()).isEmpty();
        });
        assertThat(access.decideLive("no-such-node", stranger)).isEmpty();
    }

    @Test
    void liveDecision_appliesTheBalanceCheck_thatTheAclLeavesOut() {
        AccessService prepaid = new AccessService(new JdbcAccessStore(database.dataSource()),
                new JdbcLabDirectory(database.dataSource(), Clock.systemUTC()), new CredentialHasher(new byte[16]),
                Clock.systemUTC(), ZoneId.of("Europe/Paris"), (node, entries) -> { },
                (member, machine) -> Optional.of("balance -12.40 EUR below credit limit"), JobLease.SOLE,
                PublishedAcls.inProcess());
        try {
            prepaid.grant(MANAGER, "m-alice", "laser-safety", Optional.empty(), Optional.empty());
            CredentialRef alice = new CredentialHasher(new byte[16]).hash("mifare-uid", "04A1B2C3D4E5F6", false);

            assertThat(prepaid.decideLive("laser-1", alice)).hasValueSatisfying(live -> assertThat(live.decision())
                    .isEqualTo(new AccessDecision.Denied(DenyReason.INSUFFICIENT_BALANCE,
                            "balance -12.40 EUR below credit limit")));
        } finally {
            prepaid.close();
        }
    }

    @Test
    void aNodeMode_isStored_soAnotherServiceOnTheDatabaseApplies_itUntilItEnds() {
        NodeMode set = access.setMode(MANAGER, "laser-1", NodeMode.Kind.ENROLL, Optional.of("m-alice"),
                Optional.empty());
        access.close();
        JdbcLabDirectory directory = new JdbcLabDirectory(database.dataSource(), Clock.systemUTC());
        access = new AccessService(new JdbcAccessStore(database.dataSource()), directory, HASHER, Clock.systemUTC(),
                ZoneId.of("Europe/Paris"), (node, entries) -> { });

        assertThat(access.nodes(List.of())).singleElement().satisfies(node -> assertThat(node.mode())
                .isEqualTo(new NodeMode("laser-1", NodeMode.Kind.ENROLL, set.until().truncatedTo(ChronoUnit.MILLIS),
                        "m-alice", null, "fabmanager")));
        access.setMode(MANAGER, "laser-1", NodeMode.Kind.NORMAL, Optional.empty(), Optional.empty());
        access.close();
        access = new AccessService(new JdbcAccessStore(database.dataSource()), directory, HASHER, Clock.systemUTC(),
                ZoneId.of("Europe/Paris"), (node, entries) -> { });
        assertThat(access.nodes(List.of())).singleElement()
                .satisfies(node -> assertThat(node.mode().mode()).isEqualTo(NodeMode.Kind.NORMAL));
    }

    @Test
    void aTrainerBadgeSeenBeforeTrainModeIsSetAgain_vouchesForNoTrainee() throws InterruptedException {
        new JdbcLabDirectory(database.dataSource(), Clock.systemUTC())
                .upsert(new MemberRecord("m-bob", "Bob Trainer", true));
        access.addTrainer(MANAGER, "laser-safety", "m-bob");
        access.setMode(MANAGER, "laser-1", NodeMode.Kind.TRAIN, Optional.empty(), Optional.of("laser-safety"));
        access.rebuildNow();
        Instant now = Instant.now();
        CountDownLatch release = new CountDownLatch(1);
        hold = release;
        // the laser's ACL changes with its node's settings: the access thread is now busy publishing it, as under
        // load, and the node events below wait in its queue
        JdbcLabDirectory directory = new JdbcLabDirectory(database.dataSource(), Clock.systemUTC());
        NodeRecord laser = directory.nodes().get(0);
        directory.upsert(new NodeRecord(laser.id(), laser.machineId(), laser.publicKey(), laser.offlinePolicy(),
                laser.maxStaleness().plusMinutes(5)));
        access.accessChanged();

        access.onNodeEvent(trainerStarts(now, 1));
        access.setMode(MANAGER, "laser-1", NodeMode.Kind.TRAIN, Optional.empty(), Optional.of("laser-safety"));
        access.onNodeEvent(aliceRefused(now.plusSeconds(5), 2));
        hold = null;
        release.countDown();
        access.rebuildNow();

        assertThat(access.certifications(Optional.of("m-alice"), Optional.empty())).isEmpty();
        access.onNodeEvent(trainerStarts(now.plusSeconds(10), 3));
        access.onNodeEvent(aliceRefused(now.plusSeconds(15), 4));
        access.rebuildNow();
        assertThat(access.certifications(Optional.of("m-alice"), Optional.empty())).singleElement()
                .satisfies(c -> assertThat(c.trainingId()).isEqualTo("laser-safety"));
    }

    @Test
    void everyChangeToWhatDecidesAccess_isToldToTheOtherInstances_onceCommitted() {
        new JdbcLabDirectory(database.dataSource(), Clock.systemUTC())
                .upsert(new MemberRecord("m-bob", "Bob Trainer", true));
        List<String> writes = new CopyOnWriteArrayList<>();
        AccessService here = serviceOver(storeSeenBy(method -> {
            if (Arrays.asList(method.getParameterTypes()).contains(AuditEntry.class)) {
                writes.add(method.getName());
            }
        }));
        RecordingFeed feed = new RecordingFeed();
        here.shareChangesThrough(feed);
        Training cnc = new Training("cnc-safety", "CNC safety", TrainingCategory.SAFETY, Set.of("cnc"),
                new TrainingValidity.Forever());
        AtomicReference<String> certification = new AtomicReference<>();
        List<Runnable> changes = List.of(
                () -> here.createTraining(MANAGER, cnc),
                () -> here.updateTraining(MANAGER, cnc),
                () -> here.addTrainer(MANAGER, "cnc-safety", "m-bob"),
                () -> here.removeTrainer(MANAGER, "cnc-safety", "m-bob"),
                () -> here.addTrainer(MANAGER, "laser-safety", "m-bob"),
                () -> certification.set(here.grant(MANAGER, "m-alice", "cnc-safety", Optional.empty(),
                        Optional.empty()).id()),
                () -> here.revoke(MANAGER, "m-alice", certification.get(), "wrong training"),
                () -> here.enroll(MANAGER, "m-bob", CredentialId.of("mifare-uid", "04B0B0B0B0B0B0"), Optional.empty()),
                () -> here.setBadgeStatus(MANAGER, "m-bob", here.badges(MANAGER, "m-bob").get(0).id(),
                        BadgeStatus.LOST, "left on the bus"),
                () -> here.setAvailability(MANAGER, "laser-1", MachineAvailability.AVAILABLE, "fixed"),
                () -> {
                    here.setMode(MANAGER, "laser-1", NodeMode.Kind.ENROLL, Optional.of("m-alice"), Optional.empty());
                    here.onNodeEvent(NodeEvent.of("lab", "laser-1", Instant.now(), 1, "e-1",
                            new EventData.BadgeDenied(HASHER.hash("mifare-uid", "04C3C3C3C3C3C3", false),
                                    "unknown-badge")));
                },
                () -> {
                    here.setMode(MANAGER, "laser-1", NodeMode.Kind.TRAIN, Optional.empty(),
                            Optional.of("laser-safety"));
                    here.onNodeEvent(trainerStarts(Instant.now(), 2));
                    here.onNodeEvent(aliceRefused(Instant.now().plusSeconds(1), 3));
                });

        for (Runnable change : changes) {
            long told = feed.published(ChangeFeed.AccessChanged.class);
            change.run();
            await().atMost(WAIT).until(() -> feed.published(ChangeFeed.AccessChanged.class) == told + 1);
        }

        Set<String> storeWrites = Arrays.stream(AccessStore.class.getMethods())
                .filter(m -> Arrays.asList(m.getParameterTypes()).contains(AuditEntry.class))
                .map(Method::getName).filter(name -> !name.equals("audit")).collect(Collectors.toSet());
        assertThat(Set.copyOf(writes)).as("every audited write of the access store, each made above")
                .isEqualTo(storeWrites);
        assertThat(writes).as("the badge enrolled at the node and the trainee certified there").contains("enroll")
                .filteredOn("grant"::equals).hasSize(2);
    }

    @Test
    void aChangeAnotherInstanceMade_orMissedChanges_dropTheCachedFacts() {
        RecordingFeed feed = new RecordingFeed();
        access.shareChangesThrough(feed);
        CredentialRef alice = HASHER.hash("mifare-uid", "04A1B2C3D4E5F6", false);

        for (ChangeFeed.Change change : List.of(new ChangeFeed.AccessChanged(), new ChangeFeed.Resync())) {
            access.decideLive("laser-1", alice);
            assertThat(access.decideLiveFromMemory("laser-1", alice)).isPresent();
            feed.tell(change);
            assertThat(access.decideLiveFromMemory("laser-1", alice)).as("after %s", change).isEmpty();
        }
        assertThat(feed.published(ChangeFeed.AccessChanged.class)).isZero();
    }

    @Test
    void factsLoadedWhileAChangeDropsThem_serveTheirOneDecision_butAreNotKept() {
        RecordingFeed feed = new RecordingFeed();
        AtomicBoolean changeDuringLoad = new AtomicBoolean(true);
        AccessService here = serviceOver(storeSeenBy(method -> {
            if (method.getName().equals("snapshot") && changeDuringLoad.getAndSet(false)) {
                feed.tell(new ChangeFeed.AccessChanged());
            }
        }));
        here.shareChangesThrough(feed);
        CredentialRef alice = HASHER.hash("mifare-uid", "04A1B2C3D4E5F6", false);

        assertThat(here.decideLive("laser-1", alice)).isPresent();

        assertThat(here.decideLiveFromMemory("laser-1", alice)).isEmpty();
        here.decideLive("laser-1", alice);
        assertThat(here.decideLiveFromMemory("laser-1", alice)).isPresent();
    }

    @Test
    void aModeAnotherInstanceSetBeforeThisOneSubscribed_isApplied() {
        AccessService here = serviceOver(new JdbcAccessStore(database.dataSource()));
        // another instance sets a mode after this one loaded the modes: its change reaches no subscriber
        access.setMode(MANAGER, "laser-1", NodeMode.Kind.TRAIN, Optional.empty(), Optional.of("laser-safety"));

        here.shareChangesThrough(new RecordingFeed());

        await().atMost(WAIT).until(() -> here.nodes(List.of()).get(0).mode().mode() == NodeMode.Kind.TRAIN);
    }

    @Test
    void aTrainerBadgedThroughAnotherInstance_countsForTheTrainerPresentRuleHere_onceTold() throws SQLException {
        trainerPresentWithinAMinute();
        CredentialRef alice = HASHER.hash("mifare-uid", "04A1B2C3D4E5F6", false);
        RecordingFeed there = new RecordingFeed();
        access.shareChangesThrough(there);
        AccessService here = serviceOver(new JdbcAccessStore(database.dataSource()));
        RecordingFeed feed = new RecordingFeed();
        here.shareChangesThrough(feed);
        assertThat(here.decideLive("laser-1", alice)).hasValueSatisfying(live -> assertThat(live.decision())
                .isInstanceOfSatisfying(AccessDecision.Denied.class,
                        denied -> assertThat(denied.reason()).isEqualTo(DenyReason.TRAINER_ABSENT)));

        access.onNodeEvent(trainerStarts(Instant.now(), 1));
        await().atMost(WAIT).until(() -> there.published(ChangeFeed.TrainerBadged.class) == 1);
        assertThat(here.decideLiveFromMemory("laser-1", alice)).hasValueSatisfying(live -> assertThat(live.decision())
                .as("not told yet").isInstanceOf(AccessDecision.Denied.class));
        feed.tell(new ChangeFeed.TrainerBadged("laser-1"));

        await().atMost(WAIT).until(() -> here.decideLiveFromMemory("laser-1", alice)
                .map(live -> live.decision() instanceof AccessDecision.Granted).orElse(false));
        assertThat(serviceOver(new JdbcAccessStore(database.dataSource())).decideLive("laser-1", alice))
                .as("an instance started later").hasValueSatisfying(live -> assertThat(live.decision())
                        .isInstanceOf(AccessDecision.Granted.class));
        here.rebuildNow();
        assertThat(feed.published(ChangeFeed.TrainerBadged.class)).as("the badge of a member who trains nobody")
                .isZero();
    }

    @Test
    void theTrainersRecentBadges_keepTheNewestOfEachNode() {
        JdbcAccessStore store = new JdbcAccessStore(database.dataSource());
        Instant start = Instant.parse("2026-03-02T10:00:00Z");
        for (int i = 0; i < 10; i++) {
            store.saveRecentTrainerBadge("laser-1", new PeerTraining.TrainerBadge("m-bob", start.plusSeconds(i)), 8);
        }
        store.saveRecentTrainerBadge("laser-1", new PeerTraining.TrainerBadge("m-bob", start.plusSeconds(9)), 8);
        store.saveRecentTrainerBadge("cnc-1", new PeerTraining.TrainerBadge("m-bob", start), 8);

        assertThat(store.recentTrainerBadges("laser-1")).extracting(PeerTraining.TrainerBadge::at)
                .containsExactly(start.plusSeconds(2), start.plusSeconds(3), start.plusSeconds(4),
                        start.plusSeconds(5), start.plusSeconds(6), start.plusSeconds(7), start.plusSeconds(8),
                        start.plusSeconds(9));
        assertThat(store.recentTrainerBadges()).containsOnlyKeys("laser-1", "cnc-1")
                .containsEntry("cnc-1", List.of(new PeerTraining.TrainerBadge("m-bob", start)));
    }

    /** Bob trains laser safety, Alice holds it, and the laser wants a trainer who badged within the last minute. */
    private void trainerPresentWithinAMinute() throws SQLException {
        new JdbcLabDirectory(database.dataSource(), Clock.systemUTC())
                .upsert(new MemberRecord("m-bob", "Bob Trainer", true));
        access.addTrainer(MANAGER, "laser-safety", "m-bob");
        access.grant(MANAGER, "m-alice", "laser-safety", Optional.empty(), Optional.empty());
        try (var c = database.dataSource().getConnection();
             var ps = c.prepareStatement("update machines set trainer_present_seconds = 60 where id = 'laser-1'")) {
            ps.executeUpdate();
        }
    }

    private static NodeEvent trainerStarts(Instant at, long seq) {
        return NodeEvent.of("lab", "laser-1", at, seq, "e-" + seq, new EventData.SessionStarted("s-" + seq, at,
                HASHER.hash("mifare-uid", "04B0B0B0B0B0B0", false), "m-bob", false));
    }

    private static NodeEvent aliceRefused(Instant at, long seq) {
        return NodeEvent.of("lab", "laser-1", at, seq, "e-" + seq, new EventData.BadgeDenied(
                HASHER.hash("mifare-uid", "04A1B2C3D4E5F6", false), "not-trained"));
    }
}
