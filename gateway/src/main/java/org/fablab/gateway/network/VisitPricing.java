package org.fablab.gateway.network;

import org.fablab.protocol.WireNames;

/**
 * Which price lists price a partner lab's visitors here, as its agreement says: ours, those our members pay
 * ({@code host}), or the price lists the network agreed on ({@code network}), which our treasurer enters apart.
 */
public enum VisitPricing implements WireNames.Named {
    HOST,
    NETWORK;

    public static VisitPricing fromWire(String wire) {
        return WireNames.parse(VisitPricing.class, "visitPricing", wire);
    }
}
