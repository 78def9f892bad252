package org.fablab.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcFailureLog;
import org.fablab.gateway.domain.TestClock;
import org.fablab.gateway.domain.auth.LoginThrottle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The throttle over failures kept in the database (SQLite here; {@code MultiInstanceApiIT} on PostgreSQL). */
class AttemptThrottleTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-11-23T10:00:00Z"));
    @TempDir
    Path folder;
    private Database database;
    private AttemptThrottle throttle;

    @BeforeEach
    void open() {
        database = Database.open("jdbc:sqlite:" + folder.resolve("throttle.db"), null, null, 2);
        throttle = throttle("login");
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void theLimitReachedForAUsername_blocksItFromEveryAddressWhateverItsCase() {
        throttle.failed("alice", "10.0.0.1");
        clock.advance(Duration.ofMinutes(5));
        throttle.failed("Alice", "10.0.0.2");
        throttle.failed("alice", "10.0.0.3");

        assertThat(throttle.waitBeforeAttempt("ALICE", "10.0.0.9")).hasValue(Duration.ofMinutes(10));
        assertThat(throttle.waitBeforeAttempt("bruno", "10.0.0.9")).isEmpty();
        clock.advance(Duration.ofMinutes(10));
        assertThat(throttle.waitBeforeAttempt("alice", "10.0.0.9")).isEmpty();
    }

    @Test
    void aSuccess_clearsTheUsernamesFailuresButNotTheAddresss() {
        for (String user : new String[] {"alice", "alice", "alice", "bob", "carol"}) {
            throttle.failed(user, "10.0.0.1");
        }
        throttle.succeeded("alice");

        assertThat(throttle.waitBeforeAttempt("alice", "10.0.0.2")).isEmpty();
        assertThat(throttle.waitBeforeAttempt("dave", "10.0.0.1")).isPresent();
    }

    @Test
    void scopes_countApart() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("alice", "10.0.0.1");
        }

        assertThat(throttle("reset").waitBeforeAttempt("alice", "10.0.0.1")).isEmpty();
    }

    @Test
    void failuresOutOfTheWindow_areDeletedWhenTheScopeRecordsAnother() {
        throttle.failed("alice", "10.0.0.1");
        throttle("reset").failed("alice", "10.0.0.1");
        clock.advance(Duration.ofMinutes(16));
        throttle.failed("bruno", "10.0.0.2");

        JdbcFailureLog log = new JdbcFailureLog(database.dataSource());
        assertThat(log.failuresAfter("login", LoginThrottle.usernameKey("alice"), Instant.EPOCH)).isEmpty();
        assertThat(log.failuresAfter("reset", LoginThrottle.usernameKey("alice"), Instant.EPOCH)).hasSize(1);
    }

    private AttemptThrottle throttle(String scope) {
        return new AttemptThrottle(new JdbcFailureLog(database.dataSource()), scope,
                new LoginThrottle(3, 5, Duration.ofMinutes(15)), clock);
    }
}
