package org.fablab.protocol.network;

import java.time.Instant;
import java.util.regex.Pattern;
import org.fablab.protocol.Names;

/**
 * What one visit cost at the host lab {@code from}, sent to the visitor's home lab {@code to}, which records it on
 * its member. Resent by the host until the home lab acknowledges it ({@link ReceiptAck}); the home lab keeps one per
 * {@code receiptId}, so a receipt received twice is recorded once. The host sends the same body every time: the
 * SHA-256 of the body is the receipt's hash, which both labs' monthly settlement statements list.
 *
 * @param receiptId   the host's id of the visit, unique at the host
 * @param visitorId   the member's id at the home lab, as their pass named them
 * @param machineKind the host's kind of the machine used, e.g. {@code laser-cutter}
 * @param wallSeconds the session's length
 * @param busySeconds the time the machine was working during it
 * @param amountCents what the host charged the home lab's network account for it, in {@code currency}
 * @param month       {@code yyyy-MM}: the month of the host's ledger this visit falls in, and so of the settlement
 */
public record UsageReceipt(int v, String from, String to, Instant ts, String receiptId, String visitorId,
                           String machineKind, Instant start, Instant end, long wallSeconds, long busySeconds,
                           long amountCents, String currency, String month) implements NetworkMessage {
    /** Longest receipt id. */
    public static final int MAX_ID = 200;
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern MONTH = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");

    public UsageReceipt {
        NetworkMessage.checkHeader(v, from, to, ts);
        if (Names.requireText("receiptId", receiptId).length() > MAX_ID) {
            throw new IllegalArgumentException("receiptId is longer than " + MAX_ID + " characters");
        }
        if (Names.requireText("visitorId", visitorId).length() > VisitorPasses.MAX_TEXT) {
            throw new IllegalArgumentException("visitorId is longer than " + VisitorPasses.MAX_TEXT + " characters");
        }
        Names.requireId("machineKind", machineKind);
        Names.require("start", start);
        Names.require("end", end);
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("end " + end + " is before start " + start);
        }
        Names.requireNonNegative("wallSeconds", wallSeconds);
        Names.requireNonNegative("busySeconds", busySeconds);
        Names.requireNonNegative("amountCents", amountCents);
        if (!CURRENCY.matcher(Names.requireText("currency", currency)).matches()) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code, was '" + currency + "'");
        }
        if (!MONTH.matcher(Names.requireText("month", month)).matches()) {
            throw new IllegalArgumentException("month must be yyyy-MM, was '" + month + "'");
        }
    }

    @Override
    public NetworkChannel channel() {
        return NetworkChannel.RECEIPTS;
    }
}
