package org.fablab.gateway.billing;

import java.util.Set;
import org.fablab.protocol.Names;

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
        Names.requireText("name", name);
        Names.requireNonNegative("monthlyFeeCents", monthlyFeeCents);
        Names.requireNonNegative("includedMinutes", includedMinutes);
        machineKinds = Set.copyOf(Names.require("machineKinds", machineKinds));
        Money.requireBasisPoints("vatBasisPoints", vatBasisPoints);
    }

    boolean covers(String machineKind) {
        return machineKinds.contains(machineKind);
    }
}
