package org.fablab.node.app;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Which implementation drives a hardware port. Only {@code simulated} exists so far; Pi4J and serial come later. */
public enum HardwareKind {
    SIMULATED("simulated");

    private final String wire;

    HardwareKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** @throws IllegalArgumentException naming {@code field} and the accepted values */
    public static HardwareKind parse(String field, String value) {
        for (HardwareKind kind : values()) {
            if (kind.wire.equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(field + ": '" + value + "' is not one of: "
                + Arrays.stream(values()).map(HardwareKind::wire).collect(Collectors.joining(", ")));
    }
}
