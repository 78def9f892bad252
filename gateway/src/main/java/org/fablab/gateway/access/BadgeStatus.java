package org.fablab.gateway.access;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.fablab.protocol.WireNames;

/** Whether an enrolled badge may still be used; only {@code ACTIVE} badges open anything. */
public enum BadgeStatus implements WireNames.Named {
    ACTIVE,
    LOST,
    REVOKED;

    @JsonCreator
    public static BadgeStatus fromWire(String wire) {
        return WireNames.parse(BadgeStatus.class, "badge.status", wire);
    }
}
