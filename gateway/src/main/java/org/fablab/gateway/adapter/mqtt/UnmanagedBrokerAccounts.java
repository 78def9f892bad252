package org.fablab.gateway.adapter.mqtt;

import org.fablab.gateway.port.BrokerAccounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BrokerAccounts} for an external broker that the gateway does not administer ({@code mqtt.brokerAdmin: none}):
 * changes a node needs are the installer's to make on the broker, and each one is logged as a warning saying so.
 */
public final class UnmanagedBrokerAccounts implements BrokerAccounts {
    private static final Logger LOG = LoggerFactory.getLogger(UnmanagedBrokerAccounts.class);

    @Override
    public void grantNode(String nodeId, char[] password) {
        LOG.warn("the broker's users are not administered by the gateway (mqtt.brokerAdmin: none): create or change "
                + "broker user {} (client id {}) on the broker yourself [node: {}]", nodeId, nodeId, nodeId);
    }

    @Override
    public void revokeNode(String nodeId) {
        LOG.warn("the broker's users are not administered by the gateway (mqtt.brokerAdmin: none): delete broker user "
                + "{} on the broker yourself and drop its connection [node: {}]", nodeId, nodeId);
    }
}
