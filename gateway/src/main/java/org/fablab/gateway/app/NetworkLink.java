package org.fablab.gateway.app;

import org.fablab.gateway.ingest.IngestPipeline;
import org.fablab.gateway.port.Scheduler;
import org.fablab.gateway.service.NetworkService;
import org.fablab.gateway.service.NetworkSettlements;
import org.fablab.gateway.service.VisitReceipts;
import org.fablab.protocol.Inbound;
import org.fablab.protocol.network.NetworkInbound;
import org.fablab.protocol.network.NetworkVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the partner labs' messages from the MQTT link and verifies each on the network worker: a refused one goes to
 * the security log through the ingestion pipeline, like a refused node message (node empty, the topic names the lab);
 * an accepted one is handed to the network service and acknowledged to the broker only once kept, so a crash before
 * that gets it redelivered.
 */
final class NetworkLink {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkLink.class);

    private final NetworkVerifier verifier;
    private final NetworkService network;
    private final VisitReceipts receipts;
    private final NetworkSettlements settlements;
    private final IngestPipeline pipeline;
    private final Scheduler worker;

    NetworkLink(NetworkVerifier verifier, NetworkService network, VisitReceipts receipts,
                NetworkSettlements settlements, IngestPipeline pipeline, Scheduler worker) {
        this.verifier = verifier;
        this.network = network;
        this.receipts = receipts;
        this.settlements = settlements;
        this.pipeline = pipeline;
        this.worker = worker;
    }

    /**
     * On the MQTT callback thread: hands the message to the network worker, which verifies it (the partner's key is
     * read from the database) and keeps or refuses it, so the callback thread never waits on the database.
     */
    void arrived(IngestPipeline.Message message) {
        worker.execute(() -> handle(message));
    }

    private void handle(IngestPipeline.Message message) {
        NetworkInbound verdict = verifier.verify(message.topic(), message.payload());
        if (verdict instanceof NetworkInbound.Rejected rejected) {
            LOG.warn("message from a partner lab refused [topic: {}, reason: {}]: {}", rejected.topic(),
                    rejected.reason().wire(), rejected.detail());
            try {
                pipeline.refuse(message, new Inbound.Rejected(rejected.reason(), rejected.detail(), rejected.topic(),
                        null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        NetworkInbound.Accepted accepted = (NetworkInbound.Accepted) verdict;
        try {
            if (!receipts.received(accepted) && !settlements.received(accepted)) {
                network.received(accepted);
            }
            message.ack().run();
        } catch (RuntimeException e) {
            LOG.error("message from {} not kept; the broker redelivers it after a reconnect: {}",
                    accepted.topic().from(), e.getMessage());
        }
    }
}
