package org.fablab.gateway.service;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.nio.charset.Charset;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;
import org.fablab.gateway.billing.CsvLayout;
import org.fablab.gateway.billing.Journal;
import org.fablab.gateway.billing.LedgerLabelText;
import org.fablab.gateway.billing.TreasurerCsv;
import org.fablab.gateway.domain.AuditAction;
import org.fablab.gateway.domain.AuditEntry;
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

    /** An argument of an export request that is missing or wrong; {@code field} names it. */
    public static final class BadArgument extends RuntimeException {
        private final String field;

        BadArgument(String field, String why) {
            super(why, null, false, false);
            this.field = field;
        }

        public String field() {
            return field;
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

    private static Charset charset(String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw new BadArgument("encoding", "encoding must be a charset such as UTF-8 or windows-1252, was '"
                    + name + "'");
        }
    }

    /** One export: its kind, an inclusive period of accounting dates and a layout. */
    public record Request(Kind kind, LocalDate from, LocalDate to, CsvLayout layout) {
        public Request {
            if (to.isBefore(from)) {
                throw new BadArgument("to", "to (" + to + ") must not be before from (" + from + ")");
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
                    "the export must be charges, consumables, journal or members, was '" + kind + "'"));
            return new Request(parsedKind, date("from", from), date("to", to), layout(choice));
        }

        /**
         * The named layout ({@code standard} when empty) with each setting the caller gave instead of its own.
         *
         * @throws BadArgument naming the first wrong field
         */
        public static CsvLayout layout(LayoutChoice choice) {
            String layoutName = choice.layout().orElse("standard");
            CsvLayout base = CsvLayout.named(layoutName).orElseThrow(() -> new BadArgument("layout",
                    "layout must be standard or french, was '" + layoutName + "'"));
            char separator = choice.separator().map(text -> character("separator", text)).orElse(base.separator());
            char decimal = choice.decimal().map(text -> character("decimal", text)).orElse(base.decimalMark());
            String dates = choice.dateFormat().orElse(base.datePattern());
            Charset encoding = choice.encoding().map(ExportService::charset).orElse(base.encoding());
            try {
                return new CsvLayout(separator, decimal, dates, encoding);
            } catch (IllegalArgumentException e) {
                String field = e.getMessage().startsWith("decimalMark") ? "decimal"
                        : e.getMessage().startsWith("separator") ? "separator" : "dateFormat";
                throw new BadArgument(field, e.getMessage());
            }
        }

        /** One character; {@code tab} for a tab. */
        private static char character(String field, String text) {
            if (text.equals("tab")) {
                return '\t';
            }
            if (text.length() != 1) {
                throw new BadArgument(field, field + " must be one character (or tab), was '" + text + "'");
            }
            return text.charAt(0);
        }

        private static LocalDate date(String field, String text) {
            if (text == null || text.isBlank()) {
                throw new BadArgument(field, field + " is required, as YYYY-MM-DD");
            }
            try {
                return LocalDate.parse(text.strip());
            } catch (DateTimeParseException e) {
                throw new BadArgument(field, field + " must be a date as YYYY-MM-DD, was '" + text + "'");
            }
        }
    }

    /** What was exported: the rows written (header excluded) and the ledger head they were read at. */
    public record Result(long rows, ExportStore.Head head) {
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
                        TreasurerCsv.writeJournal(Journal.rows(rows, accounts, LedgerLabelText.in(layout.language())), writer, layout)), head));
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
