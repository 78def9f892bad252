package org.fablab.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A node asks the gateway for a live decision on a badge; the reply carries the same {@code reqId}.
 *
 * @param credential  the badge as the node decides it: under the lab pepper, or under the network pepper when the
 *                    node's ACL holds the badge only as a partner lab's visitor (docs/network.md)
 * @param networkHash the badge hashed with the network pepper, sent by a node of a lab in a network of labs so the
 *                    gateway can recognise a visitor from a partner lab; absent otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuthRequest(int v, String lab, String node, Instant ts, long seq, String id, String reqId,
                          CredentialRef credential, String networkHash) implements Message, NodeOriginated {
    public AuthRequest {
        Message.checkHeader(v, lab, node, ts);
        NodeOriginated.check(seq, id);
        Names.requireText("reqId", reqId);
        Names.require("credential", credential);
        if (networkHash != null) {
            CredentialRef.requireHash("networkHash", networkHash);
        }
    }

    /** A request from a node whose lab is in no network: without {@code networkHash}. */
    public AuthRequest(int v, String lab, String node, Instant ts, long seq, String id, String reqId,
                       CredentialRef credential) {
        this(v, lab, node, ts, seq, id, reqId, credential, null);
    }

    @Override
    public Channel channel() {
        return Channel.AUTH_REQUEST;
    }
}
