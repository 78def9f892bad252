package org.fablab.gateway.report;

import java.time.Instant;
import java.time.ZoneId;

/**
 * The impact report: the figures of a period beside the previous period and the same period a year earlier. Only
 * aggregates; the JSON form is documented in docs/impact.md ({@code schema} names its version) so that a network of
 * labs can add reports up.
 *
 * @param lab         the lab id
 * @param zone        the lab's time zone, in which the periods' dates are read
 * @param settings    the thresholds the figures were computed and shown with
 * @param generatedAt when the report was computed
 */
public record ImpactReport(String schema, String lab, ZoneId zone, ReportSettings settings, Instant generatedAt,
                           Part current, Part previous, Part yearEarlier) {
    public static final String SCHEMA = "fablab-impact-report/1";

    /** One period and its figures. */
    public record Part(ReportPeriod period, ImpactFigures figures) {
    }
}
