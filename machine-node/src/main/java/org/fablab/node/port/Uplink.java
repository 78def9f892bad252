package org.fablab.node.port;

import org.fablab.protocol.AclSnapshot;
import org.fablab.protocol.AuthRequest;
import org.fablab.protocol.AuthResponse;
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

        /** A correctly signed, fresh {@code auth/response} for this node; the listener matches its {@code reqId}. */
        void authAnswered(AuthResponse response);

        /** A message on one of the node's topics failed verification and was dropped. */
        void inboundRejected();
    }

    void start(Listener listener);

    /** Publishes outbox entries not yet in flight; a no-op while disconnected. */
    void flush();

    /** Republishes the retained status, e.g. after a machine state change; a no-op while disconnected. */
    void publishStatus(NodeStatus status);

    boolean isConnected();

    /**
     * Publishes a signed {@code auth/request} (QoS 1, not retained, not through the outbox: a live question is
     * worth nothing once its answer's timeout has passed). Never blocks on the network.
     *
     * @return false when not connected or the client refused it; the caller then decides from its cached ACL
     */
    boolean requestAuth(AuthRequest request);

    /** Waits up to the given time for the outbox to drain, publishes the offline status, disconnects. */
    @Override
    void close();
}
