package org.fablab.gateway.domain.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final LoginThrottle throttle = new LoginThrottle(3, 5, Duration.ofMinutes(15));

    @Test
    void fewerFailuresThanTheLimit_letTheNextAttemptThrough() {
        assertThat(throttle.waitBeforeAttempt(ago(2, 1), List.of(), NOW)).isEmpty();
    }

    @Test
    void theLimitReachedForAUsername_blocksUntilTheOldestFailureLeavesTheWindow() {
        assertThat(throttle.waitBeforeAttempt(ago(5, 0, 0), List.of(), NOW)).hasValue(Duration.ofMinutes(10));
        assertThat(throttle.waitBeforeAttempt(ago(5, 0, 0), List.of(), NOW.plus(Duration.ofMinutes(10)))).isEmpty();
    }

    @Test
    void theLimitReachedForAnAddress_blocksToo() {
        assertThat(throttle.waitBeforeAttempt(List.of(), ago(0, 0, 0, 0, 0), NOW)).hasValue(Duration.ofMinutes(15));
        assertThat(throttle.waitBeforeAttempt(List.of(), ago(0, 0, 0, 0), NOW)).isEmpty();
    }

    @Test
    void failuresPastTheLimit_blockUntilFewerThanTheLimitRemain() {
        assertThat(throttle.waitBeforeAttempt(ago(9, 6, 3, 1), List.of(), NOW)).hasValue(Duration.ofMinutes(9));
    }

    @Test
    void failuresOutsideTheWindow_doNotCount() {
        assertThat(throttle.waitBeforeAttempt(ago(15, 1, 0), List.of(), NOW)).isEmpty();
        assertThat(throttle.forgottenUpTo(NOW)).isEqualTo(NOW.minus(Duration.ofMinutes(15)));
    }

    @Test
    void theLongerWaitOfTheTwoKeys_isTheAnswer() {
        assertThat(throttle.waitBeforeAttempt(ago(10, 0, 0), ago(1, 0, 0, 0, 0), NOW)).hasValue(Duration.ofMinutes(14));
    }

    @Test
    void usernameKeys_ignoreCase() {
        assertThat(LoginThrottle.usernameKey("Alice")).isEqualTo(LoginThrottle.usernameKey("alice"));
    }

    private static List<Instant> ago(int... minutes) {
        return Arrays.stream(minutes).mapToObj(m -> NOW.minus(Duration.ofMinutes(m))).toList();
    }
}
