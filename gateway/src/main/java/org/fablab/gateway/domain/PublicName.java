package org.fablab.gateway.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How much of a member's name the public board shows (config {@code board.publicName}). */
public enum PublicName {
    /** The first word of the display name: {@code Chloé Dubois} shows as {@code Chloé}. */
    FIRST_NAME,
    /** The first letter of each word: {@code Chloé Dubois} shows as {@code C. D.} */
    INITIALS,
    /** No name at all: the board shows only that the machine is in use. */
    NONE;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static PublicName fromWire(String value) {
        for (PublicName option : values()) {
            if (option.wire().equals(value)) {
                return option;
            }
        }
        throw new IllegalArgumentException("must be one of " + Arrays.stream(values()).map(PublicName::wire)
                .collect(Collectors.joining(", ")) + ", was '" + value + "'");
    }
}
