package org.fablab.gateway.app;

import java.util.Optional;
import org.fablab.gateway.domain.SessionRecord;
import org.fablab.gateway.ingest.IngestListener;
import org.fablab.gateway.service.NodeRegistry;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.NodeStatus;

/** Tells the registry when each node was last heard from and which software its status names. */
final class RegistryEvents implements IngestListener {
    private final NodeRegistry registry;

    RegistryEvents(NodeRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onStatus(NodeStatus status) {
        registry.seen(status.node(), status.ts(), status.software());
    }

    @Override
    public void onStored(NodeEvent event, Optional<SessionRecord> session) {
        registry.seen(event.node(), event.ts(), null);
    }
}
