package org.fablab.gateway.port;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.network.VisitCharge;
import org.fablab.protocol.network.ReceiptAck;

/**
 * Usage receipts between partner labs: those we issue as host for visits charged to a partner's network account, and
 * those partners send us for our members' visits. Each is kept once by its partner and receipt id, and never changed
 * but for the host's sending and acknowledgement times. Blocking; thread-safe.
 */
public interface VisitStore {

    /**
     * A visit charged to a partner's network account that no receipt covers yet.
     *
     * @param cause       the charge's cause, {@code session:{node}:{session}}, which is also the receipt's id
     * @param visitorId   the visitor's member id here, {@code {partner}:{their id}}
     * @param amountCents what the ledger holds for the cause (0 for a free visit)
     * @param entryDate   the ledger date of its entries; empty for a free visit, which has none
     */
    record ChargedVisit(String cause, String partnerId, String visitorId, String machineKind, Instant start,
                        Instant end, long wallSeconds, long busySeconds, long amountCents,
                        Optional<LocalDate> entryDate) {
    }

    /**
     * A receipt we issued; {@code body} is the exact JSON signed each time it is sent, {@code hash} its SHA-256.
     *
     * @param sends how many times it was sent
     */
    record IssuedReceipt(String partnerId, String receiptId, String month, long amountCents, String currency,
                         long wallSeconds, String body, String hash, Instant createdAt, int sends,
                         Optional<Instant> ackedAt) {
    }

    /** A partner's receipt for one of our members' visits, as recorded, with what we did with it. */
    record RecordedReceipt(String partnerId, String receiptId, String memberId, String month, long amountCents,
                           String currency, long wallSeconds, String machineKind, Instant start, Instant end,
                           String body, String hash, VisitCharge.Treatment treatment, Instant recordedAt) {
    }

    /**
     * Where a month's settlement with a partner stands: the hash of the statement we last sent, and the partner's own
     * statement (canonical JSON) as last received.
     */
    record SettlementState(Optional<String> sentHash, Optional<Instant> sentAt, Optional<String> theirStatement,
                           Optional<String> theirHash, Optional<Instant> receivedAt) {
        public static final SettlementState NONE = new SettlementState(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Oldest charge first. */
    List<ChargedVisit> visitsWithoutReceipt(int limit);

    /** Keeps {@code receipt} unless one with its partner and id is kept already (another instance made it first). */
    void issue(IssuedReceipt receipt);

    /**
     * Receipts to a partner we still have that are not acknowledged yet and were never sent or are due again at
     * {@code now}; oldest first.
     */
    List<IssuedReceipt> due(Instant now, int limit);

    /** Counts a sending of the receipt, made {@code at}, and makes it due again at {@code nextAt}. */
    void markSent(String partnerId, String receiptId, Instant at, Instant nextAt);

    /**
     * Marks as acknowledged those of the partner's receipts whose hash is the one given.
     *
     * @return the receipt ids acknowledged with another hash than ours, which stay unacknowledged
     */
    List<String> acknowledge(String partnerId, List<ReceiptAck.Recorded> recorded, Instant at);

    /** The receipt kept for a partner and id, and whether the call recorded it. */
    record Kept(RecordedReceipt receipt, boolean fresh) {
    }

    /** Records {@code receipt} unless one with its partner and id is recorded already. */
    Kept record(RecordedReceipt receipt);

    /** Whether {@code memberId} is on an active plan; empty when no member has that id. */
    Optional<Boolean> onActivePlan(String memberId);

    /** Ordered by receipt id. */
    List<IssuedReceipt> issued(String partnerId, YearMonth month);

    /** Ordered by receipt id. */
    List<RecordedReceipt> recorded(String partnerId, YearMonth month);

    /** The last month closed in our ledger; empty when none is. */
    Optional<YearMonth> closedThrough();

    /**
     * A month's settlement with a partner that may have changed since our statement of it was last built: a receipt
     * of the month issued or recorded, or the partner's statement of it kept, since then.
     *
     * @param revision what to hand back to {@link #statementChecked} or {@link #statementSent} once it is built
     * @param sentHash the hash of the statement we last sent, if any
     */
    record SettlementToCheck(String partnerId, YearMonth month, long revision, Optional<String> sentHash) {
    }

    /**
     * The settlements of months up to {@code through} with labs that are still partners that changed since they were
     * last checked; ordered by month and partner. Issuing or recording a receipt and keeping a partner's statement
     * mark their month as changed in the same transaction, so a month built while one of those commits comes back.
     */
    List<SettlementToCheck> settlementsToCheck(YearMonth through);

    SettlementState settlement(String partnerId, YearMonth month);

    /**
     * Whether we hold a receipt of the month either way with the lab, or its statement of the month; still true once
     * the lab is no longer a partner.
     */
    boolean holdsSettlement(String partnerId, YearMonth month);

    /** Our statement built at {@code revision} is the one we last sent: nothing to send until the month changes. */
    void statementChecked(String partnerId, YearMonth month, long revision);

    /**
     * Our statement built at {@code revision}, with hash {@code hash}, was sent {@code at}. When another check of a
     * revision as recent or later ended first (two instances), the month is marked as changed, so that the statement
     * the partner received last is checked against the receipts again.
     */
    void statementSent(String partnerId, YearMonth month, String hash, Instant at, long revision);

    void statementReceived(String partnerId, YearMonth month, String statement, String hash, Instant at);

    /** Appends an audit entry that goes with no other write: an export of a settlement. */
    void audit(AuditEntry entry);
}
