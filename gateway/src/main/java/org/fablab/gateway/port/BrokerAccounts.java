package org.fablab.gateway.port;

/**
 * The broker users of the nodes, on whichever broker the lab runs: each node has its own user, named after the node,
 * allowed on its own topics only. A change takes effect at once, without restarting the broker. Blocking; thread-safe.
 */
public interface BrokerAccounts {
    /** Creates the node's broker user, or replaces its password; the node's open connection, if any, is dropped. */
    void grantNode(String nodeId, char[] password);

    /** Deletes the node's broker user and drops its connection; a no-op for an unknown node. */
    void revokeNode(String nodeId);
}
