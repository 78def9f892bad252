package org.fablab.gateway.port;

import java.time.ZoneId;
import org.fablab.gateway.billing.FreeWindows;
import org.fablab.gateway.report.ImpactFigures;
import org.fablab.gateway.report.ReportPeriod;
import org.fablab.gateway.report.ReportSettings;

/**
 * Computes the impact figures of one period with SQL aggregates, never loading sessions into memory. Counts come back
 * exact; suppression is the report service's job.
 */
public interface ReportStore {
    ImpactFigures figures(ReportPeriod period, ZoneId zone, FreeWindows freeWindows, ReportSettings settings);
}
