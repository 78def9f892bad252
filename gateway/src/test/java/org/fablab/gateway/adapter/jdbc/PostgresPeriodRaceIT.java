package org.fablab.gateway.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.fablab.gateway.billing.BlockRate;
import org.fablab.gateway.billing.ChainCheck;
import org.fablab.gateway.billing.LedgerDraft;
import org.fablab.gateway.billing.LedgerKind;
import org.fablab.gateway.billing.PriceList;
import org.fablab.gateway.domain.AuditAction;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.port.Conflict;
import org.fablab.gateway.port.PeriodStore.ClosedPeriod;
import org.fablab.gateway.port.PeriodStore.IssuedStatement;
import org.fablab.gateway.service.BillingServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two gateway instances on one PostgreSQL database closing the same month at the same moment, then issuing its
 * statements at the same moment, as two treasurers on two instances behind a load balancer may: the month is closed
 * once and gets one set of statements, numbered without a gap. The instance that loses a race either finds the work
 * done or is refused with the code that says so.
 */
class PostgresPeriodRaceIT {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final YearMonth OCTOBER = YearMonth.of(2026, 10);
    private static final Principal TREASURER = new Principal("treasurer", Role.TREASURER, null, "Treasurer");
    private static final int ROUNDS = 5;

    @RegisterExtension
    final InstancesOnOneSchema instances = new InstancesOnOneSchema(NOW, PARIS);

    @Test
    void twoInstancesClosingAMonthAtOnce_closeItOnce_andIssueOneSetOfStatements() throws Exception {
        BillingServices first = instances.billing();
        BillingServices second = instances.billing();
        first.tariffs().savePriceList(TREASURER, PriceList.forKind("laser-cutter").wall(new BlockRate(15, 200))
                .sessionFeeCents(100).vatBasisPoints(2000).build());
        // repeated, so that the two requests overlap in some rounds and follow each other in others
        for (int round = 0; round < ROUNDS; round++) {
            YearMonth month = OCTOBER.minusMonths(ROUNDS - 1 - round);
            EndedSessions.insert(instances.dataSource(), "s-" + round, month.atDay(15).atTime(12, 0).toInstant(ZoneOffset.UTC));

            List<ClosedPeriod> closed = race(List.of(first, second), b -> b.periods().closePeriod(TREASURER, month),
                    ErrorCode.PERIOD_CLOSED);
            List<IssuedStatement> issued = race(List.of(first, second), b -> b.periods().issueStatements(TREASURER, month),
                    ErrorCode.STATEMENTS_ISSUED).stream().flatMap(List::stream).toList();

            assertThat(first.periods().closedPeriods()).as("closures of %s", month)
                    .filteredOn(p -> p.month().equals(month)).singleElement()
                    .satisfies(p -> assertThat(closed).as("what the instances were answered").containsOnly(p));
            assertThat(count("select count(*) from audit_log where action = 'period.closed'")).as("closings audited")
                    .isEqualTo(round + 1);
            assertThat(first.periods().statements(Optional.of(month), Optional.empty()))
                    .as("statements of %s", month).singleElement()
                    .satisfies(s -> assertThat(issued).as("what the instances were answered").containsOnly(s));
        }
        assertThat(count("select count(*) from statements")).isEqualTo(ROUNDS);
        assertThat(count("select max(number_in_year) - min(number_in_year) + 1 from statements")).as("numbers without a gap")
                .isEqualTo(ROUNDS);
        assertThat(instances.chainCheck()).isInstanceOf(ChainCheck.Verified.class);
    }

    @Test
    void entriesWrittenOnOneInstanceWhileAnotherClosesTheirMonth_allLandBeforeTheClosingsHead() throws Exception {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        JdbcLedgerStore writer = new JdbcLedgerStore(instances.pool().dataSource(), clock);
        JdbcPeriodStore closer = new JdbcPeriodStore(instances.pool().dataSource());
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try {
            for (int round = 0; round < ROUNDS * 4; round++) {
                YearMonth month = OCTOBER.minusMonths(ROUNDS * 4 - 1 - round);
                int prefix = round;
                CountDownLatch firstWritten = new CountDownLatch(1);
                // entries dated in the month, back to back, until the month is closed under them
                Future<Integer> written = threads.submit(() -> {
                    for (int i = 0; ; i++) {
                        try {
                            writer.writeEntry(new LedgerDraft(month.atDay(15), "m-alice", LedgerKind.PAYMENT, -100,
                                    "EUR", "payment:" + prefix + "-" + i, "payment", 0), AuditEntry.of(NOW,
                                    "treasurer", AuditAction.LEDGER_PAYMENT, "member", "m-alice"));
                            firstWritten.countDown();
                        } catch (Conflict refused) {
                            assertThat(refused.reason().code()).isEqualTo(ErrorCode.PERIOD_CLOSED);
                            return i;
                        }
                    }
                });
                // closed while the writer is under way, at a different point of its loop in each round
                assertThat(firstWritten.await(30, TimeUnit.SECONDS)).as("a first entry written in %s", month).isTrue();
                Thread.sleep(round % 5);
                ClosedPeriod closing = closer.closePeriod(month, NOW, "treasurer", AuditEntry.of(NOW, "treasurer",
                        AuditAction.PERIOD_CLOSED, "period", month.toString()));

                assertThat(written.get()).as("entries written in %s before it closed", month).isPositive();
                assertThat(count("select count(*) from ledger_entries where entry_date <= '" + month.atEndOfMonth()
                        + "' and sequence > " + closing.ledgerSequence()))
                        .as("entries of %s or before after its closing's head", month).isZero();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * Runs {@code work} on both instances at once; returns what each answered, leaving out a refusal with
     * {@code lost}, the code of a race lost to the other.
     */
    private static <T> List<T> race(List<BillingServices> instances, Function<BillingServices, T> work, ErrorCode lost)
            throws InterruptedException, ExecutionException {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(instances.size());
        try {
            List<Future<T>> runs = new ArrayList<>();
            for (BillingServices instance : instances) {
                Callable<T> run = () -> {
                    go.await();
                    return work.apply(instance);
                };
                runs.add(threads.submit(run));
            }
            go.countDown();
            List<T> answers = new ArrayList<>();
            for (Future<T> run : runs) {
                try {
                    answers.add(run.get());
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(Conflict.class);
                    assertThat(((Conflict) e.getCause()).reason().code()).isEqualTo(lost);
                }
            }
            assertThat(answers).as("instances that did the work or found it done").isNotEmpty();
            return answers;
        } finally {
            threads.shutdownNow();
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = instances.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
