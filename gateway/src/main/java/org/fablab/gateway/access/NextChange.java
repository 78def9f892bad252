package org.fablab.gateway.access;

import java.time.Instant;
import java.util.Optional;

/** The next instant something changes by itself (an expiry, an opening boundary), where one is known. Pure. */
public final class NextChange {
    private NextChange() {
    }

    /** The earlier of two next changes; empty when neither is known. */
    public static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.filter(x -> x.isBefore(a.get())).or(() -> a);
    }
}
