package org.fablab.gateway.report;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.DayOfWeek;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.fablab.gateway.pdf.PdfPages;
import org.fablab.gateway.report.ImpactFigures.MachineUsage;
import org.fablab.gateway.report.ImpactFigures.MonthUsage;
import org.fablab.gateway.report.ImpactFigures.OccupancyCell;
import org.fablab.gateway.report.ImpactFigures.Share;
import org.fablab.gateway.report.PdfCharts.Series;

/**
 * The impact report as an A4 PDF for funders and the board: title, the suppression and regularity notes, then one
 * section per part of {@link ImpactFigures} as tables (current period, previous period, a year earlier) and vector
 * charts (use over months, hours per machine, weekday × hour occupancy, revenue by category). It prints the report as
 * given; suppression happened before ({@code ReportService}). Pure: no I/O, safe from any thread.
 */
public final class ReportPdf {
    private static final Currency DEFAULT_CURRENCY = Currency.getInstance("EUR");
    private static final float SUBHEADING = 10.5f;
    private static final float[] FIGURE_COLUMNS = {2, 1, 1, 1};

    private final ImpactReport report;
    private final ReportLabels labels;
    private final Locale locale;
    private final NumberFormat integers;
    private final NumberFormat decimals;
    private final NumberFormat money;
    private final PdfPages pages;
    private final PdfCharts charts;

    private ReportPdf(ImpactReport report, Locale locale, Currency currency, PdfPages pages) {
        this.report = report;
        this.labels = ReportLabels.of(locale);
        this.locale = locale;
        this.integers = NumberFormat.getIntegerInstance(locale);
        this.decimals = NumberFormat.getNumberInstance(locale);
        decimals.setMinimumFractionDigits(1);
        decimals.setMaximumFractionDigits(1);
        this.money = NumberFormat.getCurrencyInstance(locale);
        money.setCurrency(currency);
        money.setMinimumFractionDigits(currency.getDefaultFractionDigits());
        money.setMaximumFractionDigits(currency.getDefaultFractionDigits());
        this.pages = pages;
        this.charts = new PdfCharts(pages);
    }

    /** The report in euros, in French for a French locale and in English otherwise. */
    public static byte[] render(ImpactReport report, Locale locale) {
        return render(report, locale, DEFAULT_CURRENCY);
    }

    /** The report with its money in {@code currency} (the lab's {@code billing.currency}). */
    public static byte[] render(ImpactReport report, Locale locale, Currency currency) {
        ReportLabels labels = ReportLabels.of(locale);
        try (PdfPages pages = new PdfPages(labels.text("report.title") + " " + report.lab())) {
            new ReportPdf(report, labels.locale(), currency, pages).write();
            return pages.finish((page, count) -> report.lab() + " · " + labels.text("pdf.page", page, count));
        }
    }

    private void write() {
        title();
        people();
        machines();
        skills();
        materials();
        money();
        network();
    }

    private void title() {
        pages.heading(labels.text("report.title"), 20);
        pages.paragraph(labels.text("report.lab", report.lab()), 11);
        pages.paragraph(period(report.current().period()), 11);
        pages.paragraph(labels.text("pdf.compared", range(report.previous().period()),
                range(report.yearEarlier().period())), 9);
        DateTimeFormatter stamp = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT)
                .withLocale(locale).withZone(report.zone());
        pages.paragraph(labels.text("report.generatedAt", stamp.format(report.generatedAt())) + " · "
                + labels.text("pdf.zone", report.zone().getId()), 9);
        int threshold = report.settings().smallCountThreshold();
        if (threshold > 1) {
            pages.paragraph(labels.text("note.threshold", Integer.toString(threshold)), 9);
        }
        pages.paragraph(labels.text("note.regular", Integer.toString(report.settings().regularMinDays())), 9);
    }

    private void people() {
        section("section.people");
        figures(List.of(
                row("figure.people.activeMembers", f -> count(f.people().activeMembers())),
                row("figure.people.newMembers", f -> count(f.people().newMembers())),
                row("figure.people.regular", f -> count(f.people().regular())),
                row("figure.people.occasional", f -> count(f.people().occasional()))));
        shares("figure.people.byGroup", f -> f.people().byGroup(), "detail.noGroup");
        shares("figure.people.byTerritory", f -> f.people().byTerritory(), "detail.noTerritory");
    }

    private void machines() {
        section("section.machines");
        figures(List.of(
                row("figure.machines.sessions", f -> count(f.machines().sessions())),
                row("figure.machines.wallSeconds", f -> hours(f.machines().wallSeconds())),
                row("figure.machines.activeSeconds", f -> hours(f.machines().activeSeconds())),
                row("figure.machines.freeWindowSeconds", f -> hours(f.machines().freeWindowSeconds()))));
        months();
        ImpactFigures current = report.current().figures();
        subheading("pdf.chart.perMachine");
        List<MachineUsage> machines = current.machines().perMachine();
        if (machines.isEmpty()) {
            nothing();
        } else {
            charts.bars(machines.stream().map(MachineUsage::name).toList(),
                    List.of(new Series(labels.text("figure.machines.wallSeconds"),
                            machines.stream().map(m -> m.wallSeconds() / 3600.0).toList(), this::hourValue)),
                    this::hourValue);
        }
        usage("figure.machines.perMachine.wallSeconds", f -> f.machines().perMachine(),
                m -> hours(m.wallSeconds()));
        usage("figure.machines.perMachine.sessions", f -> f.machines().perMachine(), m -> count(m.sessions()));
        usage("figure.machines.perKind.wallSeconds", f -> f.machines().perKind(), m -> hours(m.wallSeconds()));
        occupancy(current.machines().occupancy());
        table("figure.machines.refusals", merged(f -> f.machines().refusals(), s -> labels.refusal(s.name()),
                s -> count(s.count())));
    }

    private void months() {
        pages.heading(labels.text("section.months"), SUBHEADING, PdfCharts.LINES_HEIGHT);
        List<MonthUsage> months = report.current().figures().months();
        if (months.isEmpty()) {
            nothing();
            return;
        }
        DateTimeFormatter shortMonth = DateTimeFormatter.ofPattern("MMM yy", locale);
        charts.lines(months.stream().map(m -> shortMonth.format(m.month())).toList(),
                new Series(labels.text("figure.machines.sessions"),
                        months.stream().map(m -> exact(m.sessions())).toList(), this::tick),
                new Series(labels.text("figure.machines.wallSeconds") + " (h)",
                        months.stream().map(m -> m.wallSeconds() / 3600.0).toList(), this::tick));
        DateTimeFormatter longMonth = DateTimeFormatter.ofPattern("LLLL yyyy", locale);
        List<List<String>> rows = months.stream().map(m -> List.of(longMonth.format(m.month()), count(m.sessions()),
                hours(m.wallSeconds()), count(m.members()))).toList();
        pages.table(List.of(labels.text("pdf.column.month"), labels.text("figure.machines.sessions"),
                labels.text("figure.machines.wallSeconds"), labels.text("pdf.column.members")), FIGURE_COLUMNS, rows);
    }

    private void occupancy(List<OccupancyCell> cells) {
        pages.heading(labels.text("figure.machines.occupancy"), SUBHEADING, PdfCharts.HEATMAP_HEIGHT + 30);
        if (cells.isEmpty()) {
            nothing();
            return;
        }
        double[][] hours = new double[7][24];
        for (OccupancyCell cell : cells) {
            hours[cell.day().getValue() - 1][cell.hour()] += cell.seconds() / 3600.0;
        }
        List<String> days = new ArrayList<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            days.add(labels.text("weekday." + day.name()));
        }
        pages.paragraph(labels.text("pdf.occupancy.legend"), 8);
        charts.heatmap(days, hours, this::hourValue);
    }

    private void skills() {
        section("section.skills");
        figures(List.of(
                row("figure.skills.delivered", f -> count(f.skills().delivered())),
                row("figure.skills.byPeers", f -> count(f.skills().byPeers())),
                row("figure.skills.byStaff", f -> count(f.skills().byStaff())),
                row("figure.skills.activeAtEnd", f -> count(f.skills().activeAtEnd())),
                row("figure.skills.lapsed", f -> count(f.skills().lapsed())),
                row("figure.skills.firstTime", f -> count(f.skills().firstTime()))));
        table("figure.skills.perTraining", merged(f -> f.skills().perTraining(), Share::name, s -> count(s.count())));
    }

    private void materials() {
        section("section.materials");
        figures(List.of(
                row("figure.materials.energyWh", f -> decimals.format(f.materials().energyWh() / 1000.0) + " "
                        + labels.text("unit.kWh")),
                row("figure.materials.repairSessions", f -> count(f.materials().repairSessions())),
                row("figure.materials.reuseSessions", f -> count(f.materials().reuseSessions())),
                row("figure.materials.repairConsumables", f -> count(f.materials().repairConsumables())),
                row("figure.materials.reuseConsumables", f -> count(f.materials().reuseConsumables()))));
        table("figure.materials.consumables", merged(f -> f.materials().consumables(),
                m -> m.label() + " (" + m.unit() + ")", m -> integers.format(m.quantity())));
    }

    private void money() {
        section("section.money");
        List<String> categories = List.of("machineTimeCents", "consumablesCents", "plansCents", "otherCents");
        List<Function<ImpactFigures, Long>> revenue = List.of(f -> f.money().machineTimeCents(),
                f -> f.money().consumablesCents(), f -> f.money().plansCents(), f -> f.money().otherCents());
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < categories.size(); i++) {
            Function<ImpactFigures, Long> cents = revenue.get(i);
            rows.add(row("figure.money." + categories.get(i), f -> money(cents.apply(f))));
        }
        rows.add(row("pdf.money.total", f -> money(revenue.stream().mapToLong(r -> r.apply(f)).sum())));
        rows.add(row("figure.money.waivedFreeWindowCents", f -> money(f.money().waivedFreeWindowCents())));
        rows.add(row("figure.money.waivedGroupCents", f -> money(f.money().waivedGroupCents())));
        rows.add(row("figure.money.outstandingCents", f -> money(f.money().outstandingCents())));
        figures(rows);
        subheading("pdf.chart.revenue");
        List<ImpactReport.Part> parts = parts();
        List<String> columns = List.of("column.current", "column.previous", "column.yearEarlier");
        List<Series> series = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            ImpactFigures figures = parts.get(p).figures();
            series.add(new Series(labels.text(columns.get(p)),
                    revenue.stream().map(r -> r.apply(figures) / 100.0).toList(), this::moneyValue));
        }
        charts.bars(categories.stream().map(c -> labels.text("figure.money." + c)).toList(), series,
                this::moneyValue);
    }

    /**
     * Visits between partner labs, only when one of the three parts had any: a lab outside any network would
     * otherwise print a section of zeros.
     */
    private void network() {
        if (parts().stream().map(p -> p.figures().network()).allMatch(ReportPdf::none)) {
            return;
        }
        section("section.network");
        figures(List.of(
                row("figure.network.visitorsFromPartners", f -> count(f.network().visitorsFromPartners())),
                row("figure.network.visitsHosted", f -> count(f.network().visitsHosted())),
                row("figure.network.hostedSeconds", f -> hours(f.network().hostedSeconds())),
                row("figure.network.membersAbroad", f -> count(f.network().membersAbroad())),
                row("figure.network.visitsAbroad", f -> count(f.network().visitsAbroad())),
                row("figure.network.abroadSeconds", f -> hours(f.network().abroadSeconds())),
                row("figure.network.abroadChargedCents", f -> money(f.network().abroadChargedCents()))));
    }

    /** Whether no visit was made either way: every visit is a session or a receipt, so both counts tell. */
    private static boolean none(ImpactFigures.Network network) {
        Count zero = Count.exact(0);
        return network.visitsHosted().equals(zero) && network.visitsAbroad().equals(zero);
    }

    /** A figure's label and how to show it from one part's figures. */
    private record Row(String label, Function<ImpactFigures, String> value) {
    }

    private Row row(String key, Function<ImpactFigures, String> value) {
        return new Row(labels.text(key), value);
    }

    private void figures(List<Row> rows) {
        List<List<String>> cells = new ArrayList<>();
        for (Row row : rows) {
            List<String> line = new ArrayList<>(List.of(row.label()));
            parts().forEach(p -> line.add(row.value().apply(p.figures())));
            cells.add(line);
        }
        pages.table(header(labels.text("column.figure")), FIGURE_COLUMNS, cells);
    }

    private void shares(String key, Function<ImpactFigures, List<Share>> list, String emptyNameKey) {
        table(key, merged(list, s -> s.name().isEmpty() ? labels.text(emptyNameKey) : s.name(),
                s -> count(s.count())));
    }

    private void usage(String key, Function<ImpactFigures, List<MachineUsage>> list,
                       Function<MachineUsage, String> value) {
        table(key, merged(list, MachineUsage::name, value));
    }

    private void table(String key, List<List<String>> rows) {
        subheading(key);
        if (rows.isEmpty()) {
            nothing();
        } else {
            pages.table(header(labels.text("column.detail")), FIGURE_COLUMNS, rows);
        }
    }

    /**
     * One row per name found in any of the three parts, in the current part's order and then the others'; a name a
     * part lacks shows a dash there.
     */
    private <T> List<List<String>> merged(Function<ImpactFigures, List<T>> list, Function<T, String> name,
                                          Function<T, String> value) {
        Map<String, String[]> rows = new LinkedHashMap<>();
        List<ImpactReport.Part> parts = parts();
        for (int p = 0; p < parts.size(); p++) {
            for (T item : list.apply(parts.get(p).figures())) {
                String[] cells = rows.computeIfAbsent(name.apply(item), n -> new String[] {n, "–", "–", "–"});
                cells[p + 1] = value.apply(item);
            }
        }
        return rows.values().stream().map(List::of).toList();
    }

    private List<String> header(String first) {
        return List.of(first, labels.text("column.current"), labels.text("column.previous"),
                labels.text("column.yearEarlier"));
    }

    private List<ImpactReport.Part> parts() {
        return List.of(report.current(), report.previous(), report.yearEarlier());
    }

    private void section(String key) {
        pages.down(6);
        pages.heading(labels.text(key), 15);
    }

    private void subheading(String key) {
        pages.heading(labels.text(key), SUBHEADING);
    }

    private void nothing() {
        pages.paragraph(labels.text("pdf.noData"), 9);
    }

    private String period(ReportPeriod period) {
        DateTimeFormatter date = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale);
        return labels.text("report.period", date.format(period.from()), date.format(period.to()));
    }

    private String range(ReportPeriod period) {
        DateTimeFormatter date = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale);
        return date.format(period.from()) + " – " + date.format(period.to());
    }

    private String count(Count count) {
        if (count instanceof Count.Below below) {
            return "< " + below.threshold();
        }
        return integers.format(((Count.Exact) count).value());
    }

    /** The exact value to plot, none for a suppressed count. */
    private static Double exact(Count count) {
        return count instanceof Count.Exact exact ? (double) exact.value() : null;
    }

    /** An axis value: whole, or with one decimal when a quarter of the scale is not whole. */
    private String tick(double value) {
        return value == Math.rint(value) ? integers.format(value) : decimals.format(value);
    }

    private String hours(long seconds) {
        return hourValue(seconds / 3600.0);
    }

    private String hourValue(double hours) {
        return decimals.format(hours) + " h";
    }

    private String money(long cents) {
        return money.format(BigDecimal.valueOf(cents, 2));
    }

    private String moneyValue(double units) {
        return money.format(units);
    }
}
