package org.fablab.gateway.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.commons.csv.CSVPrinter;
import org.fablab.gateway.billing.CsvLayout;
import org.fablab.gateway.billing.TreasurerCsv;
import org.fablab.gateway.domain.BadArgument;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.report.ImpactFigures.MachineUsage;
import org.fablab.gateway.report.ImpactFigures.MaterialUse;
import org.fablab.gateway.report.ImpactFigures.MonthUsage;
import org.fablab.gateway.report.ImpactFigures.OccupancyCell;
import org.fablab.gateway.report.ImpactFigures.Share;

/**
 * The impact report as CSV (docs/impact.md, CSV): one row per figure, and per name for the figures that are lists,
 * with the columns section, figure, label, detail, current, previous, year earlier. Figure codes are stable
 * ({@code people.activeMembers}); sections, labels and the header follow the language. English uses
 * {@link CsvLayout#STANDARD}'s separator and decimal point, French {@link CsvLayout#FRENCH}'s {@code ;} and decimal
 * comma, as the treasurer's exports do. Durations are hours, energy kWh and money the lab's currency, each with two
 * decimals and its unit in the label ({@code Other revenue (EUR)}: money by its ISO 4217 code); a suppressed count
 * is {@code <5}. Text cells are defused against formulas as in {@link TreasurerCsv}.
 */
public final class ReportCsv {
    private ReportCsv() {
    }

    /** What the caller asked for: the language of the labels and how the file is laid out and encoded. */
    public record Options(Locale locale, CsvLayout layout) {
        /**
         * @param lang     {@code en} (when empty) or {@code fr}
         * @param encoding {@code utf-8} (when empty), {@code utf-8-bom} or {@code windows-1252}
         * @throws BadArgument naming the wrong field
         */
        public static Options parse(Optional<String> lang, Optional<String> encoding) {
            Locale locale = ReportLabels.language(lang);
            CsvLayout base = locale.getLanguage().equals("fr") ? CsvLayout.FRENCH : CsvLayout.STANDARD;
            String name = encoding.orElse("utf-8").toLowerCase(Locale.ROOT);
            Charset charset = switch (name) {
                case "utf-8", "utf-8-bom" -> StandardCharsets.UTF_8;
                case "windows-1252" -> Charset.forName("windows-1252");
                default -> throw new BadArgument("encoding", ErrorCode.FIELD_ONE_OF, "utf-8, utf-8-bom, windows-1252");
            };
            return new Options(locale, new CsvLayout(base.separator(), base.decimalMark(), base.datePattern(), charset,
                    name.equals(CsvLayout.UTF_8_BOM), base.language()));
        }
    }

    /**
     * Writes the report to {@code out} (flushed, not closed); returns the number of rows (header excluded).
     *
     * @param currency the lab's {@code billing.currency}, named in the label of every money figure
     *
     * @throws IOException when {@code out} fails, or a label or name cannot be written in the chosen encoding
     */
    public static long write(ImpactReport report, Options options, Currency currency, OutputStream out)
            throws IOException {
        Writer writer = TreasurerCsv.open(out, options.layout());
        ReportLabels labels = ReportLabels.of(options.locale());
        Rows rows = new Rows(report, labels, options.layout(), currency);
        CSVPrinter printer = TreasurerCsv.printer(writer, options.layout(), header(report, labels, options.layout()));
        for (List<String> row : rows.all()) {
            printer.printRecord(row);
        }
        printer.flush();
        return rows.all().size();
    }

    private static List<String> header(ImpactReport report, ReportLabels labels, CsvLayout layout) {
        DateTimeFormatter dates = layout.dates();
        Function<ImpactReport.Part, String> span = part -> dates.format(part.period().from()) + " – "
                + dates.format(part.period().to());
        return List.of(labels.text("column.section"), labels.text("column.figure"), labels.text("column.label"),
                labels.text("column.detail"),
                labels.text("column.current") + " (" + span.apply(report.current()) + ")",
                labels.text("column.previous") + " (" + span.apply(report.previous()) + ")",
                labels.text("column.yearEarlier") + " (" + span.apply(report.yearEarlier()) + ")");
    }

    /** How a figure's value is written. */
    private enum Unit {
        COUNT(null), HOURS("unit.hours"), KWH("unit.kWh"), MONEY(null), QUANTITY(null);

        private final String label;

        Unit(String label) {
            this.label = label;
        }
    }

    private static final class Rows {
        private final List<ImpactFigures> parts;
        private final ReportLabels labels;
        private final CsvLayout layout;
        private final Currency currency;
        private final List<List<String>> rows = new ArrayList<>();
        private String section;

        Rows(ImpactReport report, ReportLabels labels, CsvLayout layout, Currency currency) {
            this.parts = List.of(report.current().figures(), report.previous().figures(),
                    report.yearEarlier().figures());
            this.labels = labels;
            this.layout = layout;
            this.currency = currency;
            people();
            machines();
            skills();
            materials();
            money();
            network();
            months();
        }

        List<List<String>> all() {
            return rows;
        }

        private void people() {
            section = "people";
            one("people.activeMembers", Unit.COUNT, f -> f.people().activeMembers());
            one("people.newMembers", Unit.COUNT, f -> f.people().newMembers());
            one("people.regular", Unit.COUNT, f -> f.people().regular());
            one("people.occasional", Unit.COUNT, f -> f.people().occasional());
            shares("people.byGroup", f -> f.people().byGroup(), name -> name.isEmpty()
                    ? labels.text("detail.noGroup") : name);
            shares("people.byTerritory", f -> f.people().byTerritory(), name -> name.isEmpty()
                    ? labels.text("detail.noTerritory") : name);
        }

        private void machines() {
            section = "machines";
            one("machines.sessions", Unit.COUNT, f -> f.machines().sessions());
            one("machines.wallSeconds", Unit.HOURS, f -> f.machines().wallSeconds());
            one("machines.activeSeconds", Unit.HOURS, f -> f.machines().activeSeconds());
            one("machines.freeWindowSeconds", Unit.HOURS, f -> f.machines().freeWindowSeconds());
            usages("machines.perMachine", f -> f.machines().perMachine());
            usages("machines.perKind", f -> f.machines().perKind());
            many("machines.occupancy", Unit.HOURS, f -> f.machines().occupancy(),
                    cell -> cell.day() + "-" + cell.hour(), cell -> labels.text("detail.weekdayHour",
                            labels.text("weekday." + cell.day().name()), String.format("%02d", cell.hour())),
                    OccupancyCell::seconds);
            shares("machines.refusals", f -> f.machines().refusals(), labels::refusal);
        }

        private void skills() {
            section = "skills";
            one("skills.delivered", Unit.COUNT, f -> f.skills().delivered());
            one("skills.byPeers", Unit.COUNT, f -> f.skills().byPeers());
            one("skills.byStaff", Unit.COUNT, f -> f.skills().byStaff());
            one("skills.activeAtEnd", Unit.COUNT, f -> f.skills().activeAtEnd());
            one("skills.lapsed", Unit.COUNT, f -> f.skills().lapsed());
            one("skills.firstTime", Unit.COUNT, f -> f.skills().firstTime());
            shares("skills.perTraining", f -> f.skills().perTraining(), Function.identity());
        }

        private void materials() {
            section = "materials";
            many("materials.consumables", Unit.QUANTITY, f -> f.materials().consumables(),
                    use -> use.label() + "\u0000" + use.unit(), use -> use.label() + " (" + use.unit() + ")",
                    MaterialUse::quantity);
            one("materials.energyWh", Unit.KWH, f -> f.materials().energyWh());
            one("materials.repairSessions", Unit.COUNT, f -> f.materials().repairSessions());
            one("materials.reuseSessions", Unit.COUNT, f -> f.materials().reuseSessions());
            one("materials.repairConsumables", Unit.COUNT, f -> f.materials().repairConsumables());
            one("materials.reuseConsumables", Unit.COUNT, f -> f.materials().reuseConsumables());
        }

        private void money() {
            section = "money";
            one("money.machineTimeCents", Unit.MONEY, f -> f.money().machineTimeCents());
            one("money.consumablesCents", Unit.MONEY, f -> f.money().consumablesCents());
            one("money.plansCents", Unit.MONEY, f -> f.money().plansCents());
            one("money.otherCents", Unit.MONEY, f -> f.money().otherCents());
            one("money.waivedFreeWindowCents", Unit.MONEY, f -> f.money().waivedFreeWindowCents());
            one("money.waivedGroupCents", Unit.MONEY, f -> f.money().waivedGroupCents());
            one("money.outstandingCents", Unit.MONEY, f -> f.money().outstandingCents());
        }

        private void network() {
            section = "network";
            one("network.visitorsFromPartners", Unit.COUNT, f -> f.network().visitorsFromPartners());
            one("network.visitsHosted", Unit.COUNT, f -> f.network().visitsHosted());
            one("network.hostedSeconds", Unit.HOURS, f -> f.network().hostedSeconds());
            one("network.membersAbroad", Unit.COUNT, f -> f.network().membersAbroad());
            one("network.visitsAbroad", Unit.COUNT, f -> f.network().visitsAbroad());
            one("network.abroadSeconds", Unit.HOURS, f -> f.network().abroadSeconds());
            one("network.abroadChargedCents", Unit.MONEY, f -> f.network().abroadChargedCents());
        }

        /** Months side by side by their rank in the period: the first month of each part, then the second... */
        private void months() {
            section = "months";
            int count = parts.stream().mapToInt(f -> f.months().size()).max().orElse(0);
            for (int i = 0; i < count; i++) {
                int rank = i;
                String detail = rank < parts.get(0).months().size() ? parts.get(0).months().get(rank).month().toString()
                        : "";
                row("months.sessions", Unit.COUNT, detail, f -> month(f, rank).map(MonthUsage::sessions));
                row("months.wallSeconds", Unit.HOURS, detail, f -> month(f, rank).map(MonthUsage::wallSeconds));
                row("months.members", Unit.COUNT, detail, f -> month(f, rank).map(MonthUsage::members));
            }
        }

        private static Optional<MonthUsage> month(ImpactFigures figures, int rank) {
            return rank < figures.months().size() ? Optional.of(figures.months().get(rank)) : Optional.empty();
        }

        private void usages(String code, Function<ImpactFigures, List<MachineUsage>> list) {
            many(code + ".sessions", Unit.COUNT, list, MachineUsage::name, MachineUsage::name, MachineUsage::sessions);
            many(code + ".wallSeconds", Unit.HOURS, list, MachineUsage::name, MachineUsage::name,
                    MachineUsage::wallSeconds);
            many(code + ".activeSeconds", Unit.HOURS, list, MachineUsage::name, MachineUsage::name,
                    MachineUsage::activeSeconds);
        }

        private void shares(String code, Function<ImpactFigures, List<Share>> list, Function<String, String> detail) {
            many(code, Unit.COUNT, list, Share::name, share -> detail.apply(share.name()), Share::count);
        }

        private void one(String code, Unit unit, Function<ImpactFigures, Object> value) {
            row(code, unit, "", f -> Optional.of(value.apply(f)));
        }

        /**
         * One row per key found in any part, in the order first seen (current, then previous, then a year earlier);
         * a part without the key had none of it, so shows zero.
         */
        private <T> void many(String code, Unit unit, Function<ImpactFigures, List<T>> list, Function<T, String> key,
                              Function<T, String> detail, Function<T, Object> value) {
            Map<String, T> first = new LinkedHashMap<>();
            for (ImpactFigures part : parts) {
                list.apply(part).forEach(element -> first.putIfAbsent(key.apply(element), element));
            }
            first.forEach((k, element) -> row(code, unit, detail.apply(element), f -> list.apply(f).stream()
                    .filter(e -> key.apply(e).equals(k)).findFirst().map(value)));
        }

        private void row(String code, Unit unit, String detail, Function<ImpactFigures, Optional<?>> value) {
            String label = labels.text("figure." + code);
            Optional<String> unitName = unit == Unit.MONEY ? Optional.of(currency.getCurrencyCode())
                    : Optional.ofNullable(unit.label).map(labels::text);
            List<String> row = new ArrayList<>(List.of(labels.text("section." + section), code,
                    TreasurerCsv.defuse(unitName.map(name -> label + " (" + name + ")").orElse(label)),
                    TreasurerCsv.defuse(detail)));
            for (ImpactFigures part : parts) {
                Object shown = value.apply(part).map(Object.class::cast).orElse(unit == Unit.COUNT ? Count.exact(0) : 0L);
                row.add(format(unit, shown));
            }
            rows.add(row);
        }

        private String format(Unit unit, Object value) {
            if (value instanceof Count.Exact exact) {
                return Long.toString(exact.value());
            }
            if (value instanceof Count.Below below) {
                return below.json();
            }
            long number = (Long) value;
            return switch (unit) {
                case HOURS -> TreasurerCsv.decimal(Math.round(number / 36.0), layout);
                case KWH -> TreasurerCsv.decimal(Math.round(number / 10.0), layout);
                case MONEY -> TreasurerCsv.decimal(number, layout);
                case COUNT, QUANTITY -> Long.toString(number);
            };
        }
    }
}
