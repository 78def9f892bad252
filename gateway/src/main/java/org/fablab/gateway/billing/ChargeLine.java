package org.fablab.gateway.billing;

import org.fablab.protocol.Names;

/**
 * One line of a charge. {@code amountCents} is {@code quantity × unitPriceCents} less the group discount (half-up
 * per line) and less what the daily cap removes, so {@code 0 < amountCents ≤ quantity × unitPriceCents}: no line is
 * negative or zero.
 *
 * @param discountCents  the member group's discount on this line, before the daily cap: kept so that the impact
 *                       report can say what groups were given; {@code amountCents ≤ gross − discountCents}
 *
 * @param what           e.g. {@code laser-cutter wall time 2026-11-23}
 * @param unit           e.g. {@code 15 min}, {@code g}, {@code sheet}, {@code session}
 * @param vatBasisPoints the VAT rate contained in the amount, e.g. 2000 for 20 %
 */
public record ChargeLine(String what, long quantity, String unit, long unitPriceCents, int vatBasisPoints,
                         long discountCents, long amountCents) {
    public ChargeLine {
        Names.requireText("what", what);
        Names.requireText("unit", unit);
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be > 0, was " + quantity);
        }
        Names.requireNonNegative("unitPriceCents", unitPriceCents);
        Money.requireBasisPoints("vatBasisPoints", vatBasisPoints);
        long gross = Math.multiplyExact(quantity, unitPriceCents);
        if (discountCents < 0 || discountCents > gross) {
            throw new IllegalArgumentException("discountCents must be within 0.." + gross + ", was " + discountCents);
        }
        if (amountCents <= 0 || amountCents > gross - discountCents) {
            throw new IllegalArgumentException("amountCents must be within 1.." + quantity + " × " + unitPriceCents
                    + " less the discount " + discountCents + ", was " + amountCents);
        }
    }
}
