package org.fablab.gateway.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fablab.gateway.port.JobLease;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The job lease of gateway instances sharing one PostgreSQL database. */
class PostgresJobLeaseIT {
    private final PostgresSchema schema = new PostgresSchema();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private Database database;

    @BeforeEach
    void open() {
        database = schema.open();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable resource : opened) {
            resource.close();
        }
        database.close();
        schema.drop();
    }

    private JobLease lease() {
        JobLease lease = database.jobLease();
        opened.add(lease);
        return lease;
    }

    @Test
    void twoInstances_exactlyOneHolds_andKeepsHolding() {
        JobLease first = lease();
        JobLease second = lease();

        assertThat(List.of(first.held(), second.held(), first.held(), second.held()))
                .containsExactly(true, false, true, false);
    }

    @Test
    void aHolderThatGivesUp_isTakenOverByTheOther() {
        JobLease first = lease();
        JobLease second = lease();
        assertThat(first.held()).isTrue();

        first.close();

        assertThat(second.held()).isTrue();
        assertThat(first.held()).isFalse();
    }

    @Test
    void aHolderWhoseConnectionDies_isTakenOverWithinSeconds_andThenNoLongerHolds() throws Exception {
        List<Connection> holderConnections = new ArrayList<>();
        AdvisoryLease holder = new AdvisoryLease(() -> {
            Connection connection = DriverManager.getConnection(schema.url());
            holderConnections.add(connection);
            return connection;
        });
        opened.add(holder);
        JobLease other = lease();
        assertThat(holder.held()).isTrue();
        assertThat(other.held()).isFalse();

        holderConnections.get(0).close();

        await().atMost(Duration.ofSeconds(10)).until(other::held);
        assertThat(holder.held()).isFalse();
    }

    @Test
    void leasesOfOtherSchemas_doNotShareTheLock() {
        PostgresSchema otherLab = new PostgresSchema();
        try (Database other = otherLab.open(); JobLease otherLease = other.jobLease()) {
            assertThat(lease().held()).isTrue();
            assertThat(otherLease.held()).isTrue();
        } finally {
            otherLab.drop();
        }
    }
}
