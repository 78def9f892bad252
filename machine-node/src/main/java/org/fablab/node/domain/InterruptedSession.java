package org.fablab.node.domain;

import java.time.Instant;
import org.fablab.protocol.Names;

/**
 * A session that was open when the node last stopped, as persisted at its start and at each
 * {@code session.progress}. Durations are whole seconds from {@code startedAt}; energy in watt-hours.
 */
public record InterruptedSession(String sessionId, Instant startedAt, long wallSeconds, long activeSeconds,
                                 double energyWh) {
    public InterruptedSession {
        Names.requireText("sessionId", sessionId);
        Names.require("startedAt", startedAt);
        if (wallSeconds < 0 || activeSeconds < 0 || activeSeconds > wallSeconds) {
            throw new IllegalArgumentException("need 0 <= activeSeconds <= wallSeconds, was "
                    + activeSeconds + " and " + wallSeconds);
        }
    }

    /** The last point the session is known to have reached. */
    public Instant lastKnownAt() {
        return startedAt.plusSeconds(wallSeconds);
    }
}
