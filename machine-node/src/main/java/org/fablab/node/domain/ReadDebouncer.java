package org.fablab.node.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * Turns a reader's stream of repeated reads into single reads. Readers such as the RDM6300 send the same
 * frame many times a second while a card stays in the field: the same id seen again less than the window
 * after it was <em>last seen</em> is the same read, so holding a card counts once however long it stays.
 * A different id, or the same id after a gap of at least the window, is a new read. Not thread-safe: each
 * reader uses its own from its reading thread.
 */
public final class ReadDebouncer {
    private final Duration window;
    private String lastId;
    private Instant lastSeen;

    /** @param window 0 lets every read through */
    public ReadDebouncer(Duration window) {
        if (window == null || window.isNegative()) {
            throw new IllegalArgumentException("window must be >= 0, was " + window);
        }
        this.window = window;
    }

    /** True when this read is new and should be delivered. */
    public boolean accept(String id, Instant at) {
        boolean repeat = id.equals(lastId) && lastSeen != null && Duration.between(lastSeen, at).compareTo(window) < 0;
        lastId = id;
        lastSeen = at;
        return !repeat;
    }
}
