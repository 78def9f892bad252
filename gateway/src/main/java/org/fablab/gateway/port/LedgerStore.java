package org.fablab.gateway.port;

import java.util.Iterator;
import java.util.function.Function;
import org.fablab.gateway.billing.LedgerDraft;
import org.fablab.gateway.billing.LedgerEntry;

/** The append-only billing ledger. Blocking; thread-safe. */
public interface LedgerStore {

    /** Chains {@code draft} to the current head and stores it, in one transaction; returns the stored entry. */
    LedgerEntry append(LedgerDraft draft);

    /** Reads every entry in sequence order, streamed (constant memory), and returns what {@code reader} makes of them. */
    <T> T scan(Function<Iterator<LedgerEntry>, T> reader);
}
