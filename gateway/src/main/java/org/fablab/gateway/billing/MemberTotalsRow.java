package org.fablab.gateway.billing;

import org.fablab.protocol.Names;

/**
 * One row of the members export: a member's ledger entries of a period summed per kind, signed as in the ledger
 * (charges positive, credits and payments negative, corrections either way). The export writes credits and payments
 * as the positive amounts received (docs/billing.md, "Signs").
 *
 * @param balanceCents the sum of the four: what the period adds to what the member owes
 */
public record MemberTotalsRow(String member, String memberNumber, long chargesCents, long creditsCents,
                              long paymentsCents, long correctionsCents) {
    public MemberTotalsRow {
        Names.requireText("member", member);
        Names.requireText("memberNumber", memberNumber);
    }

    public long balanceCents() {
        return chargesCents + creditsCents + paymentsCents + correctionsCents;
    }
}
