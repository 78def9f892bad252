package org.fablab.gateway.billing;

import java.time.LocalDate;
import java.util.regex.Pattern;
import org.fablab.protocol.Names;

/**
 * A ledger entry before it is chained: everything but its sequence and hashes. See {@link LedgerChain#append}.
 *
 * @param date           the accounting date, in the lab zone
 * @param amountCents    signed as {@link LedgerKind} says, never zero
 * @param currency       ISO 4217 code, e.g. {@code EUR}
 * @param cause          what caused it: a {@link ChargeKey}, a payment reference, ...
 * @param label          human text shown on statements and exports
 * @param vatBasisPoints VAT rate contained in the amount; 0 for payments
 */
public record LedgerDraft(LocalDate date, String memberId, LedgerKind kind, long amountCents, String currency,
                          String cause, String label, int vatBasisPoints) {
    /** Compiled once: a verify builds two drafts per entry it reads. */
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    public LedgerDraft {
        Names.require("date", date);
        Names.requireText("memberId", memberId);
        Names.require("kind", kind);
        kind.checkSign(amountCents);
        Names.require("currency", currency);
        if (!CURRENCY.matcher(currency).matches()) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code, was '" + currency + "'");
        }
        Names.requireText("cause", cause);
        Names.requireText("label", label);
        Money.requireBasisPoints("vatBasisPoints", vatBasisPoints);
    }
}
