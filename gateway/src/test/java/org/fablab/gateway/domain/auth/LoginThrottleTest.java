package org.fablab.gateway.domain.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.fablab.gateway.domain.TestClock;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock, 3, 5, Duration.ofMinutes(15));

    @Test
    void fewerFailuresThanTheLimit_letTheNextAttemptThrough() {
        throttle.failed("alice", "10.0.0.1");
        throttle.failed("alice", "10.0.0.1");

        assertThat(throttle.waitBeforeAttempt("alice", "10.0.0.1")).isEmpty();
    }

    @Test
    void theLimitReachedForAUsername_blocksItFromEveryAddressUntilTheOldestFailureLeavesTheWindow() {
        throttle.failed("alice", "10.0.0.1");
        advance(Duration.ofMinutes(5));
        throttle.failed("Alice", "10.0.0.2");
        throttle.failed("alice", "10.0.0.3");

        assertThat(throttle.waitBeforeAttempt("alice", "10.0.0.9")).hasValue(Duration.ofMinutes(10));
        assertThat(throttle.waitBeforeAttempt("bruno", "10.0.0.9")).isEmpty();
        advance(Duration.ofMinutes(10));
        assertThat(throttle.waitBeforeAttempt("alice", "10.0.0.9")).isEmpty();
    }

    @Test
    void theLimitReachedForAnAddress_blocksEveryUsernameFromIt() {
        for (String user : new String[] {"a1", "a2", "a3", "a4", "a5"}) {
            throttle.failed(user, "10.0.0.1");
        }

        assertThat(throttle.waitBeforeAttempt("bruno", "10.0.0.1")).hasValue(Duration.ofMinutes(15));
        assertThat(throttle.waitBeforeAttempt("bruno", "10.0.0.2")).isEmpty();
    }

    @Test
    void aSuccess_clearsTheUsernamesFailuresButNotTheAddresss() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("alice", "10.0.0.1");
        }
        throttle.succeeded("alice");
        throttle.failed("bob", "10.0.0.1");
        throttle.failed("carol", "10.0.0.1");

        assertThat(throttle.waitBeforeAttempt("alice", "10.0.0.2")).isEmpty();
        assertThat(throttle.waitBeforeAttempt("dave", "10.0.0.1")).isPresent();
    }

    private void advance(Duration by) {
        clock.advance(by);
    }
}
