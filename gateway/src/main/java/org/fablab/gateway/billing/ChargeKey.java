package org.fablab.gateway.billing;

import java.time.YearMonth;
import org.fablab.protocol.Names;

/**
 * Idempotence keys of charges: pricing the same cause twice gives the same key, and the store makes the key unique,
 * so re-ingesting a session's events never creates a second charge. Keys are also the ledger entries' cause.
 */
public final class ChargeKey {
    private ChargeKey() {
    }

    /** {@code session:<session id>}. */
    public static String session(String sessionId) {
        return "session:" + Names.requireText("sessionId", sessionId);
    }

    /**
     * {@code session:<node id>:<session id>}: the key of a stored session, whose id is unique per node only. The node
     * pairs it as {@code <node id>:<session id>} for {@link #session(String)} too.
     */
    public static String session(String nodeId, String sessionId) {
        return session(storedSession(nodeId, sessionId));
    }

    /** {@code <node id>:<session id>}: a stored session's id across nodes, as pricing names it. */
    public static String storedSession(String nodeId, String sessionId) {
        return Names.requireText("nodeId", nodeId) + ":" + Names.requireText("sessionId", sessionId);
    }

    /** {@code consumable:<record id>}. */
    public static String consumable(String recordId) {
        return "consumable:" + Names.requireText("recordId", recordId);
    }

    /** {@code visit:<partner>:<receipt id>}: a partner lab's receipt for one of our members' visits. */
    public static String visit(String partnerId, String receiptId) {
        return "visit:" + Names.requireText("partnerId", partnerId) + ":" + Names.requireText("receiptId", receiptId);
    }

    /** {@code plan-fee:<member id>:<yyyy-MM>}. */
    public static String planFee(String memberId, YearMonth month) {
        return "plan-fee:" + Names.requireText("memberId", memberId) + ":" + Names.require("month", month);
    }

    /** {@code reversal:<sequence>}: the cause of the correction that reverses ledger entry {@code sequence}. */
    public static String reversal(long sequence) {
        return "reversal:" + sequence;
    }
}
