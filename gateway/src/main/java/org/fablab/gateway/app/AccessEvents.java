package org.fablab.gateway.app;

import java.util.Optional;
import org.fablab.gateway.domain.SessionRecord;
import org.fablab.gateway.ingest.IngestListener;
import org.fablab.gateway.service.AccessService;
import org.fablab.protocol.NodeEvent;

/** Hands stored badge reads and session starts to enrollment and peer training. */
final class AccessEvents implements IngestListener {
    private final AccessService access;

    AccessEvents(AccessService access) {
        this.access = access;
    }

    @Override
    public void onStored(NodeEvent event, Optional<SessionRecord> session) {
        access.onNodeEvent(event);
    }
}
