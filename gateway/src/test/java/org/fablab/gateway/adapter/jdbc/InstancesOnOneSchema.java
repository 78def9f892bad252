package org.fablab.gateway.adapter.jdbc;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.sql.DataSource;
import org.fablab.gateway.billing.ChainCheck;
import org.fablab.gateway.billing.Issuer;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.MemberRecord;
import org.fablab.gateway.port.ChangeFeed;
import org.fablab.gateway.port.JobLease;
import org.fablab.gateway.service.BillingServices;
import org.fablab.gateway.service.LedgerAudit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gateway instances of one lab on one {@link PostgresSchema}, as behind a load balancer: the schema holds a member,
 * m-alice, and a laser cutter, laser-1; each instance has a pool of its own and a clock stopped at {@code now}.
 * Registered as an extension, it opens the schema before each test and, after it, ends what the instances opened and
 * drops the schema.
 */
final class InstancesOnOneSchema implements BeforeEachCallback, AfterEachCallback {
    private final PostgresSchema schema = new PostgresSchema();
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private final Clock clock;
    private final ZoneId zone;
    private Database database;

    InstancesOnOneSchema(Instant now, ZoneId zone) {
        this.clock = Clock.fixed(now, ZoneOffset.UTC);
        this.zone = zone;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        database = schema.open();
        JdbcLabDirectory directory = new JdbcLabDirectory(database.dataSource(), clock);
        directory.upsert(new MemberRecord("m-alice", "Alice", true));
        directory.upsert(new MachineRecord("laser-1", "Laser", "laser-cutter"));
    }

    /** The instances' clock, stopped at the {@code now} given. */
    Clock clock() {
        return clock;
    }

    /** {@code resource}, closed after the test before the pools, in the reverse order of opening. */
    <T extends AutoCloseable> T closedAfter(T resource) {
        opened.push(resource);
        return resource;
    }

    /** The pool the schema was opened with, to set up and check what the instances share. */
    DataSource dataSource() {
        return database.dataSource();
    }

    /** The ledger's hash chain and closings, checked as an auditor does. */
    ChainCheck chainCheck() {
        return new LedgerAudit(new JdbcLedgerStore(dataSource(), clock), new JdbcPeriodStore(dataSource())).verify();
    }

    /** A pool of one more instance. */
    Database pool() {
        return closedAfter(schema.connect());
    }

    /** The billing of one more instance, started on a pool of its own. */
    BillingServices billing() {
        return closedAfter(BillingServices.start(JdbcBillingStores.over(pool().dataSource(), clock, zone), clock,
                zone, "EUR", new Issuer("Test lab", "", "", ""), () -> { }, JobLease.SOLE, ChangeFeed.SOLE));
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        while (!opened.isEmpty()) {
            opened.pop().close();
        }
        database.close();
        schema.drop();
    }
}
