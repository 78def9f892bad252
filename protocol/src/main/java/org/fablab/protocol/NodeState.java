package org.fablab.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Connection state a node publishes on its retained status topic; {@code offline} is its Last Will. */
public enum NodeState implements WireNames.Named {
    ONLINE("online"),
    OFFLINE("offline");

    private final String wire;

    NodeState(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static NodeState fromWire(String wire) {
        return WireNames.parse(NodeState.class, "state", wire);
    }
}
