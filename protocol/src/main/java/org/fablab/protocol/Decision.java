package org.fablab.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;

/** The gateway's answer to a live authorization request. */
public enum Decision implements WireNames.Named {
    GRANTED,
    DENIED;

    @JsonCreator
    public static Decision fromWire(String wire) {
        return WireNames.parse(Decision.class, "decision", wire);
    }
}
