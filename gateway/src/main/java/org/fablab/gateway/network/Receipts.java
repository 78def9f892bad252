package org.fablab.gateway.network;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HexFormat;
import org.fablab.gateway.port.VisitStore;
import org.fablab.protocol.Json;
import org.fablab.protocol.Message;
import org.fablab.protocol.network.UsageReceipt;

/** Usage receipts as the host makes them, and the hash both labs take of a receipt's body. Pure. */
public final class Receipts {
    private Receipts() {
    }

    /**
     * The receipt of a visit charged to a partner's network account. Its month is that of the charge's ledger date
     * (a charge dated into the first open month when its own was closed falls in that month), or for a free visit,
     * which has no entry, the month the visit ended in the lab's zone.
     */
    public static UsageReceipt of(String ownLab, VisitStore.ChargedVisit visit, String currency, ZoneId zone,
                                  Instant now) {
        YearMonth month = visit.entryDate().map(YearMonth::from)
                .orElseGet(() -> YearMonth.from(visit.end().atZone(zone)));
        return new UsageReceipt(Message.VERSION, ownLab, visit.partnerId(), now, visit.cause(),
                Visitor.homeIdOf(visit.visitorId()), visit.machineKind(), visit.start(), visit.end(),
                visit.wallSeconds(), Math.min(visit.busySeconds(), visit.wallSeconds()), visit.amountCents(), currency,
                month.toString());
    }

    /**
     * The JSON a message is signed and sent as (a receipt's is kept and sent the same every time), or a statement
     * compared as: records serialise their fields in declaration order, without spaces.
     */
    public static String body(Object message) {
        try {
            return Json.mapper().writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("network messages always serialise", e);
        }
    }

    /** Hex SHA-256 of a body's UTF-8 bytes: a receipt's identity in acknowledgements and settlements. */
    public static String hash(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
