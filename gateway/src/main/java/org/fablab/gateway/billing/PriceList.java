package org.fablab.gateway.billing;

import java.time.Duration;
import org.fablab.protocol.Names;

/**
 * How a machine kind's time is priced. All prices are VAT-inclusive cents; see docs/billing.md for the order in which
 * free windows, plan minutes, blocks, discounts and the cap apply.
 *
 * @param machineKind     e.g. {@code laser-cutter}
 * @param wall            price of wall time (badge-in to session end), {@code null} when wall time is not priced
 * @param busy            price of busy time (current above threshold), {@code null} when busy time is not priced
 * @param sessionFeeCents charged once per billable session, &ge; 0
 * @param minimumBillable sessions whose wall time is strictly shorter are free (consumables still count); zero for
 *                        no minimum
 * @param dailyCapCents   the most the member pays for this kind's machine time per local day, fee included;
 *                        0 for no cap
 * @param vatBasisPoints  VAT rate of machine time, e.g. 2000 for 20 %
 */
public record PriceList(String machineKind, BlockRate wall, BlockRate busy, long sessionFeeCents,
                        Duration minimumBillable, long dailyCapCents, int vatBasisPoints) {
    public PriceList {
        Names.requireText("machineKind", machineKind);
        Names.requireNonNegative("sessionFeeCents", sessionFeeCents);
        Names.require("minimumBillable", minimumBillable);
        if (minimumBillable.isNegative()) {
            throw new IllegalArgumentException("minimumBillable must be >= 0, was " + minimumBillable);
        }
        Names.requireNonNegative("dailyCapCents", dailyCapCents);
        Money.requireBasisPoints("vatBasisPoints", vatBasisPoints);
    }
}
