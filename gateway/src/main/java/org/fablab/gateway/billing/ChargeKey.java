package org.fablab.gateway.billing;

import java.time.YearMonth;

/**
 * Idempotence keys of charges: pricing the same cause twice gives the same key, and the store makes the key unique,
 * so re-ingesting a session's events never creates a second charge. Keys are also the ledger entries' cause.
 */
public final class ChargeKey {
    private ChargeKey() {
    }

    /** {@code session:<session id>}. */
    public static String session(String sessionId) {
        return "session:" + Money.requireText("sessionId", sessionId);
    }

    /** {@code consumable:<record id>}. */
    public static String consumable(String recordId) {
        return "consumable:" + Money.requireText("recordId", recordId);
    }

    /** {@code plan-fee:<member id>:<yyyy-MM>}. */
    public static String planFee(String memberId, YearMonth month) {
        return "plan-fee:" + Money.requireText("memberId", memberId) + ":" + Money.require("month", month);
    }

    /** {@code reversal:<sequence>}: the cause of the correction that reverses ledger entry {@code sequence}. */
    public static String reversal(long sequence) {
        return "reversal:" + sequence;
    }
}
