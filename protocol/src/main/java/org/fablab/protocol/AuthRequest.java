package org.fablab.protocol;

import java.time.Instant;

/** A node asks the gateway for a live decision on a badge; the reply carries the same {@code reqId}. */
public record AuthRequest(int v, String lab, String node, Instant ts, long seq, String id, String reqId,
                          CredentialRef credential) implements Message, NodeOriginated {
    public AuthRequest {
        Message.checkHeader(v, lab, node, ts);
        NodeOriginated.check(seq, id);
        Names.requireText("reqId", reqId);
        Names.require("credential", credential);
    }

    @Override
    public Channel channel() {
        return Channel.AUTH_REQUEST;
    }
}
