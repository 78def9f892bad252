package org.fablab.gateway.app;

import java.util.List;
import java.util.Optional;
import org.fablab.gateway.domain.SecurityEvent;
import org.fablab.gateway.domain.SessionRecord;
import org.fablab.gateway.ingest.IngestListener;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.NodeStatus;

/** Tells several listeners, in order, what ingestion stored. */
final class IngestFanout implements IngestListener {
    private final List<IngestListener> listeners;

    IngestFanout(List<IngestListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void onStatus(NodeStatus status) {
        listeners.forEach(l -> l.onStatus(status));
    }

    @Override
    public void onStored(NodeEvent event, Optional<SessionRecord> session) {
        listeners.forEach(l -> l.onStored(event, session));
    }

    @Override
    public void onRejected(SecurityEvent event) {
        listeners.forEach(l -> l.onRejected(event));
    }
}
