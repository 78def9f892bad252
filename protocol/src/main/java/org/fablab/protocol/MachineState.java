package org.fablab.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;

/** The states of a machine as its node reports them (docs/protocol.md §8). */
public enum MachineState implements WireNames.Named {
    IDLE,
    ACTIVE,
    ENDING,
    TO_CHECK,
    BLOCKED,
    OUT_OF_SERVICE,
    FAULT;

    @JsonCreator
    public static MachineState fromWire(String wire) {
        return WireNames.parse(MachineState.class, "state", wire);
    }
}
