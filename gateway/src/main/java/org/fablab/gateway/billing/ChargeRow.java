package org.fablab.gateway.billing;

import java.time.LocalDate;

/**
 * One row of the charges export: one ledger charge or correction line.
 *
 * @param machine   the machine name, {@code null} for a consumable sold without a session or a plan fee
 * @param sessionId {@code null} when the line has no session
 * @param amountCents signed: reversals are negative
 */
public record ChargeRow(LocalDate date, String member, String memberNumber, String machine, String sessionId,
                        long quantity, String unit, long unitPriceCents, int vatBasisPoints, long amountCents) {
    public ChargeRow {
        Money.require("date", date);
        Money.requireText("member", member);
        Money.requireText("memberNumber", memberNumber);
        Money.requireText("unit", unit);
        Money.requireNonNegative("unitPriceCents", unitPriceCents);
        Money.requireBasisPoints("vatBasisPoints", vatBasisPoints);
    }
}
