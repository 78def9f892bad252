package org.fablab.gateway.service;

import java.util.Optional;
import org.fablab.gateway.billing.ChainCheck;
import org.fablab.gateway.billing.LedgerChain;
import org.fablab.gateway.billing.LedgerEntry;
import org.fablab.gateway.port.LedgerStore;
import org.fablab.gateway.port.PeriodStore;

/**
 * Checks the stored ledger: the whole hash chain, then every head recorded at a closing or a statement. The chain
 * alone cannot see entries removed from its end, nor a chain rebuilt from some entry on with new hashes; a recorded
 * head that the ledger no longer holds shows both. Blocking.
 */
public final class LedgerAudit {
    private final LedgerStore ledger;
    private final PeriodStore periods;

    public LedgerAudit(LedgerStore ledger, PeriodStore periods) {
        this.ledger = ledger;
        this.periods = periods;
    }

    public ChainCheck verify() {
        ChainCheck chain = ledger.scan(LedgerChain::verify);
        if (chain instanceof ChainCheck.Broken) {
            return chain;
        }
        for (PeriodStore.RecordedHead head : periods.recordedHeads()) {
            if (head.sequence() == 0) {
                continue;
            }
            Optional<LedgerEntry> entry = ledger.entry(head.sequence());
            if (entry.isEmpty()) {
                return new ChainCheck.Broken(head.sequence(), "the " + head.source() + " recorded entry "
                        + head.sequence() + " as the head, but the ledger ends before it");
            }
            if (!entry.get().hash().equals(head.hash())) {
                return new ChainCheck.Broken(head.sequence(), "the " + head.source() + " recorded head hash "
                        + head.hash() + ", the ledger now holds " + entry.get().hash());
            }
        }
        return chain;
    }
}
