package org.fablab.gateway.app;

import java.util.List;
import org.fablab.gateway.adapter.mqtt.PahoGatewayLink;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.gateway.port.ChangeFeed;
import org.fablab.gateway.port.LabDirectory;
import org.fablab.gateway.port.Scheduler;
import org.fablab.gateway.service.AccessService;
import org.fablab.gateway.service.NodeRegistry;
import org.fablab.protocol.Channel;
import org.fablab.protocol.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a registry change live in this gateway: ingestion's keys first (a retired key is refused from the next
 * message on), then the board, then the ACLs; and empties a retired node's retained topics through the gateway's link.
 *
 * <p>The other gateway instances on the database are told of each change and redo what each process holds: the key
 * ring, the board and the access facts of live decisions, read again from the directory on {@code worker} (also after
 * missed changes). What is global stays with the instance that made the change: it rebuilds and publishes the ACLs
 * and empties retained topics, once.
 */
final class RegistryEffects implements NodeRegistry.Effects {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryEffects.class);

    private final String lab;
    private final LabDirectory directory;
    private final NodeKeyRing keyRing;
    private final BoardPublisher board;
    private final AccessService access;
    private final PahoGatewayLink link;
    private final ChangeFeed feed;
    private final Scheduler worker;

    RegistryEffects(String lab, LabDirectory directory, NodeKeyRing keyRing, BoardPublisher board, AccessService access,
                    PahoGatewayLink link, ChangeFeed feed, Scheduler worker) {
        this.lab = lab;
        this.directory = directory;
        this.keyRing = keyRing;
        this.board = board;
        this.access = access;
        this.link = link;
        this.feed = feed;
        this.worker = worker;
    }

    @Override
    public void reload(boolean waitForAcls) {
        // told first: the others' reload does not wait for this instance's ACL rebuild
        feed.publish(new ChangeFeed.RegistryChanged());
        reloadHere();
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

    /** Applies a registry change another instance made, or any it may have made unseen; never blocks (feed's thread). */
    void changedElsewhere(ChangeFeed.Change change) {
        if (change instanceof ChangeFeed.RegistryChanged || change instanceof ChangeFeed.Resync) {
            worker.execute(() -> {
                try {
                    reloadHere();
                    access.directoryChangedElsewhere();
                } catch (RuntimeException e) {
                    LOG.warn("registry changed by another gateway instance not read, kept until the next change: {}",
                            e.getMessage());
                }
            });
        }
    }

    /**
     * Reads the directory and swaps it in, under this monitor: a read and its swap are not split by another's, so the
     * newest committed registry is the one that stays.
     */
    private synchronized void reloadHere() {
        List<NodeRecord> nodes = directory.nodes();
        keyRing.replace(nodes);
        board.reconfigure(directory.machines(), nodes);
    }
}
