package org.fablab.gateway.service;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;
import org.fablab.gateway.billing.CsvLayout;
import org.fablab.gateway.billing.Journal;
import org.fablab.gateway.billing.LedgerLabelText;
import org.fablab.gateway.billing.TreasurerCsv;
import org.fablab.gateway.domain.Arguments;
import org.fablab.gateway.domain.AuditAction;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.BadArgument;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.port.ExportStore;

/**
 * The treasurer's CSV exports (docs/billing.md §6): streamed from the store to an output stream row by row, then
 * audited with the ledger head they were read at, so that a later export or a verify can be compared with it.
 * Who may export is checked by the caller. Blocking; thread-safe.
 */
public final class ExportService {
    private final ExportStore store;
    private final Journal.Accounts accounts;
    private final Clock clock;

    public ExportService(ExportStore store, Journal.Accounts accounts, Clock clock) {
        this.store = store;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** The four exports, by the word the API and CLI use. */
    public enum Kind {
        CHARGES("charges"), CONSUMABLES("consumables"), JOURNAL("journal"), MEMBERS("members");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        public String fileName() {
            return word + ".csv";
        }

        public static Optional<Kind> named(String word) {
            return Arrays.stream(values()).filter(k -> k.word.equals(word)).findFirst();
        }
    }

    /**
     * How the caller asked the CSV to be laid out: a named layout and settings that replace its own; each empty when
     * not given.
     */
    public record LayoutChoice(Optional<String> layout, Optional<String> separator, Optional<String> decimal,
                               Optional<String> dateFormat, Optional<String> encoding) {
        /** The named layout as it is. */
        public static LayoutChoice named(String layout) {
            return new LayoutChoice(Optional.of(layout), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty());
        }
    }

    private static CsvLayout encoded(CsvLayout layout, String word) {
        try {
            return layout.withEncoding(word);
        } catch (IllegalArgumentException e) {
            throw new BadArgument("encoding", ErrorCode.FIELD_ONE_OF, "utf-8, utf-8-bom, windows-1252");
        }
    }

    /** One export: its kind, an inclusive period of accounting dates and a layout. */
    public record Request(Kind kind, LocalDate from, LocalDate to, CsvLayout layout) {
        public Request {
            if (to.isBefore(from)) {
                throw new BadArgument("to", ErrorCode.FIELD_BEFORE, "from");
            }
        }

        /**
         * Parses what a caller typed: a named layout ({@code standard} when empty), then each setting the caller
         * gave instead of the layout's own.
         *
         * @throws BadArgument naming the first wrong field
         */
        public static Request parse(String kind, String from, String to, LayoutChoice choice) {
            Kind parsedKind = Kind.named(String.valueOf(kind)).orElseThrow(() -> new BadArgument("kind",
                    ErrorCode.FIELD_ONE_OF, "charges, consumables, journal, members"));
            return new Request(parsedKind, Arguments.requiredDate("from", from), Arguments.requiredDate("to", to),
                    layout(choice));
        }

        /**
         * The named layout ({@code standard} when empty) with each setting the caller gave instead of its own.
         *
         * @throws BadArgument naming the first wrong field
         */
        public static CsvLayout layout(LayoutChoice choice) {
            String layoutName = choice.layout().orElse("standard");
            CsvLayout base = CsvLayout.named(layoutName).orElseThrow(() -> new BadArgument("layout",
                    ErrorCode.FIELD_ONE_OF, "standard, french"));
            char separator = choice.separator().map(text -> character("separator", text)).orElse(base.separator());
            char decimal = choice.decimal().map(text -> character("decimal", text)).orElse(base.decimalMark());
            String dates = choice.dateFormat().orElse(base.datePattern());
            CsvLayout encoded = choice.encoding().map(word -> encoded(base, word)).orElse(base);
            try {
                return new CsvLayout(separator, decimal, dates, encoded.encoding(), encoded.byteOrderMark(),
                        base.language());
            } catch (IllegalArgumentException e) {
                String field = e.getMessage().startsWith("decimalMark") ? "decimal"
                        : e.getMessage().startsWith("separator") ? "separator" : "dateFormat";
                throw new BadArgument(field, ErrorCode.FIELD_INVALID.with(field), e.getMessage());
            }
        }

        /** One character; {@code tab} for a tab. */
        private static char character(String field, String text) {
            if (text.equals("tab")) {
                return '\t';
            }
            if (text.length() != 1) {
                throw new BadArgument(field, ErrorCode.FIELD_CHARACTER);
            }
            return text.charAt(0);
        }
    }

    /** What was exported: the rows written (header excluded) and the ledger head they were read at. */
    public record Result(long rows, ExportStore.Head head) {
    }

    /** The chart of accounts of the journal export. */
    public Journal.Accounts accounts() {
        return accounts;
    }

    /**
     * Writes the export to {@code out} (flushed, not closed), then records it in the audit log.
     *
     * @param actor who asked, as the audit log names them
     * @throws IOException when {@code out} fails; nothing is audited then
     */
    public Result write(String actor, Request request, OutputStream out) throws IOException {
        Writer writer = TreasurerCsv.open(out, request.layout());
        CsvLayout layout = request.layout();
        LocalDate from = request.from();
        LocalDate to = request.to();
        Result result;
        try {
            result = switch (request.kind()) {
                case CHARGES -> store.charges(from, to, (head, rows) ->
                        new Result(unchecked(() -> TreasurerCsv.writeCharges(rows, writer, layout)), head));
                case CONSUMABLES -> store.consumables(from, to, (head, rows) ->
                        new Result(unchecked(() -> TreasurerCsv.writeConsumables(rows, writer, layout)), head));
                case MEMBERS -> store.memberTotals(from, to, (head, rows) ->
                        new Result(unchecked(() -> TreasurerCsv.writeMembers(rows, writer, layout)), head));
                case JOURNAL -> store.postings(from, to, (head, rows) -> new Result(unchecked(() ->
                        TreasurerCsv.writeJournal(Journal.rows(rows, accounts, LedgerLabelText.in(layout.locale())), writer, layout)), head));
            };
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        writer.flush();
        store.audit(AuditEntry.of(clock.instant(), actor, AuditAction.BILLING_EXPORTED, "export", request.kind().fileName())
                .with("file", request.kind().fileName()).with("from", from).with("to", to)
                .with("layout", layout.describe()).with("rows", result.rows())
                .with("ledgerHead", result.head().sequence()).with("ledgerHash", result.head().hash()));
        return result;
    }

    private interface CsvWrite {
        long run() throws IOException;
    }

    private static long unchecked(CsvWrite write) {
        try {
            return write.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
