package org.fablab.gateway.port;

import java.time.Instant;
import java.util.Map;

/** The node users of the embedded broker as stored: node id to password hash. Blocking; thread-safe. */
public interface BrokerUserStore {
    /** Every node user: node id to its password hash. */
    Map<String, String> all();

    /** Creates the node's user or replaces its password hash. */
    void put(String nodeId, String passwordHash, Instant at);

    /** Deletes the node's user; a no-op for an unknown node. */
    void delete(String nodeId);
}
