package org.fablab.gateway.domain.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.fablab.protocol.WireNames;

/** What an account may do (README.md, "API and roles"); see {@link Permissions} for the whole table. */
public enum Role implements WireNames.Named {
    MAKER,
    TRAINER,
    FABMANAGER,
    TREASURER,
    ADMIN;

    @JsonCreator
    public static Role fromWire(String wire) {
        return WireNames.parse(Role.class, "role", wire);
    }
}
