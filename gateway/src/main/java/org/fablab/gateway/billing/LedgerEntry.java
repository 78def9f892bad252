package org.fablab.gateway.billing;

import java.time.LocalDate;

/**
 * An entry of the append-only ledger as stored. Its {@code hash} is SHA-256 over {@link LedgerChain#canonical} and
 * {@code previousHash} is the hash of entry {@code sequence - 1} ({@link LedgerChain#GENESIS} for the first). The
 * constructor checks the shape of each field but not the hashes: {@link LedgerChain#verify} does, so that a stored
 * chain can be loaded and judged.
 *
 * @param sequence 1 for the first entry, then +1 without gaps
 */
public record LedgerEntry(long sequence, LocalDate date, String memberId, LedgerKind kind, long amountCents,
                          String currency, String cause, String label, int vatBasisPoints, String previousHash,
                          String hash) {
    public LedgerEntry {
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be >= 1, was " + sequence);
        }
        new LedgerDraft(date, memberId, kind, amountCents, currency, cause, label, vatBasisPoints);
        LedgerChain.requireHash("previousHash", previousHash);
        LedgerChain.requireHash("hash", hash);
    }

    /** The VAT contained in this VAT-inclusive amount, rounded as {@link Statement.VatTotal} is. */
    public long vatCents() {
        return Money.vatIncluded(amountCents, vatBasisPoints);
    }

    /** This entry's content without its chaining. */
    public LedgerDraft draft() {
        return new LedgerDraft(date, memberId, kind, amountCents, currency, cause, label, vatBasisPoints);
    }
}
