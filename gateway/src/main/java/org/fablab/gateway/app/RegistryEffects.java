package org.fablab.gateway.app;

import java.util.List;
import org.fablab.gateway.adapter.mqtt.PahoGatewayLink;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.gateway.port.LabDirectory;
import org.fablab.gateway.service.AccessService;
import org.fablab.gateway.service.NodeRegistry;
import org.fablab.protocol.Channel;
import org.fablab.protocol.Topic;

/**
 * Makes a registry change live in this gateway: ingestion's keys first (a retired key is refused from the next
 * message on), then the board, then the ACLs; and empties a retired node's retained topics through the gateway's link.
 */
final class RegistryEffects implements NodeRegistry.Effects {
    private final String lab;
    private final LabDirectory directory;
    private final NodeKeyRing keyRing;
    private final BoardPublisher board;
    private final AccessService access;
    private final PahoGatewayLink link;

    RegistryEffects(String lab, LabDirectory directory, NodeKeyRing keyRing, BoardPublisher board, AccessService access,
                    PahoGatewayLink link) {
        this.lab = lab;
        this.directory = directory;
        this.keyRing = keyRing;
        this.board = board;
        this.access = access;
        this.link = link;
    }

    @Override
    public void reload(boolean waitForAcls) {
        List<NodeRecord> nodes = directory.nodes();
        keyRing.replace(nodes);
        board.reconfigure(directory.machines(), nodes);
        // accessChanged also drops the facts live decisions cache, which name each node's machine
        access.accessChanged();
        if (waitForAcls) {
            access.rebuildNow();
        }
    }

    @Override
    public void clearRetained(String nodeId) throws Exception {
        link.publish(Topic.of(lab, nodeId, Channel.ACL), new byte[0]);
        link.publish(Topic.of(lab, nodeId, Channel.STATUS), new byte[0]);
    }
}
