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
 * @param byteOrderMark whether {@link TreasurerCsv#open} starts the file with U+FEFF, which Excel needs to read a
 *                      UTF-8 file as UTF-8 rather than in the Windows code page
 * @param language    of the header row
 */
public record CsvLayout(char separator, char decimalMark, String datePattern, Charset encoding, boolean byteOrderMark,
                        Language language) {
    /**
     * Day, month and year with separators only: the cells are dates without a time of day (so no {@code H m s}),
     * and a leading separator such as {@code -} could make a spreadsheet compute the cell.
     */
    private static final Pattern DATE_PATTERN = Pattern.compile("[yMd][yMd\\-/.: ]{0,31}");

    /** The encoding word for UTF-8 with a byte order mark, beside the charset names. */
    public static final String UTF_8_BOM = "utf-8-bom";

    /** {@code ,}, {@code .}, ISO dates, UTF-8, English headers. */
    public static final CsvLayout STANDARD = new CsvLayout(',', '.', "yyyy-MM-dd", StandardCharsets.UTF_8, false,
            Language.ENGLISH);
    /**
     * What French accountants expect: {@code ;}, {@code ,}, {@code dd/MM/yyyy}, UTF-8 with a byte order mark (so
     * that Excel on a French Windows reads "Chloé", not "ChloÃ©"), French headers.
     */
    public static final CsvLayout FRENCH = new CsvLayout(';', ',', "dd/MM/yyyy", StandardCharsets.UTF_8, true,
            Language.FRENCH);

    /** The language of a layout's header row. */
    public enum Language {
        ENGLISH, FRENCH
    }

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
        Names.require("language", language);
        if (byteOrderMark && !encoding.equals(StandardCharsets.UTF_8)) {
            throw new IllegalArgumentException("a byte order mark is only written in UTF-8, not " + encoding.name());
        }
    }

    /**
     * This layout in the encoding {@code word} names: {@value #UTF_8_BOM}, or a charset name such as {@code utf-8} or
     * {@code windows-1252} (no byte order mark).
     *
     * @throws IllegalArgumentException when {@code word} names no charset this JVM has
     */
    public CsvLayout withEncoding(String word) {
        if (word.equalsIgnoreCase(UTF_8_BOM)) {
            return new CsvLayout(separator, decimalMark, datePattern, StandardCharsets.UTF_8, true, language);
        }
        Charset charset;
        try {
            charset = Charset.forName(word);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("encoding must be utf-8, " + UTF_8_BOM
                    + ", windows-1252 or another charset name, was '" + word + "'");
        }
        return new CsvLayout(separator, decimalMark, datePattern, charset, false, language);
    }

    /** The word {@link #withEncoding} knows this layout's encoding by, e.g. {@code utf-8-bom}. */
    public String encodingWord() {
        return byteOrderMark ? UTF_8_BOM : encoding.name().toLowerCase(Locale.ROOT);
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
        return "separator '%s', decimal mark '%s', dates %s, %s, %s headers".formatted(separator, decimalMark,
                datePattern, encodingWord(), language.name().toLowerCase(Locale.ROOT));
    }

    /** The language of the text cells (labels, account names), the same as the header row's. */
    public Locale locale() {
        return language == Language.FRENCH ? Locale.FRENCH : Locale.ENGLISH;
    }

    /** The date cells' formatter, for every CSV written in this layout. */
    public DateTimeFormatter dates() {
        return DateTimeFormatter.ofPattern(datePattern, Locale.ROOT);
    }
}
