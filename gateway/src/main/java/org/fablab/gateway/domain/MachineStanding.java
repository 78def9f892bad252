package org.fablab.gateway.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.fablab.gateway.access.DenyReason;
import org.fablab.protocol.Names;

/**
 * Whether one member may use one machine now, as {@code GET /api/v1/me/machines} tells a maker.
 *
 * @param reason why not, {@code null} when {@code mayUse}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MachineStanding(String machineId, boolean mayUse, DenyReason reason) {
    public MachineStanding {
        Names.requireId("machineId", machineId);
        if (mayUse != (reason == null)) {
            throw new IllegalArgumentException("a reason is given exactly when the machine may not be used, was "
                    + mayUse + " with " + reason);
        }
    }
}
