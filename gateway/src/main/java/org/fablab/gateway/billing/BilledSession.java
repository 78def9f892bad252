package org.fablab.gateway.billing;

import java.time.Duration;
import java.time.Instant;
import org.fablab.protocol.Names;

/**
 * A finished session as metered by the node.
 *
 * @param start inclusive
 * @param end   exclusive, after {@code start} and at most {@link #LONGEST} later
 * @param busy  active time within the session, at most its wall time; its distribution inside the session is not
 *              known, so pricing takes it as spread evenly over the wall time
 */
public record BilledSession(String sessionId, String memberId, String machineKind, Instant start, Instant end,
                            Duration busy) {
    /** Longer sessions are refused as bad data. */
    public static final Duration LONGEST = Duration.ofDays(31);

    public BilledSession {
        Names.requireText("sessionId", sessionId);
        Names.requireText("memberId", memberId);
        Names.requireText("machineKind", machineKind);
        Names.require("start", start);
        Names.require("end", end);
        Names.require("busy", busy);
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("end " + end + " must be after start " + start);
        }
        Duration wall = Duration.between(start, end);
        if (wall.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("session " + sessionId + " lasts " + wall + ", over " + LONGEST);
        }
        if (busy.isNegative() || busy.compareTo(wall) > 0) {
            throw new IllegalArgumentException("busy " + busy + " must be within 0.." + wall);
        }
    }

    public Duration wall() {
        return Duration.between(start, end);
    }
}
