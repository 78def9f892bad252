package org.fablab.node.port;

/**
 * A badge reader. Implementations call the listener from their own thread; the listener must return
 * quickly (the node hands each read to its single processing thread).
 */
public interface BadgeReader extends AutoCloseable {

    /** Receives reads. {@link #removed} is only called by readers that can see a card leave (card slots). */
    interface Listener {
        void presented(RawBadge badge);

        default void removed(RawBadge badge) {
        }
    }

    /** Starts delivering reads to {@code listener}; called once. */
    void start(Listener listener);

    /** Stops delivering reads; idempotent. */
    @Override
    void close();
}
