package org.fablab.protocol;

import java.time.Instant;

/**
 * Every message of the contract carries the contract version {@code v}, the {@code lab} and
 * {@code node} it concerns, and the sender's UTC timestamp {@code ts}. Each message type lives on
 * exactly one {@link Channel}.
 */
public sealed interface Message permits NodeStatus, NodeEvent, AuthRequest, AuthResponse, AclSnapshot, Command {
    /** The only contract version this code speaks. */
    int VERSION = 1;

    int v();

    String lab();

    String node();

    Instant ts();

    Channel channel();

    /** The topic this message belongs on. */
    default Topic topic() {
        return Topic.of(lab(), node(), channel());
    }

    static void checkHeader(int v, String lab, String node, Instant ts) {
        if (v != VERSION) {
            throw new IllegalArgumentException("v " + v + " is not supported (this side speaks " + VERSION + ")");
        }
        Names.requireId("lab", lab);
        Names.requireId("node", node);
        Names.require("ts", ts);
    }
}
