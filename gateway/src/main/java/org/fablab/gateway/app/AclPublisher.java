package org.fablab.gateway.app;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.gateway.port.AclVersionStore;
import org.fablab.gateway.service.AccessService;
import org.fablab.protocol.AclSnapshot;
import org.fablab.protocol.Message;
import org.fablab.protocol.Signer;
import org.fablab.protocol.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs a node's ACL entries as a snapshot and publishes it retained. The snapshot version comes from the database
 * ({@link AclVersionStore}), so it grows across every gateway instance and restart. Blocking: call from a worker
 * thread.
 */
final class AclPublisher implements AccessService.AclSink {
    private static final Logger LOG = LoggerFactory.getLogger(AclPublisher.class);

    /** Where signed snapshots go: the gateway's MQTT link in production. */
    @FunctionalInterface
    interface RetainedLink {
        void publish(Topic topic, byte[] payload) throws Exception;
    }

    private final String lab;
    private final Signer signer;
    private final RetainedLink link;
    private final Clock clock;
    private final AclVersionStore versions;

    AclPublisher(String lab, Signer signer, RetainedLink link, AclVersionStore versions, Clock clock) {
        this.lab = lab;
        this.signer = signer;
        this.link = link;
        this.versions = versions;
        this.clock = clock;
    }

    @Override
    public void publish(NodeRecord node, List<AclSnapshot.Entry> entries) {
        Instant now = clock.instant();
        AclSnapshot snapshot = new AclSnapshot(Message.VERSION, lab, node.id(), now, versions.next(),
                node.offlinePolicy(), node.maxStaleness(), entries);
        try {
            link.publish(snapshot.topic(), signer.sign(snapshot));
        } catch (Exception e) {
            throw new IllegalStateException("acl publish failed: " + e.getMessage(), e);
        }
        LOG.info("acl published [node: {}, entries: {}, version: {}]", node.id(), snapshot.entries().size(),
                snapshot.version());
    }
}
