package org.fablab.gateway.port;

import java.util.Iterator;
import java.util.function.Function;
import org.fablab.gateway.billing.LedgerEntry;

/**
 * Reading the append-only billing ledger. Entries are written only through the {@link BillingStore}, which records
 * each entry's cause in the same transaction. Blocking; thread-safe.
 */
public interface LedgerStore {

    /** Reads every entry in sequence order, streamed (constant memory), and returns what {@code reader} makes of them. */
    <T> T scan(Function<Iterator<LedgerEntry>, T> reader);
}
