package org.fablab.gateway.app;

import org.fablab.gateway.port.BrokerAccounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TEMPORARY, until broker users are managed ({@link BrokerAccounts} on both brokers): grants nothing and says so. The
 * broker accounts replace this class and its uses in {@link Gateway} and {@link ProvisionNodeCommand}.
 */
final class InterimBrokerAccounts implements BrokerAccounts {
    private static final Logger LOG = LoggerFactory.getLogger(InterimBrokerAccounts.class);

    @Override
    public void grantNode(String nodeId, char[] password) {
        LOG.warn("broker users are not managed yet: the broker does not check node {}'s password", nodeId);
    }

    @Override
    public void revokeNode(String nodeId) {
        LOG.warn("broker users are not managed yet: node {} keeps its broker access", nodeId);
    }
}
