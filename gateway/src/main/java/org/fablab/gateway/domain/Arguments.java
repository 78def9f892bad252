package org.fablab.gateway.domain;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Parsing of what a caller typed (a query parameter, a command-line option), refused as a {@link BadArgument}. */
public final class Arguments {
    /** A date as the refusal shows it; plain digits read the same in every language. */
    public static final String DATE_EXAMPLE = "2026-11-30";

    private Arguments() {
    }

    /** {@code text} as a {@code YYYY-MM-DD} date; missing or malformed is a {@link BadArgument} on {@code field}. */
    public static LocalDate requiredDate(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new BadArgument(field, ErrorCode.FIELD_REQUIRED);
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new BadArgument(field, ErrorCode.FIELD_FORMAT, DATE_EXAMPLE);
        }
    }
}
