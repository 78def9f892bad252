package org.fablab.protocol;

import java.util.regex.Pattern;

/** Validation of the lab and node identifiers that appear in topics and messages. */
public final class Names {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private Names() {
    }

    /**
     * Returns {@code value} when it is a valid lab or node identifier.
     *
     * @throws IllegalArgumentException naming {@code field} when it is not
     */
    public static String requireId(String field, String value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
        if (!ID.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " '" + value + "' must match " + ID.pattern());
        }
        return value;
    }

    public static boolean isId(String value) {
        return value != null && ID.matcher(value).matches();
    }

    /** {@code value}, or an error naming {@code field} when it is null. */
    public static <T> T require(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value;
    }

    /** {@code value}, or an error naming {@code field} when it is null or blank. */
    public static String requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is missing or blank");
        }
        return value;
    }

    /** {@code value}, or an error naming {@code field} when it is negative. */
    public static long requireNonNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, was " + value);
        }
        return value;
    }
}
