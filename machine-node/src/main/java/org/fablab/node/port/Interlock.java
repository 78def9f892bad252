package org.fablab.node.port;

import org.fablab.node.domain.InterlockEffect;

/**
 * A safety input (lid closed, fume extractor running, chiller OK, e-stop released). Thread-safe.
 */
public interface Interlock extends AutoCloseable {

    /** Short name for events and logs, e.g. {@code lid}. */
    String name();

    /** What the interlock opening does. */
    InterlockEffect effect();

    /** True while the input reads safe. */
    boolean isClosed();

    /**
     * Calls {@code listener} from the implementation's own thread whenever the input changes; the listener
     * must return quickly and read {@link #isClosed()} itself. Called once, before any change matters.
     */
    void onChange(Runnable listener);

    /** Releases the input; idempotent. */
    @Override
    void close();
}
