package org.fablab.gateway.port;

import java.time.Instant;
import java.util.List;

/**
 * The refused attempts the throttles count, by scope (which throttle: logins, reset requests, enrollments) and key (a
 * username, an e-mail address or a client address). Kept in the database so that every gateway instance on it counts
 * the same attempts. Blocking (a database round trip): call it from a worker thread. Thread-safe.
 */
public interface FailureLog {

    /** The failures of {@code key} in {@code scope} after {@code after}. */
    List<Instant> failuresAfter(String scope, String key, Instant after);

    /**
     * Records one failure at {@code at} for each of {@code keys} in {@code scope}, and forgets the scope's failures at or
     * before {@code forget}.
     */
    void record(String scope, List<String> keys, Instant at, Instant forget);

    /** Forgets every failure of {@code key} in {@code scope}. */
    void clear(String scope, String key);
}
