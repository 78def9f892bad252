package org.fablab.gateway.billing;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.fablab.protocol.Names;

/**
 * How the treasurer's CSV files look. Records end with CRLF and fields are quoted as RFC 4180 says (only when they
 * contain the separator, a quote, CR or LF).
 *
 * @param separator   field separator, e.g. {@code ,} or {@code ;}
 * @param decimalMark between euros and cents, e.g. {@code .} or {@code ,}; must differ from the separator
 * @param datePattern a {@link DateTimeFormatter} pattern of the letters {@code y M d} and the separators
 *                    {@code - / . :} and space, starting with a letter, e.g. {@code yyyy-MM-dd} or {@code dd/MM/yyyy};
 *                    nothing else, so a date cell can only hold a date, never text such as {@code '=1+1'} that a
 *                    spreadsheet would run as a formula
 * @param encoding    applied by {@link TreasurerCsv#open}
 */
public record CsvLayout(char separator, char decimalMark, String datePattern, Charset encoding) {
    /**
     * Day, month and year with separators only: the cells are dates without a time of day (so no {@code H m s}),
     * and a leading separator such as {@code -} could make a spreadsheet compute the cell.
     */
    private static final Pattern DATE_PATTERN = Pattern.compile("[yMd][yMd\\-/.: ]{0,31}");

    /** {@code ,}, {@code .}, ISO dates, UTF-8. */
    public static final CsvLayout STANDARD = new CsvLayout(',', '.', "yyyy-MM-dd", StandardCharsets.UTF_8);
    /** What French accountants expect: {@code ;}, {@code ,}, {@code dd/MM/yyyy}, UTF-8. */
    public static final CsvLayout FRENCH = new CsvLayout(';', ',', "dd/MM/yyyy", StandardCharsets.UTF_8);

    public CsvLayout {
        if (separator == '"' || separator == '\r' || separator == '\n' || separator == '\'') {
            throw new IllegalArgumentException("separator cannot be a quote, apostrophe, CR or LF");
        }
        if (decimalMark == separator) {
            throw new IllegalArgumentException("decimalMark must differ from the separator '" + separator + "'");
        }
        if (Character.isDigit(decimalMark) || decimalMark == '-') {
            throw new IllegalArgumentException("decimalMark cannot be a digit or '-'");
        }
        if (datePattern == null || !DATE_PATTERN.matcher(datePattern).matches()) {
            throw new IllegalArgumentException("date format must start with y, M or d and hold only the letters y M d"
                    + " and the separators - / . : and space (at most 32 characters), e.g. dd.MM.yyyy, was '"
                    + datePattern + "'");
        }
        Names.require("encoding", encoding);
    }

    /** {@link #STANDARD} for {@code standard}, {@link #FRENCH} for {@code french}, as the API and CLI name them. */
    public static Optional<CsvLayout> named(String name) {
        return switch (name) {
            case "standard" -> Optional.of(STANDARD);
            case "french" -> Optional.of(FRENCH);
            default -> Optional.empty();
        };
    }

    /** The name {@link #named} knows this layout by, else its settings spelled out (for the audit log). */
    public String describe() {
        if (equals(STANDARD)) {
            return "standard";
        }
        if (equals(FRENCH)) {
            return "french";
        }
        return "separator '%s', decimal mark '%s', dates %s, %s".formatted(separator, decimalMark, datePattern,
                encoding.name());
    }

    /**
     * The language of the text cells (labels, account names): French for a decimal comma, the convention
     * {@link #FRENCH} stands for; English otherwise.
     */
    public Locale language() {
        return decimalMark == ',' ? Locale.FRENCH : Locale.ENGLISH;
    }

    /** The date cells' formatter, for every CSV written in this layout. */
    public DateTimeFormatter dates() {
        return DateTimeFormatter.ofPattern(datePattern, Locale.ROOT);
    }
}
