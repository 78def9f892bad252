package org.fablab.protocol;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The signed list of credentials that may use one node's machine, published retained so the node can
 * decide offline. {@code version} grows with every snapshot the gateway makes for this node; a node
 * keeps the snapshot it has when a newer-looking one fails verification.
 *
 * @param policy       what the node does when the gateway is unreachable
 * @param maxStaleness how long after {@code ts} the snapshot may be used under that policy
 */
public record AclSnapshot(int v, String lab, String node, Instant ts, long version, OfflinePolicy policy,
                          Duration maxStaleness, List<Entry> entries) implements Message {
    public AclSnapshot {
        Message.checkHeader(v, lab, node, ts);
        Names.requireNonNegative("version", version);
        Names.require("policy", policy);
        Names.require("maxStaleness", maxStaleness);
        if (maxStaleness.isNegative()) {
            throw new IllegalArgumentException("maxStaleness must not be negative");
        }
        entries = List.copyOf(Names.require("entries", entries));
    }

    /**
     * One credential allowed on the machine.
     *
     * @param trainer true when the member may certify others on this machine ("train" mode)
     */
    public record Entry(String credentialHash, String memberId, String memberName, boolean trainer) {
        public Entry {
            new CredentialRef("any", credentialHash, false);
            Names.requireText("memberId", memberId);
            Names.requireText("memberName", memberName);
        }
    }

    @Override
    public Channel channel() {
        return Channel.ACL;
    }
}
