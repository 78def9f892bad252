package org.fablab.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Wire names of the contract's enums, and their lookup with an error that lists the accepted names. */
public final class WireNames {
    private WireNames() {
    }

    /** An enum whose wire name is its constant name in lower case with dashes: {@code TO_CHECK} is {@code to-check}. */
    public interface Named {
        @JsonValue
        default String wire() {
            return ((Enum<?>) this).name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The constant whose wire name is {@code wire}; otherwise an error naming {@code field} and the accepted names. */
    public static <E extends Enum<E> & Named> E parse(Class<E> type, String field, String wire) {
        for (E constant : type.getEnumConstants()) {
            if (constant.wire().equals(wire)) {
                return constant;
            }
        }
        String accepted = Arrays.stream(type.getEnumConstants()).map(Named::wire).collect(Collectors.joining(", "));
        throw new NotOneOf(field, wire, accepted);
    }

    /** A wire name that is none of an enum's; {@link #accepted} lists them, comma-separated. */
    public static final class NotOneOf extends IllegalArgumentException {
        private final String accepted;

        NotOneOf(String field, String wire, String accepted) {
            super(field + " '" + wire + "' is not one of: " + accepted);
            this.accepted = accepted;
        }

        public String accepted() {
            return accepted;
        }
    }
}
