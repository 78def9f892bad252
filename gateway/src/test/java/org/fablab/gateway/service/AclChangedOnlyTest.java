package org.fablab.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.fablab.gateway.access.AclDigest;
import org.fablab.gateway.access.BalanceCheck;
import org.fablab.gateway.access.Training;
import org.fablab.gateway.access.TrainingCategory;
import org.fablab.gateway.access.TrainingValidity;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcAccessStore;
import org.fablab.gateway.adapter.jdbc.JdbcLabDirectory;
import org.fablab.gateway.adapter.jdbc.JdbcPublishedAcls;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.MemberRecord;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.port.JobLease;
import org.fablab.gateway.port.ManualClock;
import org.fablab.gateway.port.ManualScheduler;
import org.fablab.protocol.AclSnapshot;
import org.fablab.protocol.CommandAction;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.CredentialId;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.OfflinePolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change publishes only the ACLs it changes; start-up and renewals publish every one they cover; a publication the
 * broker did not take is published by the next rebuild. On a real SQLite database with its recorded digests.
 */
class AclChangedOnlyTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Principal MANAGER = new Principal("fabmanager", Role.FABMANAGER, null, "Fab Manager");

    @TempDir
    Path folder;
    private Database database;
    private JdbcLabDirectory directory;
    private ManualScheduler scheduler;
    private AccessService access;
    /** Node id → how many ACLs the broker took for it. */
    private final Map<String, AtomicInteger> publications = new ConcurrentHashMap<>();
    private final Map<String, List<AclSnapshot.Entry>> retained = new ConcurrentHashMap<>();
    /** Nodes whose publications the broker refuses. */
    private final Set<String> refused = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() {
        ManualClock clock = new ManualClock(T0);
        scheduler = new ManualScheduler(clock);
        database = Database.open("jdbc:sqlite:" + folder.resolve("gateway.db"), "", "", 2);
        directory = new JdbcLabDirectory(database.dataSource(), clock);
        directory.upsert(new MachineRecord("laser-1", "Laser cutter", "laser-cutter"));
        directory.upsert(new MachineRecord("printer-1", "Printer", "3d-printer"));
        directory.upsert(node("laser-1", "laser-1"));
        directory.upsert(node("printer-1", "printer-1"));
        directory.upsert(new MemberRecord("m-alice", "Alice Martin", true));
        access = new AccessService(new JdbcAccessStore(database.dataSource()), directory,
                new CredentialHasher(new byte[16]), clock, ZoneId.of("Europe/Paris"), (node, entries) -> {
                    if (refused.contains(node.id())) {
                        throw new IllegalStateException("broker unreachable");
                    }
                    publications.computeIfAbsent(node.id(), id -> new AtomicInteger()).incrementAndGet();
                    retained.put(node.id(), entries);
                }, BalanceCheck.NONE, JobLease.SOLE, new JdbcPublishedAcls(database), scheduler, 7);
        access.createTraining(MANAGER, new Training("laser-safety", "Laser safety", TrainingCategory.SAFETY,
                Set.of("laser-cutter"), new TrainingValidity.Forever()));
        access.enroll(MANAGER, "m-alice", CredentialId.of("mifare-uid", "04A1B2C3D4E5F6"), Optional.empty());
        access.publishAllNow();
        publications.clear();
    }

    @AfterEach
    void stop() {
        access.close();
        database.close();
    }

    private static NodeRecord node(String id, String machine) {
        return new NodeRecord(id, machine, Ed25519Keys.encode(Ed25519Keys.generate().getPublic()),
                OfflinePolicy.FAIL_CLOSED, Duration.ofMinutes(15));
    }

    private int published(String node) {
        return publications.getOrDefault(node, new AtomicInteger()).get();
    }

    @Test
    void aGrant_publishesTheAclOfTheMachinesItOpens_only() {
        access.grant(MANAGER, "m-alice", "laser-safety", Optional.empty(), Optional.empty());

        assertThat(published("laser-1")).as("the laser's ACL now names Alice").isEqualTo(1);
        assertThat(retained.get("laser-1")).extracting(AclSnapshot.Entry::memberId).containsExactly("m-alice");
        assertThat(published("printer-1")).as("the printer's ACL did not change").isZero();

        access.accessChanged();
        assertThat(List.of(published("laser-1"), published("printer-1")))
                .as("a rebuild that changes nothing publishes nothing").containsExactly(1, 0);
    }

    @Test
    void startUp_publishesEveryAcl_changedOrNot() {
        access.publishAllNow();

        assertThat(published("laser-1")).isEqualTo(1);
        assertThat(published("printer-1")).isEqualTo(1);
        assertThat(retained.get("laser-1")).as("Alice lacks laser safety").isEmpty();
        assertThat(retained.get("printer-1")).as("no training gates the printer")
                .extracting(AclSnapshot.Entry::memberId).containsExactly("m-alice");
    }

    @Test
    void renewals_publishEveryAclAgain_thoughNothingChanged() {
        scheduler.advance(Duration.ofMinutes(5));

        assertThat(published("laser-1")).as("renewed every maxStaleness / 3 or a little earlier").isEqualTo(1);
        assertThat(published("printer-1")).isEqualTo(1);
    }

    @Test
    void aResync_publishesThatNodesAcl_thoughUnchanged() {
        access.sendCommandsTo("test-lab", command -> { });
        access.sendCommand(MANAGER, "printer-1", CommandAction.RESYNC, Map.of());

        assertThat(List.of(published("laser-1"), published("printer-1"))).containsExactly(0, 1);
    }

    @Test
    void anAclTheBrokerDidNotTake_isPublishedByTheNextRebuild_thoughNothingElseChanged() {
        refused.add("laser-1");
        access.grant(MANAGER, "m-alice", "laser-safety", Optional.empty(), Optional.empty());
        assertThat(published("laser-1")).isZero();

        refused.clear();
        access.accessChanged();
        assertThat(published("laser-1")).isEqualTo(1);
        assertThat(retained.get("laser-1")).extracting(AclSnapshot.Entry::memberId).containsExactly("m-alice");
    }

    @Test
    void aNodeRetiredThenActiveAgain_getsItsAcl_thoughItsEntriesAreTheSame() throws SQLException {
        setNodeState("printer-1", "retired");
        access.rebuildNow();
        assertThat(new JdbcPublishedAcls(database).digests()).as("a retired node's digest is forgotten")
                .containsOnlyKeys("laser-1");

        setNodeState("printer-1", "active");
        access.rebuildNow();
        assertThat(published("printer-1")).isEqualTo(1);
    }

    @Test
    void theRecordedDigest_isThatOfWhatWasPublished() {
        access.grant(MANAGER, "m-alice", "laser-safety", Optional.empty(), Optional.empty());

        NodeRecord laser = directory.nodes().stream().filter(n -> n.id().equals("laser-1")).findFirst().orElseThrow();
        assertThat(new JdbcPublishedAcls(database).digests()).containsEntry("laser-1",
                AclDigest.of(laser.offlinePolicy(), laser.maxStaleness(), retained.get("laser-1")));
    }

    private void setNodeState(String node, String state) throws SQLException {
        try (Connection c = database.dataSource().getConnection()) {
            c.createStatement().executeUpdate("update nodes set state = '" + state + "' where id = '" + node + "'");
        }
    }
}
