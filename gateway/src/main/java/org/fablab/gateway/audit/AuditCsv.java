package org.fablab.gateway.audit;

import static org.fablab.gateway.billing.TreasurerCsv.defuse;

import java.io.IOException;
import java.io.Writer;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVPrinter;
import org.fablab.gateway.billing.CsvLayout;
import org.fablab.gateway.billing.TreasurerCsv;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.port.AuditLog;

/**
 * The audit log as CSV, in a treasurer's {@link CsvLayout} (separator, date pattern, encoding) with headers in French or
 * English. One row per entry, newest first: the day in the layout's date pattern and the time of day in the lab's zone,
 * ids beside names, the action's code, and its parameters as {@code name=value} pairs joined by {@code "; "} (the free
 * text of entries older than parameters as it is). Text cells are defused against formulas as in {@link TreasurerCsv}.
 *
 * <p>The details are the same in every language: parameter names, codes and an update's {@code changed} list (the
 * gateway's English text, e.g. {@code name, validUntil=2026-12-31}) as stored, so that a tool or a search reads them
 * like the action's code. Only the dashboard's audit page writes them in the reader's language (audit-changed.js).
 */
public final class AuditCsv {
    /** Column keys, in order; the headers are their translations. */
    public static final List<String> COLUMNS = List.of("date", "time", "actor", "actor_name", "action", "subject_type",
            "subject_id", "member", "member_name", "machine", "machine_name", "reason", "details");
    private static final Map<String, List<String>> HEADERS = Map.of(
            "en", List.of("date", "time", "actor", "actor name", "action", "subject type", "subject", "member",
                    "member name", "machine", "machine name", "reason", "details"),
            "fr", List.of("date", "heure", "auteur", "nom de l'auteur", "action", "type d'objet", "objet", "membre",
                    "nom du membre", "machine", "nom de la machine", "motif", "détails"));
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private AuditCsv() {
    }

    /** The headers for {@code lang} ({@code fr} or {@code en}; anything else reads as English). */
    public static List<String> headers(String lang) {
        return HEADERS.getOrDefault(lang, HEADERS.get("en"));
    }

    /** Writes the header and the lines; returns the number of lines written (header excluded). */
    public static long write(Iterator<AuditLog.Line> lines, Writer out, CsvLayout layout, ZoneId zone, String lang)
            throws IOException {
        DateTimeFormatter day = layout.dates();
        CSVPrinter printer = TreasurerCsv.printer(out, layout, headers(lang));
        long written = 0;
        while (lines.hasNext()) {
            AuditLog.Line line = lines.next();
            AuditEntry e = line.entry();
            ZonedDateTime at = e.at().atZone(zone);
            printer.printRecord(day.format(at), TIME.format(at), defuse(e.actor()), defuse(line.actorName()),
                    defuse(e.action()), defuse(e.subjectType()), defuse(e.subjectId()), defuse(e.memberId()),
                    defuse(line.memberName()), defuse(e.machineId()), defuse(line.machineName()), defuse(e.reason()),
                    defuse(details(e)));
            written++;
        }
        printer.flush();
        return written;
    }

    private static String details(AuditEntry entry) {
        if (entry.params().isEmpty()) {
            return entry.detail();
        }
        return entry.params().entrySet().stream().map(p -> p.getKey() + "=" + p.getValue())
                .collect(Collectors.joining("; "));
    }
}
