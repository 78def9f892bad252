package org.fablab.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;

/** Connection state a node publishes on its retained status topic; {@code offline} is its Last Will. */
public enum NodeState implements WireNames.Named {
    ONLINE,
    OFFLINE;

    @JsonCreator
    public static NodeState fromWire(String wire) {
        return WireNames.parse(NodeState.class, "state", wire);
    }
}
