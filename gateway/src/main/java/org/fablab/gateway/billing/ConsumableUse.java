package org.fablab.gateway.billing;

import org.fablab.protocol.Names;

/**
 * A recorded use of a consumable.
 *
 * @param sessionId the session it was used in, {@code null} when there is none
 * @param quantity  whole grams, sheets or units, &gt; 0
 */
public record ConsumableUse(String recordId, String memberId, String sessionId, String itemId, long quantity) {
    public ConsumableUse {
        Names.requireText("recordId", recordId);
        Names.requireText("memberId", memberId);
        Names.requireText("itemId", itemId);
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be > 0, was " + quantity);
        }
    }
}
