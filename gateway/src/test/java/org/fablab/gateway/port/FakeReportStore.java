package org.fablab.gateway.port;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fablab.gateway.billing.FreeWindows;
import org.fablab.gateway.report.ImpactFigures;
import org.fablab.gateway.report.ReportPeriod;
import org.fablab.gateway.report.ReportSettings;
import org.fablab.gateway.report.SampleFigures;

/**
 * A report store in memory: the figures put for a period, else every count and number {@code 7}. Records the periods
 * asked for.
 */
public final class FakeReportStore implements ReportStore {
    private final Map<ReportPeriod, ImpactFigures> figures = new ConcurrentHashMap<>();
    /** The periods asked for, in order. */
    public final List<ReportPeriod> asked = new CopyOnWriteArrayList<>();

    public FakeReportStore put(ReportPeriod period, ImpactFigures figures) {
        this.figures.put(period, figures);
        return this;
    }

    @Override
    public ImpactFigures figures(ReportPeriod period, ZoneId zone, FreeWindows freeWindows, ReportSettings settings) {
        asked.add(period);
        return figures.getOrDefault(period, SampleFigures.every(7));
    }
}
