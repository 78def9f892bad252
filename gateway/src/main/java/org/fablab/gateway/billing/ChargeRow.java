package org.fablab.gateway.billing;

import java.time.LocalDate;
import org.fablab.protocol.Names;

/**
 * One row of the charges export: one ledger charge or correction line.
 *
 * @param machine   the machine name, {@code null} for a consumable sold without a session or a plan fee
 * @param sessionId {@code null} when the line has no session
 * @param item      what was charged: the consumable's catalogue label, else the machine's name, else (a plan fee) the
 *                  entry's label
 * @param amountCents signed: reversals are negative
 */
public record ChargeRow(LocalDate date, String member, String memberNumber, String machine, String sessionId,
                        String item, long quantity, String unit, long unitPriceCents, int vatBasisPoints, long amountCents) {
    public ChargeRow {
        Names.require("date", date);
        Names.requireText("member", member);
        Names.requireText("memberNumber", memberNumber);
        Names.requireText("item", item);
        Names.requireText("unit", unit);
        Names.requireNonNegative("unitPriceCents", unitPriceCents);
        Money.requireBasisPoints("vatBasisPoints", vatBasisPoints);
    }
}
