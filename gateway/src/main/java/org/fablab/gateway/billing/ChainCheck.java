package org.fablab.gateway.billing;

import org.fablab.protocol.Names;

/** The outcome of {@link LedgerChain#verify}. */
public sealed interface ChainCheck permits ChainCheck.Verified, ChainCheck.Broken {

    /**
     * Every entry is intact and in place.
     *
     * @param entries  how many entries were checked
     * @param headHash the last entry's hash ({@link LedgerChain#GENESIS} for an empty ledger); comparing it with a
     *                 head recorded earlier detects entries removed from the end
     */
    record Verified(long entries, String headHash) implements ChainCheck {
    }

    /**
     * The chain breaks first at the entry stored with {@code sequence}.
     *
     * @param why e.g. {@code hash does not match the entry's content}
     */
    record Broken(long sequence, String why) implements ChainCheck {
        public Broken {
            Names.requireText("why", why);
        }
    }
}
