package org.fablab.gateway.domain.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Slows password guessing: after {@code maxPerUsername} failed logins for one username, or
 * {@code maxPerAddress} from one client address (higher: a lab's members often share one address behind
 * its router), within {@code window}, further attempts are refused until enough failures have left the
 * window. A success clears the username's failures, not the address's. The rule only: the failures are
 * kept by the caller (in the database, so that every gateway instance counts the same ones).
 */
public final class LoginThrottle {
    private final int maxPerUsername;
    private final int maxPerAddress;
    private final Duration window;

    public LoginThrottle(int maxPerUsername, int maxPerAddress, Duration window) {
        if (maxPerUsername < 1 || maxPerAddress < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the limits must be at least 1 and the window positive");
        }
        this.maxPerUsername = maxPerUsername;
        this.maxPerAddress = maxPerAddress;
        this.window = window;
    }

    /** Failures at or before this instant no longer count at {@code now}. */
    public Instant forgottenUpTo(Instant now) {
        return now.minus(window);
    }

    /**
     * How long the caller must wait before trying again, or empty when they may try now.
     *
     * @param usernameFailures the username's failures after {@link #forgottenUpTo}, in any order
     * @param addressFailures  the address's failures after {@link #forgottenUpTo}, in any order
     */
    public Optional<Duration> waitBeforeAttempt(List<Instant> usernameFailures, List<Instant> addressFailures,
                                                Instant now) {
        return Stream.of(blockedUntil(usernameFailures, maxPerUsername, now),
                        blockedUntil(addressFailures, maxPerAddress, now))
                .flatMap(Optional::stream)
                .max(Comparator.naturalOrder())
                .map(until -> Duration.between(now, until));
    }

    /** Username keys ignore case, as logins do. */
    public static String usernameKey(String username) {
        return "user:" + username.toLowerCase(Locale.ROOT);
    }

    public static String addressKey(String address) {
        return "address:" + address;
    }

    /**
     * Blocked until so many failures have left the window that fewer than {@code maxFailures} remain: attempts at
     * once on several instances may all fail past the limit, and each of them counts.
     */
    private Optional<Instant> blockedUntil(List<Instant> failures, int maxFailures, Instant now) {
        List<Instant> recent = failures.stream().filter(at -> at.plus(window).isAfter(now)).sorted().toList();
        if (recent.size() < maxFailures) {
            return Optional.empty();
        }
        return Optional.of(recent.get(recent.size() - maxFailures).plus(window));
    }
}
