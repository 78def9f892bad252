package org.fablab.gateway.adapter.mqtt;

import java.time.Clock;
import org.fablab.gateway.port.BrokerAccounts;
import org.fablab.gateway.port.BrokerUserStore;
import org.fablab.gateway.port.PasswordHasher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BrokerAccounts} on the embedded broker: the stored node users ({@link BrokerUserStore}, kept across restarts)
 * and the live {@link BrokerSecurity} change together, then the node's open connection is dropped, so the change
 * bites at once.
 */
public final class EmbeddedBrokerAccounts implements BrokerAccounts {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBrokerAccounts.class);

    private final BrokerUserStore store;
    private final BrokerSecurity security;
    private final EmbeddedBroker broker;
    private final PasswordHasher hasher;
    private final Clock clock;

    public EmbeddedBrokerAccounts(BrokerUserStore store, BrokerSecurity security, EmbeddedBroker broker,
                                  PasswordHasher hasher, Clock clock) {
        this.store = store;
        this.security = security;
        this.broker = broker;
        this.hasher = hasher;
        this.clock = clock;
    }

    @Override
    public synchronized void grantNode(String nodeId, char[] password) {
        security.requireNodeName(nodeId);
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("the broker password of node " + nodeId + " is empty");
        }
        String clear = new String(password);
        String hash = hasher.hash(clear);
        store.put(nodeId, hash, clock.instant());
        security.put(nodeId, hash, clear);
        broker.dropClient(nodeId);
        LOG.info("broker user granted [node: {}]", nodeId);
    }

    /**
     * Makes, or replaces, the user that partner lab {@code partner}'s bridge logs in with, as
     * {@link DynsecBrokerAccounts#grantBridge} does on Mosquitto: bound to the bridge's client id, with
     * {@link org.fablab.provision.BrokerRules#bridge}'s rights. It lives in this process only and is gone at the next start: for a bridge
     * that runs in the gateway's process, as the two-lab demo's does, and grants it again each time.
     */
    public synchronized void grantBridge(String partner, String username, char[] password) {
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("the broker password of the bridge from " + partner + " is empty");
        }
        security.putBridge(partner, username, new String(password));
        broker.dropClient(username);
        LOG.info("broker user granted [bridge from: {}, user: {}]", partner, username);
    }

    @Override
    public synchronized void revokeNode(String nodeId) {
        store.delete(nodeId);
        security.remove(nodeId);
        broker.dropClient(nodeId);
        LOG.info("broker user revoked [node: {}]", nodeId);
    }
}
