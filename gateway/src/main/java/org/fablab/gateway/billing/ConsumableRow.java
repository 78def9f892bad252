package org.fablab.gateway.billing;

import java.time.LocalDate;
import org.fablab.protocol.Names;

/**
 * One row of the consumables export: one recorded use of a consumable and what it was charged.
 *
 * @param member       {@code null} when a node recorded the use outside any known member's session
 * @param memberNumber {@code null} with {@code member}
 * @param machine      {@code null} when the use was recorded at no node
 * @param sessionId    {@code null} when the use belongs to no session
 * @param amountCents  the record's charge in the ledger; 0 when it was not charged (no member, nothing to pay)
 */
public record ConsumableRow(LocalDate date, String member, String memberNumber, String machine, String sessionId,
                            String item, long quantity, String unit, long unitPriceCents, int vatBasisPoints,
                            long amountCents) {
    public ConsumableRow {
        Names.require("date", date);
        Names.requireText("item", item);
        Names.requireText("unit", unit);
        Names.requireNonNegative("quantity", quantity);
        Names.requireNonNegative("unitPriceCents", unitPriceCents);
        Money.requireBasisPoints("vatBasisPoints", vatBasisPoints);
    }
}
