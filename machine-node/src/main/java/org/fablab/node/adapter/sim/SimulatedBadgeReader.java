package org.fablab.node.adapter.sim;

import org.fablab.node.port.BadgeReader;
import org.fablab.node.port.RawBadge;

/**
 * A reader driven by code: the demo and tests "present" badges. Reads are delivered on the caller's
 * thread; reads before {@link #start} or after {@link #close} are dropped. Thread-safe.
 */
public final class SimulatedBadgeReader implements BadgeReader {
    private volatile Listener listener;

    @Override
    public void start(Listener listener) {
        this.listener = listener;
    }

    /** Presents an unauthenticated badge, as a plain UID reader would read it. */
    public void present(String type, String rawId) {
        present(new RawBadge(type, rawId, false));
    }

    public void present(RawBadge badge) {
        Listener current = listener;
        if (current != null) {
            current.presented(badge);
        }
    }

    /** The badge leaves the reader (badge-out on card-slot readers). */
    public void remove(String type, String rawId) {
        Listener current = listener;
        if (current != null) {
            current.removed(new RawBadge(type, rawId, false));
        }
    }

    @Override
    public void close() {
        listener = null;
    }
}
