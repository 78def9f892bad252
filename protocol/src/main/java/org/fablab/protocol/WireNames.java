package org.fablab.protocol;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Lookup of enum constants by their wire name, with an error that lists the accepted names. */
final class WireNames {
    private WireNames() {
    }

    interface Named {
        String wire();
    }

    static <E extends Enum<E> & Named> E parse(Class<E> type, String field, String wire) {
        for (E constant : type.getEnumConstants()) {
            if (constant.wire().equals(wire)) {
                return constant;
            }
        }
        String accepted = Arrays.stream(type.getEnumConstants()).map(Named::wire).collect(Collectors.joining(", "));
        throw new IllegalArgumentException(field + " '" + wire + "' is not one of: " + accepted);
    }
}
