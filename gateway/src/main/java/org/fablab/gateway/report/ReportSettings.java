package org.fablab.gateway.report;

/**
 * How the report classifies and shows (gateway configuration {@code report:}, docs/impact.md).
 *
 * @param regularMinDays      an active member is regular with sessions on at least this many distinct local days of
 *                            the period, occasional otherwise
 * @param smallCountThreshold counts from 1 to this minus one are shown as {@code "<threshold"}
 */
public record ReportSettings(int regularMinDays, int smallCountThreshold) {
    public ReportSettings {
        if (regularMinDays < 1) {
            throw new IllegalArgumentException("report.regularMinDays must be at least 1, was " + regularMinDays);
        }
        if (smallCountThreshold < 1) {
            throw new IllegalArgumentException("report.smallCountThreshold must be at least 1, was "
                    + smallCountThreshold);
        }
    }
}
