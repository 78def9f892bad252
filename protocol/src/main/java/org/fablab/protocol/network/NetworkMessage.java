package org.fablab.protocol.network;

import java.time.Instant;
import org.fablab.protocol.Message;
import org.fablab.protocol.Names;

/**
 * A message between partner labs' gateways. Like a node message it carries the contract version {@code v} and the
 * sender's UTC {@code ts}; instead of {@code lab} and {@code node} it names the sending lab {@code from} and the
 * receiving lab {@code to}, which must match its topic. Signed with the sending gateway's Ed25519 key, in the same
 * envelope as the node channels.
 */
public sealed interface NetworkMessage permits VisitorPasses, UsageReceipt, ReceiptAck, SettlementStatement {
    int v();

    String from();

    String to();

    Instant ts();

    NetworkChannel channel();

    default NetworkTopic topic() {
        return NetworkTopic.of(from(), to(), channel());
    }

    static void checkHeader(int v, String from, String to, Instant ts) {
        if (v != Message.VERSION) {
            throw new IllegalArgumentException("v " + v + " is not supported (this side speaks " + Message.VERSION + ")");
        }
        Names.requireId("from", from);
        Names.requireId("to", to);
        Names.require("ts", ts);
    }
}
