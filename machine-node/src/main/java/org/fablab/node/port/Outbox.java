package org.fablab.node.port;

import java.util.List;
import java.util.function.LongFunction;
import org.fablab.protocol.NodeEvent;

/**
 * The node's durable outbox (docs/protocol.md §10.1): events are numbered and stored before any network
 * action, and removed only once the broker acknowledged them. Thread-safe.
 */
public interface Outbox {

    /** A signed event ready to publish on its events topic. */
    record Entry(long seq, String id, String topic, byte[] payload) {
        public Entry {
            if (seq < 1) {
                throw new IllegalArgumentException("seq must be >= 1, was " + seq);
            }
            payload = payload.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }
    }

    /** What {@link #append} stores: the event and its signed MQTT payload. */
    record Sealed(NodeEvent event, byte[] payload) {
        public Sealed {
            if (event == null || payload == null) {
                throw new IllegalArgumentException("event and payload are required");
            }
            payload = payload.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }
    }

    /**
     * Allocates the next {@code seq} (strictly increasing, never reused, across restarts), lets
     * {@code seal} build and sign the event with it, and stores it durably before returning.
     */
    Entry append(LongFunction<Sealed> seal);

    /**
     * Allocates the next {@code seq} for a message that is not an event (an {@code auth/request}), from the same
     * durable counter, without storing anything else. The counter may be reserved ahead on disk, so this need not
     * wait for a write.
     */
    long nextSeq();

    /** Up to {@code limit} stored entries, lowest {@code seq} first. */
    List<Entry> pending(int limit);

    /** Forgets an acknowledged entry; removing an absent one does nothing. */
    void remove(long seq);
}
