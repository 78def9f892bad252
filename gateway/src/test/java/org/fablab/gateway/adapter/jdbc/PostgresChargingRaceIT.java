package org.fablab.gateway.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fablab.gateway.billing.BlockRate;
import org.fablab.gateway.billing.ChainCheck;
import org.fablab.gateway.billing.PriceList;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.service.BillingServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two gateway instances on one PostgreSQL database catching up at the same moment, as two instances that each stored
 * one node event do: every ended session is charged once.
 */
class PostgresChargingRaceIT {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Principal TREASURER = new Principal("treasurer", Role.TREASURER, null, "Treasurer");
    private static final int SESSIONS = 60;
    /** A one-hour laser session: the session fee and four 15-minute blocks. */
    private static final long SESSION_CENTS = 100 + 4 * 200;

    @RegisterExtension
    final InstancesOnOneSchema instances = new InstancesOnOneSchema(NOW, PARIS);

    private void insertEndedSession(String sessionId) throws SQLException {
        EndedSessions.insert(instances.dataSource(), sessionId, NOW);
    }

    @Test
    void twoInstancesCatchingUpAtOnce_chargeEverySessionOnce() throws Exception {
        BillingServices first = instances.billing();
        BillingServices second = instances.billing();
        first.tariffs().savePriceList(TREASURER, PriceList.forKind("laser-cutter").wall(new BlockRate(15, 200))
                .sessionFeeCents(100).vatBasisPoints(2000).build());
        for (int i = 0; i < SESSIONS; i++) {
            insertEndedSession("s-" + i);
        }
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> runs = List.of(first, second).stream().map(billing -> threads.submit(() -> {
                go.await();
                return billing.charging().catchUp();
            })).toList();
            go.countDown();
            for (Future<Integer> run : runs) {
                run.get();
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(new JdbcLedgerStore(instances.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC)).owedByMember())
                .isEqualTo(Map.of("m-alice", SESSIONS * SESSION_CENTS));
        assertThat(instances.chainCheck()).isInstanceOf(ChainCheck.Verified.class);
        assertThat(second.charging().catchUp() + first.charging().catchUp()).as("nothing left").isZero();
    }
}
