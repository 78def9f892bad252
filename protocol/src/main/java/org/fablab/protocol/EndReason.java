package org.fablab.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;

/** Why a session ended (docs/protocol.md §8). */
public enum EndReason implements WireNames.Named {
    BADGE_OUT,
    SAME_BADGE,
    TIMEOUT,
    IDLE,
    FORCE_OFF,
    INTERLOCK,
    TAKEOVER,
    FAULT,
    POWER_LOSS;

    @JsonCreator
    public static EndReason fromWire(String wire) {
        return WireNames.parse(EndReason.class, "reason", wire);
    }
}
