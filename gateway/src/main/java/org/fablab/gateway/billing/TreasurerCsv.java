package org.fablab.gateway.billing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.CodingErrorAction;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;
import org.fablab.protocol.network.SettlementStatement;

/**
 * Streaming CSV exports for the treasurer: rows are read from an iterator and written one at a time, so memory does
 * not grow with the number of rows. Quoting is Apache Commons CSV's RFC 4180 quoting. The header row is in the
 * layout's language.
 *
 * <p>Text cells (names, labels, codes, ids, units) that start with {@code =}, {@code +}, {@code -}, {@code @}, TAB
 * or CR are prefixed with a single quote {@code '} so that spreadsheets read them as text, not formulas. Numbers and
 * dates are written by this class and are never prefixed (a negative amount stays {@code -12,34}).
 *
 * <p>Not thread-safe per call; the writer is flushed, not closed.
 */
public final class TreasurerCsv {
    /** A charge or consumable line; its amounts VAT-inclusive, then split into net and VAT. */
    private static final List<Column> LINE = List.of(new Column("date", "Date"), new Column("member", "Adhérent"),
            new Column("member_number", "N° adhérent"), new Column("machine", "Machine"),
            new Column("session_id", "Session"), new Column("item", "Article"),
            new Column("quantity", "Quantité"), new Column("unit", "Unité"),
            new Column("unit_price", "Prix unitaire TTC"), new Column("vat_rate", "Taux TVA %"),
            new Column("amount_excl_vat", "Montant HT"), new Column("vat", "TVA"),
            new Column("amount_incl_vat", "Montant TTC"));

    /** The tables, each with its columns' headers in the languages of {@link CsvLayout.Language}. */
    public enum Table {
        /** {@link TreasurerCsv#writeCharges}. */
        CHARGES(LINE),
        /** {@link TreasurerCsv#writeConsumables}: the same columns. */
        CONSUMABLES(LINE),
        /** {@link TreasurerCsv#writeJournal}. */
        JOURNAL(List.of(new Column("journal_code", "Code journal"), new Column("date", "Date"),
                new Column("account_code", "N° compte"), new Column("account_label", "Libellé compte"),
                new Column("piece", "Pièce"), new Column("label", "Libellé"), new Column("debit", "Débit"),
                new Column("credit", "Crédit"))),
        /** {@link TreasurerCsv#writeMembers}. */
        MEMBERS(List.of(new Column("member", "Adhérent"), new Column("member_number", "N° adhérent"),
                new Column("charges", "Prestations"), new Column("credits", "Avoirs"),
                new Column("payments", "Règlements"), new Column("corrections", "Corrections"),
                new Column("balance", "Solde"))),
        /** {@link TreasurerCsv#writeSettlement}. */
        SETTLEMENT(List.of(new Column("line", "Ligne"), new Column("host_lab", "Labo d'accueil"),
                new Column("home_lab", "Labo d'origine"), new Column("receipt_id", "Reçu"),
                new Column("receipt_hash", "Empreinte du reçu"), new Column("visits", "Visites"),
                new Column("hours", "Heures"), new Column("amount", "Montant"), new Column("currency", "Devise")));

        private final List<Column> columns;

        Table(List<Column> columns) {
            this.columns = columns;
        }

        /** The header row in {@code language}. */
        public List<String> headers(CsvLayout.Language language) {
            return columns.stream().map(c -> language == CsvLayout.Language.FRENCH ? c.french() : c.english())
                    .toList();
        }
    }

    /** A column's header in English (stable snake-case names, for software) and in French (for accountants). */
    private record Column(String english, String french) {
    }

    private TreasurerCsv() {
    }

    /**
     * A buffered writer on {@code out} in the layout's encoding that throws on a character the encoding cannot
     * represent instead of writing {@code ?}; the layout's byte order mark, if any, is already written.
     */
    public static Writer open(OutputStream out, CsvLayout layout) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, layout.encoding().newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
        if (layout.byteOrderMark()) {
            writer.write('\uFEFF');
        }
        return writer;
    }

    /** Writes the header and the rows; returns the number of rows written (header excluded). */
    public static long writeCharges(Iterator<ChargeRow> rows, Writer out, CsvLayout layout) throws IOException {
        Days days = new Days(layout.dates());
        char mark = layout.decimalMark();
        return write(rows, out, layout, Table.CHARGES, r -> line(days.format(r.date()), defuse(r.member()),
                defuse(r.memberNumber()), defuse(r.machine()), defuse(r.sessionId()), defuse(r.item()),
                Long.toString(r.quantity()), defuse(r.unit()), Money.decimal(r.unitPriceCents(), mark),
                r.vatBasisPoints(), r.amountCents(), mark));
    }

    /** Writes the header and the rows; returns the number of rows written (header excluded). */
    public static long writeJournal(Iterator<JournalRow> rows, Writer out, CsvLayout layout) throws IOException {
        Days days = new Days(layout.dates());
        char mark = layout.decimalMark();
        return write(rows, out, layout, Table.JOURNAL, r -> new Object[] {defuse(r.journalCode()),
                days.format(r.date()), defuse(r.accountCode()), defuse(r.accountLabel()), defuse(r.piece()),
                defuse(r.label()), Money.decimal(r.debitCents(), mark), Money.decimal(r.creditCents(), mark)});
    }

    /** Writes the header and the rows; returns the number of rows written (header excluded). */
    public static long writeConsumables(Iterator<ConsumableRow> rows, Writer out, CsvLayout layout) throws IOException {
        Days days = new Days(layout.dates());
        char mark = layout.decimalMark();
        return write(rows, out, layout, Table.CONSUMABLES, r -> line(days.format(r.date()), defuse(r.member()),
                defuse(r.memberNumber()), defuse(r.machine()), defuse(r.sessionId()), defuse(r.item()),
                Long.toString(r.quantity()), defuse(r.unit()), Money.decimal(r.unitPriceCents(), mark),
                r.vatBasisPoints(), r.amountCents(), mark));
    }

    /**
     * The cells of a {@link Table#CHARGES} or {@link Table#CONSUMABLES} row: the text cells, then the VAT rate and the
     * VAT-inclusive amount split as statements split it (docs/billing.md §1), so that net + VAT = gross on every row.
     */
    private static Object[] line(String date, String member, String memberNumber, String machine, String sessionId,
                                 String item, String quantity, String unit, String unitPrice, int vatBasisPoints,
                                 long grossCents, char mark) {
        long vatCents = Money.vatIncluded(grossCents, vatBasisPoints);
        return new Object[] {date, member, memberNumber, machine, sessionId, item, quantity, unit, unitPrice,
                Money.decimal(vatBasisPoints, mark), Money.decimal(grossCents - vatCents, mark),
                Money.decimal(vatCents, mark), Money.decimal(grossCents, mark)};
    }

    /** Writes the header and the rows; returns the number of rows written (header excluded). */
    public static long writeMembers(Iterator<MemberTotalsRow> rows, Writer out, CsvLayout layout) throws IOException {
        char mark = layout.decimalMark();
        return write(rows, out, layout, Table.MEMBERS, r -> new Object[] {defuse(r.member()),
                defuse(r.memberNumber()), Money.decimal(r.chargesCents(), mark), Money.decimal(-r.creditsCents(), mark),
                Money.decimal(-r.paymentsCents(), mark), Money.decimal(r.correctionsCents(), mark),
                Money.decimal(r.balanceCents(), mark)});
    }

    /**
     * Writes a month's settlement statement with a partner lab: a {@code visit} line per receipt, a {@code total}
     * line per host, home lab and currency, and a {@code balance} line per currency where one lab owes the other, the
     * debtor as the home lab and the creditor as the host. Hours with two decimals, rounded half up.
     */
    public static long writeSettlement(SettlementStatement.Statement statement, Writer out, CsvLayout layout)
            throws IOException {
        char mark = layout.decimalMark();
        boolean french = layout.language() == CsvLayout.Language.FRENCH;
        List<Object[]> rows = new ArrayList<>();
        for (SettlementStatement.Visit v : statement.visits()) {
            rows.add(new Object[] {french ? "visite" : "visit", defuse(v.host()), defuse(v.home()),
                    defuse(v.receiptId()), v.hash(), 1, hours(v.wallSeconds(), mark),
                    Money.decimal(v.amountCents(), mark), defuse(v.currency())});
        }
        for (SettlementStatement.Direction d : statement.directions()) {
            rows.add(new Object[] {"total", defuse(d.host()), defuse(d.home()), "", "", d.visits(),
                    hours(d.wallSeconds(), mark), Money.decimal(d.amountCents(), mark), defuse(d.currency())});
        }
        for (SettlementStatement.Balance b : statement.balances()) {
            rows.add(new Object[] {french ? "solde" : "balance", defuse(b.creditor()), defuse(b.debtor()), "", "", "",
                    "", Money.decimal(b.amountCents(), mark), defuse(b.currency())});
        }
        return write(rows.iterator(), out, layout, Table.SETTLEMENT, row -> row);
    }

    private static String hours(long seconds, char mark) {
        return Money.decimal(Math.floorDiv(Math.addExact(Math.multiplyExact(seconds, 100L), 1_800L), 3_600L), mark);
    }

    private static <T> long write(Iterator<T> rows, Writer out, CsvLayout layout, Table table,
                                  Function<T, Object[]> cells) throws IOException {
        CSVPrinter printer = printer(out, layout, table.headers(layout.language()));
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
