package org.fablab.gateway.billing;

import org.fablab.protocol.Names;

/**
 * A price per started block of time: {@code ceil(time / block) × centsPerBlock}. Exactly one block of time is one
 * block; one millisecond more is two.
 *
 * @param blockMinutes  the block length in minutes, &gt; 0
 * @param centsPerBlock the VAT-inclusive price of one started block in cents, &ge; 0
 */
public record BlockRate(int blockMinutes, long centsPerBlock) {
    public BlockRate {
        if (blockMinutes <= 0) {
            throw new IllegalArgumentException("blockMinutes must be > 0, was " + blockMinutes);
        }
        Names.requireNonNegative("centsPerBlock", centsPerBlock);
    }

    long blockMillis() {
        return blockMinutes * 60_000L;
    }

    /** The unit printed on a charge line, e.g. {@code 15 min}. */
    String unit() {
        return blockMinutes + " min";
    }
}
