package org.fablab.gateway.port;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fablab.gateway.billing.CatalogueItem;
import org.fablab.gateway.billing.Charge;
import org.fablab.gateway.billing.FreeWindows;
import org.fablab.gateway.billing.LedgerDraft;
import org.fablab.gateway.billing.LedgerEntry;
import org.fablab.gateway.billing.LedgerKind;
import org.fablab.gateway.billing.MemberGroup;
import org.fablab.gateway.billing.MemberTerms;
import org.fablab.gateway.billing.Periods;
import org.fablab.gateway.billing.Plan;
import org.fablab.gateway.billing.PriceList;
import org.fablab.gateway.billing.Statement;
import org.fablab.gateway.domain.AuditEntry;

/**
 * What the treasurer configures and what feeds the ledger: prices, plans, groups, free windows, the consumables
 * catalogue, coupons, consumable records, charges, closed periods and statements. Every ledger write checks the
 * closed periods and records its cause once, in the same transaction as the entries; every configuration write
 * stores its audit entry in its transaction. Blocking; thread-safe.
 */
public interface BillingStore {

    /** @param minimumBalanceCents empty when the lab does not use prepaid accounts */
    record Settings(Optional<Long> minimumBalanceCents) {
    }

    record PlanRecord(String id, Plan plan, boolean active) {
    }

    record ItemRecord(CatalogueItem item, boolean active) {
    }

    /** A member's billing facts: the group and plan pricing applies. */
    record MemberBilling(String memberId, Optional<MemberGroup> group, Optional<PlanRecord> plan) {
    }

    /** An ended session with a known member that has not been priced yet. */
    record PendingSession(String nodeId, String sessionId, String memberId, String machineId, String machineKind,
                          Instant start, Instant end, long busyMillis) {
    }

    /**
     * A recorded use of a consumable.
     *
     * @param memberId     empty when a node recorded it outside any session the gateway knows
     * @param machineId    the machine of its session, read from the sessions (empty when none)
     * @param source       {@code node}, {@code member}, {@code fabmanager} or {@code correction}
     * @param chargedCents what the ledger holds for it, reversals included (0 when not charged yet or free)
     */
    record ConsumableRecord(String id, Optional<String> memberId, Optional<String> nodeId, Optional<String> sessionId,
                            Optional<String> machineId, String itemId, long quantity, Instant recordedAt,
                            String recordedBy, String source, long chargedCents) {
    }

    record Coupon(String code, long amountCents, int maxRedemptions, Optional<LocalDate> validUntil, int redeemed) {
    }

    record ClosedPeriod(YearMonth month, Instant closedAt, String closedBy, long ledgerSequence, String ledgerHead) {
    }

    /** An issued statement as numbered and stored, without its entries. */
    record IssuedStatement(String number, String memberId, String memberName, YearMonth month, long totalCents,
                           long ledgerSequence, String ledgerHead, Instant issuedAt) {
    }

    record Balance(String memberId, String memberName, long memberNumber, long owedCents) {
    }

    /** A ledger entry with its member's name, for browsing. */
    record LedgerLine(LedgerEntry entry, String memberName) {
    }

    record LedgerFilter(Optional<String> memberId, Optional<LedgerKind> kind, Optional<LocalDate> from,
                        Optional<LocalDate> to, Optional<Long> before, int limit) {
    }

    /**
     * Charge lines' facts the ledger does not hold, one per line of the charge in order.
     *
     * @param machineId empty for a consumable without session or a plan fee
     */
    record LineFacts(Optional<String> nodeId, Optional<String> sessionId, Optional<String> machineId,
                     Optional<String> itemId, String machineKind) {
    }

    /** A charge to write: its entries are dated {@code date}, or the first day of the first open month if closed. */
    record ChargeWrite(Charge charge, LocalDate date, String currency, LineFacts facts) {
    }

    Settings settings();

    void saveSettings(Settings settings, AuditEntry audit);

    List<PriceList> priceLists();

    void savePriceList(PriceList prices, Instant at, AuditEntry audit);

    List<PlanRecord> plans();

    void savePlan(PlanRecord plan, AuditEntry audit);

    /** @throws NotFound when the member or the plan does not exist */
    void assignPlan(String memberId, Optional<String> planId, AuditEntry audit);

    List<MemberGroup> groups();

    void saveGroup(MemberGroup group, AuditEntry audit);

    FreeWindows freeWindows();

    void saveFreeWindows(FreeWindows windows, AuditEntry audit);

    List<ItemRecord> catalogue();

    void saveItem(ItemRecord item, AuditEntry audit);

    /** @throws NotFound when the member does not exist */
    MemberBilling memberBilling(String memberId);

    /** Plan time used per month and capped cents per day of {@code machineKind}, over {@code days}. */
    MemberTerms terms(MemberBilling member, String machineKind, List<LocalDate> days);

    List<PendingSession> pendingSessions(int limit);

    /** Records with a member whose item is in the catalogue and that were not charged yet. */
    List<ConsumableRecord> pendingConsumables(int limit);

    /** Members on an active plan with no fee charged for {@code month}. */
    List<String> membersOwingPlanFee(YearMonth month);

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

    /**
     * Appends one manual entry (payment, credit, correction) under a cause that must be new.
     *
     * @throws Conflict when the cause was already written or the date lies in a closed period
     */
    LedgerEntry writeEntry(LedgerDraft draft, AuditEntry audit);

    Optional<LedgerEntry> entry(long sequence);

    /**
     * A ledger head written down elsewhere: at a period's closing or a statement's issue.
     *
     * @param source e.g. {@code closing of 2026-10}, {@code statement 2026-000012}
     * @param sequence 0 when the ledger was empty
     */
    record RecordedHead(String source, long sequence, String hash) {
    }

    /** Every recorded head, highest sequence first. */
    List<RecordedHead> recordedHeads();

    /** The entries written for {@code cause}, in ledger order. */
    List<LedgerEntry> entriesCausedBy(String cause);

    List<LedgerLine> ledger(LedgerFilter filter);

    /** What each member owes (positive) or has in credit (negative), every member listed. */
    List<Balance> balances();

    Map<String, Long> owedByMember();

    List<Coupon> coupons();

    /** @throws Conflict when the code exists */
    void createCoupon(Coupon coupon, Instant at, AuditEntry audit);

    /**
     * Credits the member with the coupon's amount, once per member and up to its redemptions.
     *
     * @throws NotFound when there is no such coupon
     * @throws Conflict when the member used it, it is used up or expired on {@code date}
     */
    LedgerEntry redeemCoupon(String code, String memberId, LocalDate date, String currency, Instant at,
                             AuditEntry audit);

    Periods periods();

    List<ClosedPeriod> closedPeriods();

    /** Closes every month up to {@code month}, recording the ledger head; nothing to do when it is closed. */
    ClosedPeriod closePeriod(YearMonth month, Instant at, String actor, AuditEntry audit);

    /**
     * Numbers and stores the statements of a closed month for every member with entries in it and none issued yet;
     * numbers continue the month's year without gaps.
     *
     * @throws Conflict when the month is not closed
     */
    List<IssuedStatement> issueStatements(YearMonth month, Instant at, AuditEntry audit);

    List<IssuedStatement> statements(Optional<YearMonth> month, Optional<String> memberId);

    /** An issued statement: its issue record and its lines and totals. */
    record IssuedWithLines(IssuedStatement issued, Statement statement) {
    }

    /** @throws NotFound when there is no such statement */
    IssuedWithLines statement(String number);

    /** The member's month as a statement numbered {@code draft}. */
    Statement draftStatement(String memberId, YearMonth month);
}
