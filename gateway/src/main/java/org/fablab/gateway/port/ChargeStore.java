package org.fablab.gateway.port;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import org.fablab.gateway.billing.Charge;
import org.fablab.gateway.billing.ConsumableRecord;
import org.fablab.gateway.billing.LedgerEntry;
import org.fablab.gateway.billing.MemberGroup;
import org.fablab.gateway.billing.MemberTerms;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.network.VisitPricing;
import org.fablab.gateway.port.TariffStore.PlanRecord;

/**
 * What feeds the charging: ended sessions, consumable records and plan months not charged yet, the member facts
 * pricing needs, causes set aside, and the charges written. A charge checks the closed periods and records its cause
 * once, in the same transaction as its entries. Blocking; thread-safe.
 */
public interface ChargeStore {

    /**
     * A member's billing facts: the group and plan pricing applies, and which price lists price their sessions: ours
     * for our members, for a partner lab's visitor those its agreement names.
     */
    record MemberBilling(String memberId, Optional<MemberGroup> group, Optional<PlanRecord> plan,
                         VisitPricing pricing) {
        /** Our member, priced at our prices. */
        public MemberBilling(String memberId, Optional<MemberGroup> group, Optional<PlanRecord> plan) {
            this(memberId, group, plan, VisitPricing.HOST);
        }
    }

    /** An ended session with a known member that has not been priced yet. */
    record PendingSession(String nodeId, String sessionId, String memberId, String machineId, String machineKind,
                          Instant start, Instant end, long busyMillis) {
    }

    /**
     * A partner lab's receipt for one of our members' visits, recorded to be charged to the member and not charged yet.
     *
     * @param partnerName the partner's name as registered, or its id once removed
     */
    record PendingVisit(String partnerId, String partnerName, String receiptId, String memberId, String machineKind,
                        Instant end, long amountCents, String currency) {
    }

    /**
     * A cause pricing refused (an amount beyond a {@code long}, an item gone from the catalogue): set aside with its
     * reason so that later catch-ups skip it, until a treasurer asks for a retry.
     *
     * @param cause    the ledger cause, e.g. {@code consumable:<record id>}
     * @param memberId the member it would be charged to
     */
    record ParkedCause(String cause, String memberId, String reason, Instant parkedAt) {
    }

    /**
     * Charge lines' facts the ledger does not hold, one per line of the charge in order.
     *
     * @param machineId empty for a consumable without session or a plan fee
     */
    record LineFacts(Optional<String> nodeId, Optional<String> sessionId, Optional<String> machineId,
                     Optional<String> itemId, String machineKind) {

        /** A session on {@code machineId}, priced as {@code machineKind}. */
        public static LineFacts session(String nodeId, String sessionId, String machineId, String machineKind) {
            return new LineFacts(Optional.of(nodeId), Optional.of(sessionId), Optional.of(machineId), Optional.empty(),
                    machineKind);
        }

        /** A use of {@code itemId}, with the node, session and machine it was recorded at when known. */
        public static LineFacts consumable(ConsumableRecord record) {
            return new LineFacts(record.nodeId(), record.sessionId(), record.machineId(), Optional.of(record.itemId()),
                    "consumable");
        }

        /** A visit at a partner lab. */
        public static LineFacts visit() {
            return new LineFacts(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "visit");
        }

        /** A plan's monthly fee. */
        public static LineFacts planFee() {
            return new LineFacts(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "plan");
        }
    }

    /**
     * A charge to write: its entries are dated {@code date}, or the first day of the first open month if closed, and
     * written on {@code account}: the charge's member, or for a partner lab's visitor their home lab's network account.
     */
    record ChargeWrite(Charge charge, String account, LocalDate date, String currency, LineFacts facts) {
        public ChargeWrite(Charge charge, LocalDate date, String currency, LineFacts facts) {
            this(charge, charge.memberId(), date, currency, facts);
        }
    }

    /**
     * A partner lab's visitor ({@code {partner}:{id}}) has no group here, as plan the free minutes a month of the
     * partner's agreement, on every machine kind, when it gives any, and the price lists the agreement names.
     *
     * @throws NotFound when the member does not exist, or for a visitor, when their lab is no longer a partner
     */
    MemberBilling memberBilling(String memberId);

    /** Plan time used per month and capped cents per day of {@code machineKind}, over {@code days}. */
    MemberTerms terms(MemberBilling member, String machineKind, List<LocalDate> days);

    List<PendingSession> pendingSessions(int limit);

    /** Records with a member whose item is in the catalogue and that were not charged yet. */
    List<ConsumableRecord> pendingConsumables(int limit);

    /** Received receipts whose treatment is {@code charged}, not charged yet; oldest first. */
    List<PendingVisit> pendingVisits(int limit);

    /** Members on an active plan with no fee charged for {@code month}. */
    List<String> membersOwingPlanFee(YearMonth month);

    /**
     * Parks a cause; {@link #pendingSessions}, {@link #pendingConsumables} and {@link #membersOwingPlanFee} leave it
     * out from then on. Parking a cause already parked keeps the first reason.
     */
    void park(String cause, String memberId, String reason);

    /** Oldest first. */
    List<ParkedCause> parkedCauses();

    /**
     * Puts a parked cause back in the queue of the next catch-up.
     *
     * @throws NotFound when the cause is not parked
     */
    void unpark(String cause, AuditEntry audit);

    /** @throws Conflict when the id exists */
    ConsumableRecord recordConsumable(ConsumableRecord record, AuditEntry audit);

    Optional<ConsumableRecord> consumableRecord(String id);

    List<ConsumableRecord> consumableRecords(Optional<String> memberId, Optional<LocalDate> from,
                                             Optional<LocalDate> to, int limit);

    /**
     * Writes the charge's entries, its line facts and usage, and marks its key as charged, in one transaction; a
     * charge without lines only marks its key. Empty when the key was already charged.
     */
    Optional<List<LedgerEntry>> writeCharge(ChargeWrite charge);
}
