package org.fablab.gateway.report;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import org.fablab.protocol.Names;

/**
 * The local dates a report covers, both included, read in the lab's time zone. A whole calendar month, quarter or
 * year compares with the previous month, quarter or year; any other span with the same number of days just before.
 */
public record ReportPeriod(LocalDate from, LocalDate to) {
    public ReportPeriod {
        Names.require("from", from);
        Names.require("to", to);
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to " + to + " must not be before from " + from);
        }
    }

    public static ReportPeriod month(YearMonth month) {
        return new ReportPeriod(month.atDay(1), month.atEndOfMonth());
    }

    /** @param quarter 1 to 4 */
    public static ReportPeriod quarter(int year, int quarter) {
        if (quarter < 1 || quarter > 4) {
            throw new IllegalArgumentException("quarter must be 1 to 4, was " + quarter);
        }
        YearMonth first = YearMonth.of(year, 3 * quarter - 2);
        return new ReportPeriod(first.atDay(1), first.plusMonths(2).atEndOfMonth());
    }

    public static ReportPeriod year(int year) {
        return new ReportPeriod(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
    }

    /** Number of local dates covered. */
    public long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }

    /** The period just before, of the same calendar kind (month, quarter, year) or else the same number of days. */
    public ReportPeriod previous() {
        long months = wholeMonths();
        if (months > 0) {
            return new ReportPeriod(from.minusMonths(months), from.minusDays(1));
        }
        return new ReportPeriod(from.minusDays(days()), from.minusDays(1));
    }

    /** The same dates one year earlier (29 February becomes 28 February). */
    public ReportPeriod yearEarlier() {
        long months = wholeMonths();
        if (months > 0) {
            return new ReportPeriod(from.minusYears(1), YearMonth.from(to.minusYears(1)).atEndOfMonth());
        }
        return new ReportPeriod(from.minusYears(1), to.minusYears(1));
    }

    /** How many whole calendar months the period is, when it starts on a first and ends on a last day; else 0. */
    private long wholeMonths() {
        if (from.getDayOfMonth() != 1 || !to.equals(YearMonth.from(to).atEndOfMonth())) {
            return 0;
        }
        return ChronoUnit.MONTHS.between(YearMonth.from(from), YearMonth.from(to)) + 1;
    }
}
