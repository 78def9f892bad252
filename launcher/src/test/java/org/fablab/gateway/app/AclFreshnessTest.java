package org.fablab.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fablab.gateway.access.BalanceCheck;
import org.fablab.gateway.access.Training;
import org.fablab.gateway.access.TrainingCategory;
import org.fablab.gateway.access.TrainingValidity;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcAccessStore;
import org.fablab.gateway.adapter.jdbc.JdbcAclVersions;
import org.fablab.gateway.adapter.jdbc.JdbcLabDirectory;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.MemberRecord;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.port.JobLease;
import org.fablab.gateway.port.ManualClock;
import org.fablab.gateway.port.ManualScheduler;
import org.fablab.gateway.port.PublishedAcls;
import org.fablab.gateway.service.AccessService;
import org.fablab.node.domain.AccessDecision;
import org.fablab.node.domain.AccessPolicy;
import org.fablab.protocol.AclSnapshot;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.CredentialId;
import org.fablab.protocol.CredentialRef;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.Inbound;
import org.fablab.protocol.OfflinePolicy;
import org.fablab.protocol.Signer;
import org.fablab.protocol.Topic;
import org.fablab.protocol.Verifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fail-closed laser (maxStaleness 15 min) and a cached printer (24 h) fed by the gateway's real
 * {@link AccessService} and {@link AclPublisher} on a manual clock: every signed snapshot the gateway publishes
 * is verified and kept the way a node does (newest version wins) and badges are decided by the node's own
 * {@link AccessPolicy}, so days of lab life run in a second.
 */
class AclFreshnessTest {
    private static final Principal MANAGER = new Principal("fabmanager", Role.FABMANAGER, null, "Fab Manager");
    private static final Instant START = Instant.parse("2026-11-23T06:00:00Z");
    private static final String LAB = "fresh-lab";
    private static final Duration LASER_LIMIT = Duration.ofMinutes(15);

    @TempDir
    Path folder;
    private final ManualClock clock = new ManualClock(START);
    private final KeyPair gatewayKeys = Ed25519Keys.generate();
    private final CredentialHasher hasher = new CredentialHasher(new byte[16]);
    private final Verifier nodeVerifier = new Verifier(topic -> Optional.of(gatewayKeys.getPublic()), clock,
            Verifier.Limits.DEFAULT);
    private final Map<String, AccessPolicy> nodes = new HashMap<>(Map.of("laser-1", AccessPolicy.empty(),
            "printer-1", AccessPolicy.empty()));
    private final Map<String, List<AclSnapshot>> received = new HashMap<>();
    private boolean brokerReachable = true;
    private Database database;
    private JdbcLabDirectory directory;
    private ManualScheduler scheduler;
    private AccessService access;

    @BeforeEach
    void startLab() {
        database = Database.open("jdbc:sqlite:" + folder.resolve("gateway.db"), "", "", 2);
        directory = new JdbcLabDirectory(database.dataSource(), clock);
        directory.upsert(new MachineRecord("laser-1", "Laser cutter", "laser-cutter"));
        directory.upsert(new MachineRecord("printer-1", "Printer", "3d-printer"));
        directory.upsert(new NodeRecord("laser-1", "laser-1", Ed25519Keys.encode(Ed25519Keys.generate().getPublic()),
                OfflinePolicy.FAIL_CLOSED, LASER_LIMIT));
        directory.upsert(new NodeRecord("printer-1", "printer-1",
                Ed25519Keys.encode(Ed25519Keys.generate().getPublic()), OfflinePolicy.CACHED, Duration.ofHours(24)));
        for (String member : List.of("m-alice", "m-bob", "m-carol")) {
            directory.upsert(new MemberRecord(member, member.substring(2), true));
        }
        startGateway();
        access.createTraining(MANAGER, new Training("laser-safety", "Laser safety", TrainingCategory.SAFETY,
                Set.of("laser-cutter", "3d-printer"), new TrainingValidity.Forever()));
        for (String member : List.of("m-alice", "m-bob", "m-carol")) {
            access.enroll(MANAGER, member, CredentialId.of("mifare-uid", badgeOf(member)), Optional.empty());
        }
        access.grant(MANAGER, "m-alice", "laser-safety", Optional.empty(), Optional.empty());
        access.grant(MANAGER, "m-bob", "laser-safety", Optional.empty(), Optional.empty());
    }

    private void startGateway() {
        scheduler = new ManualScheduler(clock);
        AclPublisher publisher = new AclPublisher(LAB, new Signer(gatewayKeys.getPrivate()), this::deliver,
                new JdbcAclVersions(database), clock);
        access = new AccessService(new JdbcAccessStore(database.dataSource()), directory, hasher, clock,
                ZoneId.of("Europe/Paris"), publisher, BalanceCheck.NONE, JobLease.SOLE, PublishedAcls.inProcess(),
                scheduler, 42L);
        access.rebuildNow();
    }

    @AfterEach
    void stop() {
        access.close();
        database.close();
    }

    /** The broker, then the node: verify as the node does, keep the snapshot only when its version is newer. */
    private void deliver(Topic topic, byte[] payload) throws IOException {
        if (!brokerReachable) {
            throw new IOException("broker unreachable");
        }
        Inbound inbound = nodeVerifier.verify(topic.toString(), payload);
        assertThat(inbound).isInstanceOf(Inbound.Accepted.class);
        AclSnapshot acl = (AclSnapshot) ((Inbound.Accepted) inbound).message();
        received.computeIfAbsent(acl.node(), n -> new ArrayList<>()).add(acl);
        if (nodes.get(acl.node()).isReplacedBy(acl)) {
            nodes.put(acl.node(), AccessPolicy.of(acl));
        }
    }

    private static String badgeOf(String member) {
        return String.format("04A1B2C3D4E5%02X", member.hashCode() & 0xff);
    }

    private AccessDecision badge(String node, String member) {
        CredentialRef credential = hasher.hash("mifare-uid", badgeOf(member), false);
        return nodes.get(node).decide(credential, clock.instant());
    }

    private boolean granted(String node, String member) {
        return badge(node, member) instanceof AccessDecision.Granted;
    }

    private Duration aclAge(String node) {
        return Duration.between(nodes.get(node).acl().orElseThrow().ts(), clock.instant());
    }

    /** Snapshots received after the set-up, all of which happen at {@link #START}. */
    private long renewals(String node) {
        return received.get(node).stream().filter(acl -> acl.ts().isAfter(START)).count();
    }

    @Test
    void failClosedLaser_grantsEveryTrainedBadgeEveryMinuteFor24Hours_withNoAdminChange() {
        Duration oldestLaserAcl = Duration.ZERO;
        for (int minute = 1; minute <= 24 * 60; minute++) {
            scheduler.advance(Duration.ofMinutes(1));
            for (String node : List.of("laser-1", "printer-1")) {
                assertThat(badge(node, "m-alice")).as("alice on %s at %s", node, clock.instant())
                        .isInstanceOf(AccessDecision.Granted.class);
                assertThat(badge(node, "m-bob")).as("bob on %s at %s", node, clock.instant())
                        .isInstanceOf(AccessDecision.Granted.class);
                assertThat(badge(node, "m-carol")).as("carol (untrained) on %s", node)
                        .isEqualTo(new AccessDecision.Denied(AccessPolicy.UNKNOWN_BADGE));
            }
            oldestLaserAcl = aclAge("laser-1").compareTo(oldestLaserAcl) > 0 ? aclAge("laser-1") : oldestLaserAcl;
        }

        assertThat(oldestLaserAcl).isLessThanOrEqualTo(LASER_LIMIT.dividedBy(3));
        // Every 5 min at most, at most 20 % early: between 288 and 360 renewals of the laser in a day; hourly
        // for the printer, whose limit of 24 h would allow 8 h.
        assertThat(renewals("laser-1")).isBetween(24L * 12, 24L * 15);
        assertThat(renewals("printer-1")).isBetween(24L, 30L);
        assertThat(received.get("laser-1")).extracting(AclSnapshot::version).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void brokerUnreachable_laserDeniesAfterMaxStaleness_thenGrantsWithinSecondsOfItsReturn() {
        scheduler.advance(Duration.ofHours(1));
        assertThat(granted("laser-1", "m-alice")).isTrue();

        brokerReachable = false;
        Instant lastIssued = nodes.get("laser-1").acl().orElseThrow().ts();
        scheduler.advance(Duration.between(clock.instant(), lastIssued.plus(LASER_LIMIT)));
        assertThat(granted("laser-1", "m-alice")).as("at exactly maxStaleness").isTrue();
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(badge("laser-1", "m-alice")).isEqualTo(new AccessDecision.Denied(AccessPolicy.ACL_STALE));
        scheduler.advance(Duration.ofMinutes(30));
        assertThat(badge("laser-1", "m-bob")).isEqualTo(new AccessDecision.Denied(AccessPolicy.ACL_STALE));

        brokerReachable = true;
        Instant back = clock.instant();
        while (!granted("laser-1", "m-alice")) {
            assertThat(Duration.between(back, clock.instant())).isLessThanOrEqualTo(AccessService.PUBLISH_RETRY);
            scheduler.advance(Duration.ofSeconds(1));
        }
        assertThat(granted("laser-1", "m-bob")).isTrue();
        scheduler.advance(Duration.ofHours(2));
        assertThat(aclAge("laser-1")).isLessThanOrEqualTo(LASER_LIMIT.dividedBy(3));
    }

    @Test
    void gatewayStopped_laserDeniesAfterMaxStaleness_thenGrantsAsSoonAsTheGatewayIsBack() {
        scheduler.advance(Duration.ofMinutes(40));
        access.close();

        scheduler.advance(LASER_LIMIT.plusSeconds(1));
        assertThat(badge("laser-1", "m-alice")).isEqualTo(new AccessDecision.Denied(AccessPolicy.ACL_STALE));
        assertThat(granted("printer-1", "m-alice")).as("a cached printer keeps its day of grace").isTrue();

        startGateway();

        assertThat(granted("laser-1", "m-alice")).isTrue();
        scheduler.advance(Duration.ofHours(3));
        assertThat(granted("laser-1", "m-alice")).isTrue();
    }
}
