package org.fablab.gateway.app;

import java.util.Optional;
import org.fablab.gateway.domain.SessionRecord;
import org.fablab.gateway.ingest.IngestListener;
import org.fablab.gateway.service.ChargingEngine;
import org.fablab.protocol.EventData;
import org.fablab.protocol.NodeEvent;

/** Asks billing to charge once a session ended or a node recorded a consumable. */
final class BillingEvents implements IngestListener {
    private final ChargingEngine billing;

    BillingEvents(ChargingEngine billing) {
        this.billing = billing;
    }

    @Override
    public void onStored(NodeEvent event, Optional<SessionRecord> session) {
        if (event.data() instanceof EventData.SessionEnded || event.data() instanceof EventData.ConsumableRecorded) {
            billing.chargeSoon();
        }
    }
}
