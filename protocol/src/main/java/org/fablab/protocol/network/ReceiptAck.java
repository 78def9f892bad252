package org.fablab.protocol.network;

import java.time.Instant;
import java.util.List;
import org.fablab.protocol.Names;

/**
 * The home lab {@code from} tells the host lab {@code to} that it recorded these receipts, so the host stops resending
 * them. Sent for every receipt received, a repeated one included, so an acknowledgement lost on the way is made good
 * by the next resend.
 */
public record ReceiptAck(int v, String from, String to, Instant ts, List<Recorded> receipts)
        implements NetworkMessage {
    /** Most receipts acknowledged at once. */
    public static final int MAX_RECEIPTS = 1_000;

    public ReceiptAck {
        NetworkMessage.checkHeader(v, from, to, ts);
        receipts = List.copyOf(Names.require("receipts", receipts));
        if (receipts.isEmpty() || receipts.size() > MAX_RECEIPTS) {
            throw new IllegalArgumentException("receipts holds " + receipts.size() + ", between 1 and "
                    + MAX_RECEIPTS + " expected");
        }
    }

    /**
     * @param hash hex SHA-256 of the receipt's body as the home lab recorded it
     */
    public record Recorded(String receiptId, String hash) {
        public Recorded {
            Names.requireText("receiptId", receiptId);
            if (!Names.requireText("hash", hash).matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("hash must be 64 lower-case hex digits");
            }
        }
    }

    @Override
    public NetworkChannel channel() {
        return NetworkChannel.ACKS;
    }
}
