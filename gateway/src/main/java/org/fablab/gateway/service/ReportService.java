package org.fablab.gateway.service;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.function.Supplier;
import org.fablab.gateway.billing.FreeWindows;
import org.fablab.gateway.domain.Arguments;
import org.fablab.gateway.domain.BadArgument;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.port.ReportStore;
import org.fablab.gateway.report.ImpactReport;
import org.fablab.gateway.report.ReportPeriod;
import org.fablab.gateway.report.ReportSettings;
import org.fablab.gateway.report.Suppression;

/**
 * Builds the impact report (docs/impact.md): the figures of a period, of the period before and of the same period a
 * year earlier, already suppressed with the configured small-count threshold. It is the only builder of reports, so
 * raw figures never leave the gateway. Who may read it is checked by the caller. Blocking (SQL aggregates); call on a
 * worker. Thread-safe.
 */
public final class ReportService {
    /** The longest period a report covers, so that one request cannot hold the database for long. */
    public static final int MAX_YEARS = 5;

    private final ReportStore store;
    private final Supplier<FreeWindows> freeWindows;
    private final String lab;
    private final ZoneId zone;
    private final Currency currency;
    private final ReportSettings settings;
    private final Clock clock;

    /**
     * @param freeWindows the lab's free windows as they are now; read once per report
     * @param currency    the lab's {@code billing.currency}, which every money figure is in
     */
    public ReportService(ReportStore store, Supplier<FreeWindows> freeWindows, String lab, ZoneId zone,
                         Currency currency, ReportSettings settings, Clock clock) {
        this.store = store;
        this.freeWindows = freeWindows;
        this.lab = lab;
        this.zone = zone;
        this.currency = currency;
        this.settings = settings;
        this.clock = clock;
    }

    /** The currency of the reports' money figures, for the CSV and PDF to name (the JSON gives cents only). */
    public Currency currency() {
        return currency;
    }

    public ImpactReport report(ReportPeriod period) {
        FreeWindows free = freeWindows.get();
        ImpactReport raw = new ImpactReport(ImpactReport.SCHEMA, lab, zone, settings, clock.instant(),
                part(period, free), part(period.previous(), free), part(period.yearEarlier(), free));
        return Suppression.apply(raw, settings.smallCountThreshold());
    }

    private ImpactReport.Part part(ReportPeriod period, FreeWindows free) {
        return new ImpactReport.Part(period, store.figures(period, zone, free, settings));
    }


    /**
     * The period a caller typed, as {@code YYYY-MM-DD} dates, both included.
     *
     * @throws BadArgument when a date is missing or malformed, {@code to} is before {@code from}, or the period is
     *                     longer than {@value #MAX_YEARS} years
     */
    public static ReportPeriod period(String from, String to) {
        LocalDate first = Arguments.requiredDate("from", from);
        LocalDate last = Arguments.requiredDate("to", to);
        if (last.isBefore(first)) {
            throw new BadArgument("to", ErrorCode.FIELD_BEFORE, "from");
        }
        if (last.isAfter(first.plusYears(MAX_YEARS).minusDays(1))) {
            throw new BadArgument("to", ErrorCode.PERIOD_TOO_LONG, MAX_YEARS, first.plusYears(MAX_YEARS).minusDays(1));
        }
        return new ReportPeriod(first, last);
    }
}
