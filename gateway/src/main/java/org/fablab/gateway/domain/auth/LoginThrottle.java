package org.fablab.gateway.domain.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Slows password guessing: after {@code maxPerUsername} failed logins for one username, or
 * {@code maxPerAddress} from one client address (higher: a lab's members often share one address behind
 * its router), within {@code window}, further attempts are refused until the oldest failure leaves the
 * window. A success clears the username's failures, not the address's. Thread-safe; kept in memory
 * (a restart forgets it, which only helps someone who can restart the gateway anyway).
 */
public final class LoginThrottle {
    private final Clock clock;
    private final int maxPerUsername;
    private final int maxPerAddress;
    private final Duration window;
    private final Map<String, Deque<Instant>> failures = new HashMap<>();

    public LoginThrottle(Clock clock, int maxPerUsername, int maxPerAddress, Duration window) {
        if (maxPerUsername < 1 || maxPerAddress < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the limits must be at least 1 and the window positive");
        }
        this.clock = clock;
        this.maxPerUsername = maxPerUsername;
        this.maxPerAddress = maxPerAddress;
        this.window = window;
    }

    /** How long the caller must wait before trying again, or empty when they may try now. */
    public synchronized Optional<Duration> waitBeforeAttempt(String username, String address) {
        Instant now = clock.instant();
        return Stream.of(blockedUntil(userKey(username), maxPerUsername, now),
                        blockedUntil(addressKey(address), maxPerAddress, now))
                .flatMap(Optional::stream)
                .max(Comparator.naturalOrder())
                .map(until -> Duration.between(now, until));
    }

    public synchronized void failed(String username, String address) {
        Instant now = clock.instant();
        record(userKey(username), now);
        record(addressKey(address), now);
    }

    public synchronized void succeeded(String username) {
        failures.remove(userKey(username));
    }

    private Optional<Instant> blockedUntil(String key, int maxFailures, Instant now) {
        Deque<Instant> recent = prune(key, now);
        if (recent.size() < maxFailures) {
            return Optional.empty();
        }
        return Optional.of(recent.peekFirst().plus(window));
    }

    private void record(String key, Instant now) {
        Deque<Instant> recent = prune(key, now);
        recent.addLast(now);
        failures.put(key, recent);
    }

    /** The failures of {@code key} still inside the window; keys without any are forgotten. */
    private Deque<Instant> prune(String key, Instant now) {
        Deque<Instant> recent = failures.getOrDefault(key, new ArrayDeque<>());
        while (!recent.isEmpty() && !recent.peekFirst().plus(window).isAfter(now)) {
            recent.removeFirst();
        }
        if (recent.isEmpty()) {
            failures.remove(key);
        }
        return recent;
    }

    private static String userKey(String username) {
        return "user:" + username.toLowerCase(Locale.ROOT);
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
