package org.fablab.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;

/** Commands the gateway may send to a node (docs/protocol.md §7.7). */
public enum CommandAction implements WireNames.Named {
    LOCK,
    UNLOCK,
    FORCE_OFF,
    SET_STATE,
    RESYNC,
    IDENTIFY;

    @JsonCreator
    public static CommandAction fromWire(String wire) {
        return WireNames.parse(CommandAction.class, "action", wire);
    }
}
