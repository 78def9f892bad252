package org.fablab.node.port;

import java.util.Optional;

/** The relay or SSR that powers the machine. Implementations must be thread-safe and idempotent. */
public interface PowerSwitch {
    void setOn(boolean on);

    /** The last state set. */
    boolean isOn();

    /**
     * What the relay's feedback contact reads (true = powered), where one is wired; empty otherwise.
     * The node compares it with {@link #isOn()} and raises {@code fault} on a lasting mismatch.
     */
    default Optional<Boolean> sensedOn() {
        return Optional.empty();
    }
}
