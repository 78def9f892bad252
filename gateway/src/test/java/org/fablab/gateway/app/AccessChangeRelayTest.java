package org.fablab.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.fablab.gateway.access.BalanceCheck;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcAccessStore;
import org.fablab.gateway.adapter.jdbc.JdbcAclVersions;
import org.fablab.gateway.adapter.jdbc.JdbcLabDirectory;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.gateway.port.JobLease;
import org.fablab.gateway.port.ManualClock;
import org.fablab.gateway.port.ManualScheduler;
import org.fablab.gateway.port.PublishedAcls;
import org.fablab.gateway.service.AccessService;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.OfflinePolicy;
import org.fablab.protocol.Signer;
import org.fablab.protocol.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Billing's balance signal during the gateway's start, before the access service it reaches exists: kept, then
 * published once wired; never lost, never thrown at the billing thread.
 */
class AccessChangeRelayTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path folder;

    @Test
    void aChangeSignalledFromBillingsThreadBeforeTheAccessServiceExists_isPublishedOnceWired() throws Exception {
        AccessChangeRelay relay = new AccessChangeRelay();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread billing = new Thread(relay, "fablab-billing");
        billing.setUncaughtExceptionHandler((thread, e) -> thrown.set(e));
        billing.start();
        billing.join();
        assertThat(thrown.get()).as("what the billing thread met").isNull();

        List<Topic> published = new CopyOnWriteArrayList<>();
        ManualClock clock = new ManualClock(T0);
        try (Database database = Database.open("jdbc:sqlite:" + folder.resolve("gateway.db"), "", "", 2)) {
            JdbcLabDirectory directory = new JdbcLabDirectory(database.dataSource(), clock);
            directory.upsert(new MachineRecord("laser-1", "Laser cutter", "laser-cutter"));
            directory.upsert(new NodeRecord("laser-1", "laser-1",
                    Ed25519Keys.encode(Ed25519Keys.generate().getPublic()), OfflinePolicy.FAIL_CLOSED,
                    Duration.ofMinutes(15)));
            AclPublisher acls = new AclPublisher("demo-lab", new Signer(Ed25519Keys.generate().getPrivate()),
                    (topic, payload) -> published.add(topic), new JdbcAclVersions(database), clock);
            try (AccessService access = new AccessService(new JdbcAccessStore(database.dataSource()), directory,
                    new CredentialHasher(new byte[16]), clock, ZoneId.of("Europe/Paris"), acls, BalanceCheck.NONE,
                    JobLease.SOLE, PublishedAcls.inProcess(), new ManualScheduler(clock), 1)) {
                assertThat(published).as("before wiring").isEmpty();

                relay.wire(access::accessChanged);
            }
        }

        assertThat(published).extracting(Topic::toString).containsExactly("fablab/v1/demo-lab/nodes/laser-1/acl");
    }

    @Test
    void onceWired_everySignalIsForwarded() {
        AccessChangeRelay relay = new AccessChangeRelay();
        AtomicInteger forwarded = new AtomicInteger();
        relay.wire(forwarded::incrementAndGet);

        relay.run();
        relay.run();

        assertThat(forwarded).hasValue(2);
    }

    @Test
    void withoutASignal_wiringForwardsNothing() {
        AccessChangeRelay relay = new AccessChangeRelay();
        AtomicInteger forwarded = new AtomicInteger();

        relay.wire(forwarded::incrementAndGet);

        assertThat(forwarded).hasValue(0);
    }

    /** Whatever the interleaving, a signal given while the relay is wired reaches the access service. */
    @Test
    void aSignalRacingTheWiring_isNeverLost() throws Exception {
        for (int round = 0; round < 2_000; round++) {
            AccessChangeRelay relay = new AccessChangeRelay();
            AtomicInteger forwarded = new AtomicInteger();
            CyclicBarrier together = new CyclicBarrier(2);
            Thread billing = new Thread(() -> {
                awaitQuietly(together);
                relay.run();
            }, "fablab-billing");
            billing.start();
            awaitQuietly(together);
            relay.wire(forwarded::incrementAndGet);
            billing.join();

            assertThat(forwarded.get()).as("round %d", round).isEqualTo(1);
        }
    }

    private static void awaitQuietly(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
