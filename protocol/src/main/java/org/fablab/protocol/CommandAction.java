package org.fablab.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Commands the gateway may send to a node (DESIGN §3). */
public enum CommandAction implements WireNames.Named {
    LOCK("lock"),
    UNLOCK("unlock"),
    FORCE_OFF("force-off"),
    SET_STATE("set-state"),
    RESYNC("resync"),
    IDENTIFY("identify");

    private final String wire;

    CommandAction(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static CommandAction fromWire(String wire) {
        return WireNames.parse(CommandAction.class, "action", wire);
    }
}
