package org.fablab.gateway.domain;

import java.time.Instant;

/** A machine as the registry keeps it; {@code retiredAt} is null while it is in service. */
public record RegisteredMachine(String id, String name, String kind, Instant retiredAt) {
    public RegisteredMachine {
        new MachineRecord(id, name, kind);
    }

    public boolean retired() {
        return retiredAt != null;
    }
}
