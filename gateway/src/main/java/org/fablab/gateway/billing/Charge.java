package org.fablab.gateway.billing;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.fablab.protocol.Names;

/**
 * What a member owes for one cause: a session, a consumable record or a plan fee. A charge may have no line (a free
 * session); then nothing is written to the ledger.
 *
 * @param key   the idempotence key, see {@link ChargeKey}; the store keeps at most one charge per key
 * @param usage per local day, the plan time consumed and the capped machine cents charged, for the next
 *              {@link MemberTerms}
 */
public record Charge(String key, String memberId, List<ChargeLine> lines, List<DayUsage> usage) {
    public Charge {
        Names.requireText("key", key);
        Names.requireText("memberId", memberId);
        lines = List.copyOf(Names.require("lines", lines));
        usage = List.copyOf(Names.require("usage", usage));
    }

    /**
     * One day's consumption by a session.
     *
     * @param day          local date in the lab zone
     * @param planTime     included plan time used that day
     * @param cappedCents  machine-time cents charged that day (what counts toward the daily cap)
     */
    public record DayUsage(LocalDate day, Duration planTime, long cappedCents) {
        public DayUsage {
            Names.require("day", day);
            Names.require("planTime", planTime);
            Names.requireNonNegative("cappedCents", cappedCents);
        }
    }

    public long totalCents() {
        return lines.stream().mapToLong(ChargeLine::amountCents).reduce(0, Math::addExact);
    }

    /**
     * The ledger drafts of this charge: one {@link LedgerKind#CHARGE} entry per line, in line order, each citing
     * this charge's key as its cause.
     *
     * @param date the accounting date (the store uses the local date at which the session ended or the record was
     *             made)
     */
    public List<LedgerDraft> toLedger(LocalDate date, String currency) {
        return toLedger(date, currency, memberId);
    }

    /**
     * The ledger drafts of this charge written on {@code account} instead of the member's: a partner lab's visitor
     * is priced as themself (their daily cap, their usage) and charged to their home lab's network account.
     */
    public List<LedgerDraft> toLedger(LocalDate date, String currency, String account) {
        List<LedgerDraft> drafts = new ArrayList<>();
        for (ChargeLine line : lines) {
            String label = line.what() + ": " + line.quantity() + " × " + line.unit();
            drafts.add(new LedgerDraft(date, account, LedgerKind.CHARGE, line.amountCents(), currency, key, label,
                    line.vatBasisPoints()));
        }
        return drafts;
    }
}
