package org.fablab.gateway.billing;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes {@link LedgerLabel}s and the journal's account names in French or English, for the documents the gateway
 * writes itself (CSV exports, invoices); the dashboard has the same texts in its own i18n files. Immutable and
 * thread-safe.
 */
public final class LedgerLabelText {
    private static final Pattern PARAM = Pattern.compile("\\{(\\w+)}");

    private final ResourceBundle words;
    private final DateTimeFormatter dates;
    private final DateTimeFormatter months;

    private LedgerLabelText(Locale language) {
        boolean french = "fr".equals(language.getLanguage());
        this.words = ResourceBundle.getBundle("org.fablab.gateway.billing.labels", french ? Locale.FRENCH : Locale.ROOT,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        this.dates = DateTimeFormatter.ofPattern(french ? "dd/MM/yyyy" : "yyyy-MM-dd", Locale.ROOT);
        this.months = DateTimeFormatter.ofPattern("MMMM yyyy", french ? Locale.FRENCH : Locale.ENGLISH);
    }

    /** French for a French locale, English for any other. */
    public static LedgerLabelText in(Locale language) {
        return new LedgerLabelText(language);
    }

    /** The label in this language: dates, months and units written out, the other parameters as they are. */
    public String write(LedgerLabel label) {
        String template = words.getString("ledger." + label.code());
        Matcher m = PARAM.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(param(m.group(1), label.params())));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The name of a journal account: {@code sales}, {@code vat} or {@code bank}. */
    public String account(String account) {
        return words.getString("account." + account);
    }

    private String param(String name, Map<String, Object> params) {
        Object value = params.get(name);
        if (value == null) {
            return "";
        }
        return switch (name) {
            case "date" -> dates.format(LocalDate.parse(value.toString()));
            case "month" -> months.format(YearMonth.parse(value.toString()));
            case "unit" -> words.containsKey("unit." + value) ? words.getString("unit." + value) : value.toString();
            default -> value.toString();
        };
    }
}
