package org.fablab.gateway.access;

import java.time.Duration;
import org.fablab.protocol.Names;

/**
 * What the rules need to know about a machine.
 *
 * @param kind                 the machine kind trainings refer to, e.g. {@code laser-cutter}
 * @param trainerPresentWithin when set, a trainer must have badged on this machine at most this long before (unless
 *                             the member is a trainer for it); {@code null} when the machine has no such rule
 */
public record MachineFacts(String machineId, String kind, MachineAvailability availability,
                           Duration trainerPresentWithin) {
    public MachineFacts {
        Names.requireId("machine.id", machineId);
        Names.requireId("machine.kind", kind);
        Names.require("machine.availability", availability);
        if (trainerPresentWithin != null && trainerPresentWithin.isNegative()) {
            throw new IllegalArgumentException("machine.trainerPresentWithin must not be negative, was "
                    + trainerPresentWithin);
        }
    }
}
