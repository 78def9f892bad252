package org.fablab.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why a session ended (DESIGN §5). */
public enum EndReason implements WireNames.Named {
    BADGE_OUT("badge-out"),
    SAME_BADGE("same-badge"),
    TIMEOUT("timeout"),
    IDLE("idle"),
    FORCE_OFF("force-off"),
    INTERLOCK("interlock"),
    TAKEOVER("takeover"),
    FAULT("fault"),
    POWER_LOSS("power-loss");

    private final String wire;

    EndReason(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static EndReason fromWire(String wire) {
        return WireNames.parse(EndReason.class, "reason", wire);
    }
}
