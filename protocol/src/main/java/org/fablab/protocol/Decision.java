package org.fablab.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The gateway's answer to a live authorization request. */
public enum Decision implements WireNames.Named {
    GRANTED("granted"),
    DENIED("denied");

    private final String wire;

    Decision(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static Decision fromWire(String wire) {
        return WireNames.parse(Decision.class, "decision", wire);
    }
}
