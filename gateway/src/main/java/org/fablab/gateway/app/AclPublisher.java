package org.fablab.gateway.app;

import java.time.Clock;
import java.time.Instant;
import org.fablab.gateway.adapter.mqtt.PahoGatewayLink;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.gateway.port.LabDirectory;
import org.fablab.protocol.AclSnapshot;
import org.fablab.protocol.Message;
import org.fablab.protocol.Signer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds each node's ACL snapshot from the directory, signs it and publishes it retained. The
 * snapshot version is the issue time in epoch milliseconds, so it grows without stored state.
 * Blocking: call from a worker thread.
 */
final class AclPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(AclPublisher.class);

    private final String lab;
    private final LabDirectory directory;
    private final Signer signer;
    private final PahoGatewayLink link;
    private final Clock clock;

    AclPublisher(String lab, LabDirectory directory, Signer signer, PahoGatewayLink link, Clock clock) {
        this.lab = lab;
        this.directory = directory;
        this.signer = signer;
        this.link = link;
        this.clock = clock;
    }

    void publishAll() {
        for (NodeRecord node : directory.nodes()) {
            publish(node);
        }
    }

    void publish(NodeRecord node) {
        Instant now = clock.instant();
        AclSnapshot snapshot = new AclSnapshot(Message.VERSION, lab, node.id(), now, now.toEpochMilli(),
                node.offlinePolicy(), node.maxStaleness(), directory.aclEntries(node.id()));
        try {
            link.publish(snapshot.topic(), signer.sign(snapshot));
            LOG.info("acl published [node: {}, entries: {}, version: {}]", node.id(), snapshot.entries().size(),
                    snapshot.version());
        } catch (Exception e) {
            LOG.error("acl publish failed [node: {}]: {}", node.id(), e.getMessage());
        }
    }
}
