package org.fablab.gateway.domain.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.fablab.protocol.WireNames;

/** What an account may do (README.md, "API and roles"); see {@link Permissions} for the whole table. */
public enum Role implements WireNames.Named {
    MAKER,
    TRAINER,
    FABMANAGER,
    TREASURER,
    ADMIN,
    /** A funder or the lab's board: reads the impact report (docs/impact.md) and nothing else. */
    BOARD;

    @JsonCreator
    public static Role fromWire(String wire) {
        return WireNames.parse(Role.class, "role", wire);
    }
}
