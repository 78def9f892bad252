package org.fablab.gateway.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.fablab.protocol.WireNames;

/**
 * What a session or a consumable was used for, when it counts for the impact report's materials: a repair, or reuse
 * of material. Untagged usage has no tag. Wire names {@code repair}, {@code reuse}.
 */
public enum UsageTag implements WireNames.Named {
    REPAIR,
    REUSE;

    @JsonCreator
    public static UsageTag fromWire(String wire) {
        return WireNames.parse(UsageTag.class, "tag", wire);
    }
}
