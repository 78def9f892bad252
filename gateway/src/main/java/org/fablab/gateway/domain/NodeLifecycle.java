package org.fablab.gateway.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.fablab.protocol.WireNames;

/**
 * Where a node is in its life: {@code PENDING} is declared (by an admin or an enrollment) with no key accepted yet,
 * {@code ACTIVE} has one key that ingestion accepts, {@code RETIRED} is shut out for good (its id is never reused).
 */
public enum NodeLifecycle implements WireNames.Named {
    PENDING,
    ACTIVE,
    RETIRED;

    @JsonCreator
    public static NodeLifecycle fromWire(String wire) {
        return WireNames.parse(NodeLifecycle.class, "state", wire);
    }
}
