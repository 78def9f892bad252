package org.fablab.gateway.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.fablab.gateway.access.BalanceCheck;
import org.fablab.gateway.access.Training;
import org.fablab.gateway.access.TrainingCategory;
import org.fablab.gateway.access.TrainingValidity;
import org.fablab.gateway.domain.MemberRecord;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.port.JobLease;
import org.fablab.gateway.service.AccessService;
import org.fablab.protocol.AclSnapshot;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.CredentialId;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.OfflinePolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two gateway instances on one PostgreSQL schema change who may use the laser at about the same moment, each rebuilding
 * the ACLs for its own change, with a broker that takes each publication after a random delay of up to 100 ms.
 * Whatever the interleaving, the ACL the broker retains at the end is the one the final facts give, and a rebuild that
 * waits on another's lock gets it once that one ends.
 */
class PostgresAclRebuildRaceIT {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Principal MANAGER = new Principal("fabmanager", Role.FABMANAGER, null, "Fab Manager");
    private static final int ROUNDS = 25;

    @RegisterExtension
    final InstancesOnOneSchema instances = new InstancesOnOneSchema(Instant.now(), PARIS);
    /** The retained ACL of each node; a publication replaces it when the broker takes it. */
    private final Map<String, List<AclSnapshot.Entry>> retained = new ConcurrentHashMap<>();
    private final AtomicLong publications = new AtomicLong();

    @BeforeEach
    void laserNodeAndBob() {
        JdbcLabDirectory directory = new JdbcLabDirectory(instances.dataSource(), instances.clock());
        directory.upsert(new NodeRecord("laser-1", "laser-1", Ed25519Keys.encode(Ed25519Keys.generate().getPublic()),
                OfflinePolicy.FAIL_CLOSED, Duration.ofMinutes(15)));
        directory.upsert(new MemberRecord("m-bob", "Bob", true));
    }

    private AccessService instance() {
        Database pool = instances.pool();
        return instances.closedAfter(new AccessService(new JdbcAccessStore(pool.dataSource()),
                new JdbcLabDirectory(pool.dataSource(), instances.clock()), new CredentialHasher(new byte[16]),
                instances.clock(), PARIS, (node, entries) -> {
                    sleepQuietly(ThreadLocalRandom.current().nextInt(100));
                    retained.put(node.id(), entries);
                    publications.incrementAndGet();
                }, BalanceCheck.NONE, JobLease.SOLE, new JdbcPublishedAcls(pool)));
    }

    @Test
    void changesOnTwoInstancesAtOnce_leaveTheBrokerWithTheAclOfTheFinalFacts() throws Exception {
        AccessService a = instance();
        AccessService b = instance();
        a.createTraining(MANAGER, new Training("laser-safety", "Laser safety", TrainingCategory.SAFETY,
                Set.of("laser-cutter"), new TrainingValidity.Forever()));
        a.enroll(MANAGER, "m-alice", CredentialId.of("mifare-uid", "04A1B2C3D4E5F6"), Optional.empty());
        b.enroll(MANAGER, "m-bob", CredentialId.of("mifare-uid", "04B1B2C3D4E5F6"), Optional.empty());
        a.publishAllNow();

        ExecutorService managers = Executors.newFixedThreadPool(2);
        try {
            Toggle alice = new Toggle(a, "m-alice");
            Toggle bob = new Toggle(b, "m-bob");
            CyclicBarrier together = new CyclicBarrier(2);
            for (int round = 0; round < ROUNDS; round++) {
                Future<?> onA = managers.submit(() -> alice.toggleAfter(together));
                Future<?> onB = managers.submit(() -> bob.toggleAfter(together));
                onA.get(30, TimeUnit.SECONDS);
                onB.get(30, TimeUnit.SECONDS);
                Set<String> certified = new TreeSet<>();
                alice.ifCertified(certified);
                bob.ifCertified(certified);
                int finished = round;
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(onLaser())
                        .as("round %d: the retained ACL names those certified now", finished).isEqualTo(certified));
            }
        } finally {
            managers.shutdownNow();
        }
        assertThat(publications.get()).as("a publication per change at most: none of an ACL the broker already has")
                .isBetween((long) ROUNDS, 2L * ROUNDS + 1);
    }

    @Test
    void aRebuildWaitsWhileAnotherInstanceRebuilds_andRunsOnceItEnds() throws Exception {
        JdbcPublishedAcls here = new JdbcPublishedAcls(instances.pool());
        JdbcPublishedAcls other = new JdbcPublishedAcls(instances.pool());
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<Long> first = threads.submit(() -> here.exclusively(() -> {
                holding.countDown();
                sleepUntil(release);
                return System.nanoTime();
            }));
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Long> second = threads.submit(() -> other.exclusively(System::nanoTime));
            Thread.sleep(500);
            assertThat(second).as("waiting on the other instance's rebuild").isNotDone();

            release.countDown();
            assertThat(second.get(10, TimeUnit.SECONDS)).isGreaterThan(first.get(10, TimeUnit.SECONDS));
        } finally {
            threads.shutdownNow();
        }
    }

    private Set<String> onLaser() {
        return retained.getOrDefault("laser-1", List.of()).stream().map(AclSnapshot.Entry::memberId)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** One member's laser safety, granted and revoked in turn through one instance. */
    private static final class Toggle {
        private final AccessService access;
        private final String member;
        private Optional<String> certification = Optional.empty();

        Toggle(AccessService access, String member) {
            this.access = access;
            this.member = member;
        }

        Void toggleAfter(CyclicBarrier together) throws Exception {
            together.await(10, TimeUnit.SECONDS);
            sleepQuietly(ThreadLocalRandom.current().nextInt(20));
            if (certification.isPresent()) {
                access.revoke(MANAGER, member, certification.get(), "race test");
                certification = Optional.empty();
            } else {
                certification = Optional.of(access.grant(MANAGER, member, "laser-safety", Optional.empty(),
                        Optional.empty()).id());
            }
            return null;
        }

        void ifCertified(Set<String> certified) {
            certification.ifPresent(id -> certified.add(member));
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepUntil(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
