package org.fablab.node.port;

import org.fablab.protocol.AclSnapshot;
import org.fablab.protocol.Command;
import org.fablab.protocol.NodeStatus;

/**
 * The node's link to the gateway (MQTT). It publishes the {@link Outbox} in seq order and removes
 * entries once acknowledged, keeps a retained status, and delivers verified inbound messages.
 * Connecting is asynchronous and retried; the node works offline meanwhile.
 */
public interface Uplink extends AutoCloseable {

    /** Called from the uplink's threads; implementations hand work to the node's own thread. */
    interface Listener {
        /** The online status to publish after each (re)connect. */
        NodeStatus currentStatus();

        /** A correctly signed ACL for this node; {@code payload} is the raw message to persist. */
        void aclReceived(AclSnapshot acl, NodeMemory.StoredAcl payload);

        void commandReceived(Command command);

        /** A message on one of the node's topics failed verification and was dropped. */
        void inboundRejected();
    }

    void start(Listener listener);

    /** Publishes outbox entries not yet in flight; a no-op while disconnected. */
    void flush();

    /** Republishes the retained status, e.g. after a machine state change; a no-op while disconnected. */
    void publishStatus(NodeStatus status);

    boolean isConnected();

    /** Waits up to the given time for the outbox to drain, publishes the offline status, disconnects. */
    @Override
    void close();
}
