package org.fablab.gateway.billing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.CodingErrorAction;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

/**
 * Streaming CSV exports for the treasurer: rows are read from an iterator and written one at a time, so memory does
 * not grow with the number of rows. Quoting is Apache Commons CSV's RFC 4180 quoting.
 *
 * <p>Text cells (names, labels, codes, ids, units) that start with {@code =}, {@code +}, {@code -}, {@code @}, TAB
 * or CR are prefixed with a single quote {@code '} so that spreadsheets read them as text, not formulas. Numbers and
 * dates are written by this class and are never prefixed (a negative amount stays {@code -12,34}).
 *
 * <p>Not thread-safe per call; the writer is flushed, not closed.
 */
public final class TreasurerCsv {
    /** Columns of {@link #writeCharges}. */
    public static final List<String> CHARGE_COLUMNS = List.of("date", "member", "member_number", "machine",
            "session_id", "quantity", "unit", "unit_price", "vat_rate", "amount");
    /** Columns of {@link #writeJournal}. */
    public static final List<String> JOURNAL_COLUMNS = List.of("journal_code", "date", "account_code",
            "account_label", "piece", "label", "debit", "credit");
    /** Columns of {@link #writeConsumables}. */
    public static final List<String> CONSUMABLE_COLUMNS = List.of("date", "member", "member_number", "machine",
            "session_id", "item", "quantity", "unit", "unit_price", "vat_rate", "amount");
    /** Columns of {@link #writeMembers}. */
    public static final List<String> MEMBER_COLUMNS = List.of("member", "member_number", "charges", "credits",
            "payments", "corrections", "balance");

    private TreasurerCsv() {
    }

    /**
     * A buffered writer on {@code out} in the layout's encoding that throws on a character the encoding cannot
     * represent instead of writing {@code ?}.
     */
    public static Writer open(OutputStream out, CsvLayout layout) {
        return new BufferedWriter(new OutputStreamWriter(out, layout.encoding().newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
    }

    /** Writes the header and the rows; returns the number of rows written (header excluded). */
    public static long writeCharges(Iterator<ChargeRow> rows, Writer out, CsvLayout layout) throws IOException {
        Days days = new Days(layout.dates());
        char mark = layout.decimalMark();
        return write(rows, out, layout, CHARGE_COLUMNS, r -> new Object[] {days.format(r.date()), defuse(r.member()),
                defuse(r.memberNumber()), defuse(r.machine()), defuse(r.sessionId()), Long.toString(r.quantity()),
                defuse(r.unit()), Money.decimal(r.unitPriceCents(), mark), Money.decimal(r.vatBasisPoints(), mark),
                Money.decimal(r.amountCents(), mark)});
    }

    /** Writes the header and the rows; returns the number of rows written (header excluded). */
    public static long writeJournal(Iterator<JournalRow> rows, Writer out, CsvLayout layout) throws IOException {
        Days days = new Days(layout.dates());
        char mark = layout.decimalMark();
        return write(rows, out, layout, JOURNAL_COLUMNS, r -> new Object[] {defuse(r.journalCode()),
                days.format(r.date()), defuse(r.accountCode()), defuse(r.accountLabel()), defuse(r.piece()),
                defuse(r.label()), Money.decimal(r.debitCents(), mark), Money.decimal(r.creditCents(), mark)});
    }

    /** Writes the header and the rows; returns the number of rows written (header excluded). */
    public static long writeConsumables(Iterator<ConsumableRow> rows, Writer out, CsvLayout layout) throws IOException {
        Days days = new Days(layout.dates());
        char mark = layout.decimalMark();
        return write(rows, out, layout, CONSUMABLE_COLUMNS, r -> new Object[] {days.format(r.date()),
                defuse(r.member()), defuse(r.memberNumber()), defuse(r.machine()), defuse(r.sessionId()),
                defuse(r.item()), Long.toString(r.quantity()), defuse(r.unit()), Money.decimal(r.unitPriceCents(), mark),
                Money.decimal(r.vatBasisPoints(), mark), Money.decimal(r.amountCents(), mark)});
    }

    /** Writes the header and the rows; returns the number of rows written (header excluded). */
    public static long writeMembers(Iterator<MemberTotalsRow> rows, Writer out, CsvLayout layout) throws IOException {
        char mark = layout.decimalMark();
        return write(rows, out, layout, MEMBER_COLUMNS, r -> new Object[] {defuse(r.member()),
                defuse(r.memberNumber()), Money.decimal(r.chargesCents(), mark), Money.decimal(-r.creditsCents(), mark),
                Money.decimal(-r.paymentsCents(), mark), Money.decimal(r.correctionsCents(), mark),
                Money.decimal(r.balanceCents(), mark)});
    }

    private static <T> long write(Iterator<T> rows, Writer out, CsvLayout layout, List<String> columns,
                                  Function<T, Object[]> cells) throws IOException {
        CSVPrinter printer = printer(out, layout, columns);
        long written = 0;
        while (rows.hasNext()) {
            printer.printRecord(cells.apply(rows.next()));
            written++;
        }
        printer.flush();
        return written;
    }

    /** Formats dates, each distinct day once in a row: an export holds thousands of rows per day. */
    private static final class Days {
        private final DateTimeFormatter format;
        private LocalDate day;
        private String text = "";

        Days(DateTimeFormatter format) {
            this.format = format;
        }

        String format(LocalDate date) {
            if (!date.equals(day)) {
                day = date;
                text = format.format(date);
            }
            return text;
        }
    }

    /** {@code text} with a leading {@code '} when it starts with a character a spreadsheet reads as a formula. */
    public static String defuse(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        char first = text.charAt(0);
        boolean risky = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t'
                || first == '\r';
        return risky ? "'" + text : text;
    }

    /** {@code hundredths} as a decimal with two digits after the layout's mark, e.g. 1234 as {@code 12,34}. */
    public static String decimal(long hundredths, CsvLayout layout) {
        return Money.decimal(hundredths, layout.decimalMark());
    }

    /** A printer of RFC 4180 records with CRLF in the layout's separator, the header {@code columns} written first. */
    public static CSVPrinter printer(Writer out, CsvLayout layout, List<String> columns) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(layout.separator()).setRecordSeparator("\r\n")
                .setQuoteMode(QuoteMode.MINIMAL).setHeader(columns.toArray(String[]::new)).get();
        return new CSVPrinter(out, format);
    }
}
