package org.fablab.gateway.port;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.fablab.gateway.billing.LedgerDraft;
import org.fablab.gateway.billing.LedgerEntry;
import org.fablab.gateway.billing.LedgerKind;
import org.fablab.gateway.billing.PaymentMethod;
import org.fablab.gateway.domain.AuditEntry;

/**
 * The append-only billing ledger: manual entries and coupon credits, reading entries back, balances. Every write
 * checks the closed periods and records its cause once, in the same transaction as the entry (charges are written
 * through the {@link ChargeStore}, under the same rule). Blocking; thread-safe.
 */
public interface LedgerStore {

    record Balance(String memberId, String memberName, long memberNumber, long owedCents) {
    }

    /**
     * A ledger entry with its member's name, how a payment recorded with one was paid, and what the charge line of the
     * entry (or of the entry a correction reverses) names: the session and machine, the consumable item.
     */
    record LedgerLine(LedgerEntry entry, String memberName, Optional<PaymentMethod> paymentMethod,
                      Optional<ChargedSession> session, Optional<String> itemLabel) {
    }

    /**
     * The session a charge line names.
     *
     * @param machineName null when the machine is not in the directory
     * @param startedAt   null when the session is not stored (only its charge line names it)
     * @param wallSeconds null when the session is not stored
     */
    record ChargedSession(String nodeId, String sessionId, String machineId, String machineName, Instant startedAt,
                          Long wallSeconds) {
    }

    /**
     * What the ledger holds for a cause: whether it was charged at all (a cause charged with no line, such as a session
     * in a free window, is written with no entry) and the net amount of its entries and of the corrections reversing
     * them.
     */
    record CauseTotal(String cause, long netCents) {
    }

    /**
     * Which entries to list, newest first.
     *
     * @param before only entries with a lower sequence, to page back
     */
    record LedgerFilter(Optional<String> memberId, Optional<LedgerKind> kind, Optional<LocalDate> from,
                        Optional<LocalDate> to, Optional<Long> before, int limit) {

        /** Every entry, up to {@code limit}; narrow it with the withers. */
        public static LedgerFilter newest(int limit) {
            return new LedgerFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), limit);
        }

        public LedgerFilter member(String id) {
            return new LedgerFilter(Optional.of(id), kind, from, to, before, limit);
        }

        public LedgerFilter kind(LedgerKind only) {
            return new LedgerFilter(memberId, Optional.of(only), from, to, before, limit);
        }
    }

    /** Reads every entry in sequence order, streamed (constant memory), and returns what {@code reader} makes of them. */
    <T> T scan(Function<Iterator<LedgerEntry>, T> reader);

    /**
     * Appends one manual entry (payment, credit, correction) under a cause that must be new.
     *
     * @throws NotFound when the member does not exist
     * @throws Conflict when the cause was already written or the date lies in a closed period
     */
    LedgerEntry writeEntry(LedgerDraft draft, AuditEntry audit);

    /**
     * Appends a payment as {@link #writeEntry} does and records how it was paid, in the same transaction.
     *
     * @throws IllegalArgumentException when {@code draft} is not a payment
     */
    LedgerEntry writePayment(LedgerDraft draft, PaymentMethod method, AuditEntry audit);

    /**
     * Credits the member with the coupon's amount, once per member and up to its redemptions.
     *
     * @throws NotFound when there is no such coupon
     * @throws Conflict when the member used it, it is used up or expired on {@code date}
     */
    LedgerEntry redeemCoupon(String code, String memberId, LocalDate date, String currency, Instant at,
                             AuditEntry audit);

    Optional<LedgerEntry> entry(long sequence);

    /** The entries written for {@code cause}, in ledger order. */
    List<LedgerEntry> entriesCausedBy(String cause);

    List<LedgerLine> ledger(LedgerFilter filter);

    /**
     * The display names of the machines of the sessions that caused entries, by cause, as {@link #ledger} names them
     * (from the entries' charge lines; a correction's from the entry it reverses); causes with no session charge line
     * or whose machine is not in the directory are left out.
     */
    Map<String, String> machineNames(Collection<String> causes);

    /**
     * The causes among {@code causes} the ledger has written, each with its net amount; a cause not yet charged is
     * left out. One query, however many causes.
     */
    Map<String, CauseTotal> causeTotals(Collection<String> causes);

    /** What each member owes (positive) or has in credit (negative), every member listed. */
    List<Balance> balances();

    Map<String, Long> owedByMember();

    /** What {@code memberId} owes (positive) or has in credit (negative); zero for a member with no entry. */
    long owed(String memberId);
}
