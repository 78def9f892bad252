package org.fablab.protocol.network;

import org.fablab.protocol.Rejection;

/** The outcome of verifying one message from a partner lab. */
public sealed interface NetworkInbound {

    /** Signed by the partner's gateway key, well-formed, addressed to this lab. {@code body} is the signed JSON. */
    record Accepted(NetworkTopic topic, NetworkMessage message, String body) implements NetworkInbound {
    }

    /** Refused, with a human-readable {@code detail}; {@code from} is known when the topic parsed. */
    record Rejected(Rejection reason, String detail, String topic, String from) implements NetworkInbound {
    }
}
