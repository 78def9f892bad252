package org.fablab.gateway.ingest;

import java.util.Optional;
import org.fablab.gateway.domain.SecurityEvent;
import org.fablab.gateway.domain.SessionRecord;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.NodeStatus;

/**
 * Told about what ingestion did, after it is durable. Called from the ingestion thread: implementations
 * must be quick and must not block (hand work to an event loop or queue).
 */
public interface IngestListener {
    /** A node's status changed; most listeners have nothing to do with it. */
    default void onStatus(NodeStatus status) {
    }

    /** A new event was stored; {@code session} is the session it touched, as it now stands. */
    void onStored(NodeEvent event, Optional<SessionRecord> session);

    /** A message was refused and logged as a security event; most listeners have nothing to do with it. */
    default void onRejected(SecurityEvent event) {
    }
}
