package org.fablab.gateway.port;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Broker users in memory: the last password granted to each node. */
public final class RecordingBrokerAccounts implements BrokerAccounts {
    private final Map<String, String> passwords = new ConcurrentHashMap<>();

    @Override
    public void grantNode(String nodeId, char[] password) {
        passwords.put(nodeId, new String(password));
    }

    @Override
    public void revokeNode(String nodeId) {
        passwords.remove(nodeId);
    }

    public Map<String, String> passwords() {
        return Map.copyOf(passwords);
    }
}
