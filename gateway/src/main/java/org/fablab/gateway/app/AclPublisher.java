package org.fablab.gateway.app;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.fablab.gateway.adapter.mqtt.PahoGatewayLink;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.gateway.service.AccessService;
import org.fablab.protocol.AclSnapshot;
import org.fablab.protocol.Message;
import org.fablab.protocol.Signer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs a node's ACL entries as a snapshot and publishes it retained. The snapshot version is the issue
 * time in epoch milliseconds, so it grows without stored state. Blocking: call from a worker thread.
 */
final class AclPublisher implements AccessService.AclSink {
    private static final Logger LOG = LoggerFactory.getLogger(AclPublisher.class);

    private final String lab;
    private final Signer signer;
    private final PahoGatewayLink link;
    private final Clock clock;

    AclPublisher(String lab, Signer signer, PahoGatewayLink link, Clock clock) {
        this.lab = lab;
        this.signer = signer;
        this.link = link;
        this.clock = clock;
    }

    @Override
    public void publish(NodeRecord node, List<AclSnapshot.Entry> entries) {
        Instant now = clock.instant();
        AclSnapshot snapshot = new AclSnapshot(Message.VERSION, lab, node.id(), now, now.toEpochMilli(),
                node.offlinePolicy(), node.maxStaleness(), entries);
        try {
            link.publish(snapshot.topic(), signer.sign(snapshot));
            LOG.info("acl published [node: {}, entries: {}, version: {}]", node.id(), snapshot.entries().size(),
                    snapshot.version());
        } catch (Exception e) {
            LOG.error("acl publish failed [node: {}]: {}", node.id(), e.getMessage());
        }
    }
}
