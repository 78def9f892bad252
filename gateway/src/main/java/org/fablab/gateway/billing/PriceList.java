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
 * @see #forKind
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

    /** A price list for {@code machineKind} that prices nothing until its terms are named: free, no fee, no cap. */
    public static Builder forKind(String machineKind) {
        return new Builder(machineKind);
    }

    /** Names a price list's terms one by one; what is not given is not priced, zero or none. */
    public static final class Builder {
        private final String machineKind;
        private BlockRate wall;
        private BlockRate busy;
        private long sessionFeeCents;
        private Duration minimumBillable = Duration.ZERO;
        private long dailyCapCents;
        private int vatBasisPoints;

        private Builder(String machineKind) {
            this.machineKind = machineKind;
        }

        public Builder wall(BlockRate rate) {
            this.wall = rate;
            return this;
        }

        public Builder busy(BlockRate rate) {
            this.busy = rate;
            return this;
        }

        public Builder sessionFeeCents(long cents) {
            this.sessionFeeCents = cents;
            return this;
        }

        public Builder minimumBillable(Duration shortest) {
            this.minimumBillable = shortest;
            return this;
        }

        public Builder dailyCapCents(long cents) {
            this.dailyCapCents = cents;
            return this;
        }

        public Builder vatBasisPoints(int basisPoints) {
            this.vatBasisPoints = basisPoints;
            return this;
        }

        public PriceList build() {
            return new PriceList(machineKind, wall, busy, sessionFeeCents, minimumBillable, dailyCapCents,
                    vatBasisPoints);
        }
    }
}
