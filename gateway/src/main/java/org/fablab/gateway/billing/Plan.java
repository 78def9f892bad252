package org.fablab.gateway.billing;

import java.util.Set;

/**
 * A monthly plan: a fee, and machine minutes included each calendar month (lab zone) on the listed machine kinds.
 * Included minutes are consumed before any paid time and lapse at the end of their month.
 *
 * @param includedMinutes wall minutes per month, &ge; 0
 * @param machineKinds    the kinds whose wall time the minutes cover
 * @param vatBasisPoints  VAT rate of the fee
 */
public record Plan(String name, long monthlyFeeCents, long includedMinutes, Set<String> machineKinds,
                   int vatBasisPoints) {
    public Plan {
        Money.requireText("name", name);
        Money.requireNonNegative("monthlyFeeCents", monthlyFeeCents);
        Money.requireNonNegative("includedMinutes", includedMinutes);
        machineKinds = Set.copyOf(Money.require("machineKinds", machineKinds));
        Money.requireBasisPoints("vatBasisPoints", vatBasisPoints);
    }

    boolean covers(String machineKind) {
        return machineKinds.contains(machineKind);
    }
}
