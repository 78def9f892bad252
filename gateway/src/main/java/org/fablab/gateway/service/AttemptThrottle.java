package org.fablab.gateway.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fablab.gateway.domain.auth.LoginThrottle;
import org.fablab.gateway.port.FailureLog;

/**
 * A {@link LoginThrottle} over failures kept in the database, so that attempts spread over several gateway instances
 * count together. {@code scope} keeps the failures of one throttle (logins, reset requests, enrollments) apart from
 * the others', each forgotten after its own window. A check and the failure it precedes are not one transaction: attempts made at the same instant on
 * several instances may each pass the check, so the limit can be overrun by the attempts in flight at once (for logins
 * at most the two hashing workers of each instance); the rule counts every failure, so the wait grows accordingly.
 * Blocking: call from a worker thread.
 */
public final class AttemptThrottle {
    private final FailureLog log;
    private final String scope;
    private final LoginThrottle rule;
    private final Clock clock;

    public AttemptThrottle(FailureLog log, String scope, LoginThrottle rule, Clock clock) {
        this.log = log;
        this.scope = scope;
        this.rule = rule;
        this.clock = clock;
    }

    /** How long the caller must wait before trying again, or empty when they may try now. */
    public Optional<Duration> waitBeforeAttempt(String username, String address) {
        Instant now = clock.instant();
        Instant forgotten = rule.forgottenUpTo(now);
        return rule.waitBeforeAttempt(log.failuresAfter(scope, LoginThrottle.usernameKey(username), forgotten),
                log.failuresAfter(scope, LoginThrottle.addressKey(address), forgotten), now);
    }

    public void failed(String username, String address) {
        Instant now = clock.instant();
        log.record(scope, List.of(LoginThrottle.usernameKey(username), LoginThrottle.addressKey(address)), now,
                rule.forgottenUpTo(now));
    }

    public void succeeded(String username) {
        log.clear(scope, LoginThrottle.usernameKey(username));
    }
}
