package org.fablab.gateway.access;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.fablab.protocol.WireNames;

/**
 * Whether the lab lets anyone on a machine: {@code TO_CHECK} admits only a member who may clear it (a trainer for
 * one of the trainings the machine requires).
 */
public enum MachineAvailability implements WireNames.Named {
    AVAILABLE,
    BLOCKED,
    OUT_OF_SERVICE,
    TO_CHECK;

    @JsonCreator
    public static MachineAvailability fromWire(String wire) {
        return WireNames.parse(MachineAvailability.class, "machine.availability", wire);
    }
}
