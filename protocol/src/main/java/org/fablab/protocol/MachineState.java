package org.fablab.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The states of a machine as its node reports them (DESIGN §5). */
public enum MachineState implements WireNames.Named {
    IDLE("idle"),
    ACTIVE("active"),
    ENDING("ending"),
    TO_CHECK("to-check"),
    BLOCKED("blocked"),
    OUT_OF_SERVICE("out-of-service"),
    FAULT("fault");

    private final String wire;

    MachineState(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static MachineState fromWire(String wire) {
        return WireNames.parse(MachineState.class, "state", wire);
    }
}
