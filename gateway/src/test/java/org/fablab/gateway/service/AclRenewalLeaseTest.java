package org.fablab.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.fablab.gateway.access.BalanceCheck;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcAccessStore;
import org.fablab.gateway.adapter.jdbc.JdbcLabDirectory;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.gateway.port.JobLease;
import org.fablab.gateway.port.ManualClock;
import org.fablab.gateway.port.ManualScheduler;
import org.fablab.gateway.port.PublishedAcls;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.OfflinePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ACL renewals run only on the gateway instance holding the job lease; changes are published by any instance. */
class AclRenewalLeaseTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path folder;

    @Test
    void renewalsWaitForTheLease_andStartWithinTheRetryOnceItIsTaken() {
        ManualClock clock = new ManualClock(T0);
        ManualScheduler scheduler = new ManualScheduler(clock);
        AtomicBoolean holding = new AtomicBoolean();
        JobLease lease = new JobLease() {
            @Override
            public boolean held() {
                return holding.get();
            }

            @Override
            public void close() {
                holding.set(false);
            }
        };
        AtomicInteger published = new AtomicInteger();
        try (Database database = Database.open("jdbc:sqlite:" + folder.resolve("gateway.db"), "", "", 2)) {
            JdbcLabDirectory directory = new JdbcLabDirectory(database.dataSource(), clock);
            directory.upsert(new MachineRecord("laser-1", "Laser cutter", "laser-cutter"));
            directory.upsert(new NodeRecord("laser-1", "laser-1", Ed25519Keys.encode(Ed25519Keys.generate().getPublic()),
                    OfflinePolicy.FAIL_CLOSED, Duration.ofMinutes(15)));
            try (AccessService access = new AccessService(new JdbcAccessStore(database.dataSource()), directory,
                    new CredentialHasher(new byte[16]), clock, ZoneId.of("Europe/Paris"),
                    (node, entries) -> published.incrementAndGet(), BalanceCheck.NONE, lease, PublishedAcls.inProcess(),
                    scheduler, 1)) {
                access.rebuildNow();
                assertThat(published).as("a rebuild, lease or not").hasValue(1);

                scheduler.advance(Duration.ofHours(1));
                assertThat(published).as("no renewal without the lease").hasValue(1);

                holding.set(true);
                scheduler.advance(AccessService.PUBLISH_RETRY);
                assertThat(published).as("renewed once the lease is held").hasValue(2);

                scheduler.advance(Duration.ofHours(1));
                assertThat(published.get()).as("every maxStaleness / 3 or a little earlier").isBetween(14, 17);
            }
        }
    }
}
