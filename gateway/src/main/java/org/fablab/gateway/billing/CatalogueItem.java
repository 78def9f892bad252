package org.fablab.gateway.billing;

import org.fablab.protocol.Names;

/**
 * A consumable the lab sells, priced per unit of {@code unit}.
 *
 * @param unitPriceCents VAT-inclusive price of one gram, sheet or item
 */
public record CatalogueItem(String itemId, String label, Unit unit, long unitPriceCents, int vatBasisPoints) {
    public CatalogueItem {
        Names.requireText("itemId", itemId);
        Names.requireText("label", label);
        Names.require("unit", unit);
        Names.requireNonNegative("unitPriceCents", unitPriceCents);
        Money.requireBasisPoints("vatBasisPoints", vatBasisPoints);
    }

    /** How a consumable is counted; {@link #symbol()} is the unit printed on lines and exports. */
    public enum Unit {
        GRAM("g"), SHEET("sheet"), UNIT("unit");

        private final String symbol;

        Unit(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }
}
