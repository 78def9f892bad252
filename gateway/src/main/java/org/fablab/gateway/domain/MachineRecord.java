package org.fablab.gateway.domain;

import org.fablab.protocol.Names;

/** A machine of the lab as configured by its fabmanagers; {@code kind} is e.g. {@code laser-cutter}. */
public record MachineRecord(String id, String name, String kind) {
    public MachineRecord {
        Names.requireId("machine id", id);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("machine name is missing");
        }
        Names.requireId("machine kind", kind);
    }
}
