package org.fablab.gateway.access;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.fablab.protocol.WireNames;

/** Lookup of this package's enums by wire name, with an error that names the field and lists the accepted names. */
final class Wire {
    private Wire() {
    }

    static <E extends Enum<E> & WireNames.Named> E parse(Class<E> type, String field, String wire) {
        for (E constant : type.getEnumConstants()) {
            if (constant.wire().equals(wire)) {
                return constant;
            }
        }
        String accepted = Arrays.stream(type.getEnumConstants()).map(WireNames.Named::wire).collect(Collectors.joining(", "));
        throw new IllegalArgumentException(field + " '" + wire + "' is not one of: " + accepted);
    }

    static String requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is missing or blank");
        }
        return value;
    }

    static <T> T require(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value;
    }
}
