package org.fablab.gateway.port;

import java.time.LocalDate;
import java.util.Iterator;
import org.fablab.gateway.billing.ChargeRow;
import org.fablab.gateway.billing.ConsumableRow;
import org.fablab.gateway.billing.Journal;
import org.fablab.gateway.billing.MemberTotalsRow;
import org.fablab.gateway.domain.AuditEntry;

/**
 * What the treasurer's exports read, streamed with a forward-only cursor: memory does not grow with the period.
 * Every read first takes the ledger's head and then reads no entry after it, so rows and head agree even while
 * entries are appended. Periods are inclusive local dates. Blocking; thread-safe.
 */
public interface ExportStore {

    /** The last ledger entry when an export was read: sequence 0 and the genesis hash for an empty ledger. */
    record Head(long sequence, String hash) {
    }

    /** What a caller does with the streamed rows; the iterator is valid only during the call. */
    @FunctionalInterface
    interface Reader<R, T> {
        T read(Head head, Iterator<R> rows);
    }

    /** Ledger charges and corrections dated in the period with their charge lines, in ledger order. */
    <T> T charges(LocalDate from, LocalDate to, Reader<ChargeRow, T> reader);

    /** Consumable uses recorded on a local day of the period with their charge, in recording order. */
    <T> T consumables(LocalDate from, LocalDate to, Reader<ConsumableRow, T> reader);

    /** Per member with entries dated in the period, the sums per kind, by member number. */
    <T> T memberTotals(LocalDate from, LocalDate to, Reader<MemberTotalsRow, T> reader);

    /** Every ledger entry dated in the period, in ledger order, with what the journal needs. */
    <T> T postings(LocalDate from, LocalDate to, Reader<Journal.Posting, T> reader);

    /** Records that an export was made. */
    void audit(AuditEntry entry);
}
