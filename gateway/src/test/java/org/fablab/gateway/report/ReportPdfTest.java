package org.fablab.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.apache.pdfbox.Loader;
import org.fablab.gateway.pdf.Poppler;
import org.fablab.gateway.report.ImpactFigures.MachineUsage;
import org.fablab.gateway.report.ImpactFigures.MaterialUse;
import org.fablab.gateway.report.ImpactFigures.MonthUsage;
import org.fablab.gateway.report.ImpactFigures.OccupancyCell;
import org.fablab.gateway.report.ImpactFigures.Share;
import org.junit.jupiter.api.Test;

class ReportPdfTest {
    private static final Path OUT = Path.of("target", "report-pdf");
    private static final Count BELOW = new Count.Below(5);

    @Test
    void frenchReport_printsEverySectionWithFrenchNumbersMoneyAndSuppressedCounts() throws Exception {
        Path file = OUT.resolve("impact-fr.pdf");
        String text = Poppler.text(ReportPdf.render(report(figures(1), figures(2), figures(3)), Locale.FRENCH), file);
        String rows = Poppler.rawText(file);

        ReportLabels fr = ReportLabels.of(Locale.FRENCH);
        for (String section : List.of("people", "machines", "skills", "materials", "money", "network", "months")) {
            assertThat(text).contains(fr.text("section." + section));
        }
        assertThat(text).contains("Rapport d’impact", "Lab lab-nord", "Du 1 janvier 2026 au 31 mars 2026",
                "fuseau horaire Europe/Paris", "Compétences", "Matières et énergie", "Énergie mesurée",
                "Découpe laser", "Étudiants", "Saint-Étienne", "(sans groupe)", "Formation manquante", "lundi",
                "page 1 sur");
        assertThat(text).contains("1 234,56 €", "-12,00 €", "1 234", "100,5 h", "12,3 kWh");
        assertThat(text).contains("« < 5 », pour qu’aucun petit groupe");
        assertThat(rows).contains("Membres actifs 1 234 1 235 1 236", "Membres réguliers < 5 < 5 < 5",
                "(sans groupe) < 5 < 5 < 5", "Badge inconnu < 5 < 5 < 5", "février 2026 < 5 2,0 h < 5",
                "Recettes du temps machine 1 234,56 € 2 469,12 € 3 703,68 €", "Autres recettes -12,00 €",
                "Visiteurs des labs partenaires 12 24 36", "Membres en visite chez un partenaire < 5 < 5 < 5",
                "Temps machine chez les partenaires 3,0 h 3,0 h 3,0 h");
        assertThat(text).doesNotContain("€1", "1,234", "Exact[", "Below[", "Share[", "MachineUsage[", "Figures[",
                "null", "?");
    }

    @Test
    void englishReport_printsEnglishNumbersAndMoney() throws Exception {
        Path file = OUT.resolve("impact-en.pdf");
        String text = Poppler.text(ReportPdf.render(report(figures(1), figures(2), figures(3)), Locale.ENGLISH), file);
        String rows = Poppler.rawText(file);

        ReportLabels en = ReportLabels.of(Locale.ENGLISH);
        for (String section : List.of("people", "machines", "skills", "materials", "money", "network", "months")) {
            assertThat(text).contains(en.text("section." + section));
        }
        assertThat(text).contains("Impact report", "From January 1, 2026 to March 31, 2026", "Training missing",
                "Monday", "page 1 of");
        assertThat(text).contains("€1,234.56", "-€12.00", "1,234", "100.5 h", "12.3 kWh");
        assertThat(rows).contains("Active members 1,234 1,235 1,236", "Regular members < 5 < 5 < 5",
                "Revenue from machine time €1,234.56 €2,469.12 €3,703.68", "Energy measured 12.3 kWh 24.7 kWh");
        assertThat(text).doesNotContain("1 234,56", "Exact[", "Below[", "Share[", "null");
    }

    @Test
    void report_hasNonBlankPageImages() throws Exception {
        Path file = OUT.resolve("impact-pages.pdf");
        Poppler.text(ReportPdf.render(report(figures(1), figures(2), figures(3)), Locale.FRENCH), file);

        List<BufferedImage> pages = Poppler.pages(file);

        assertThat(pages).isNotEmpty();
        assertThat(pages.get(0).getWidth()).isBetween(410, 416);
        assertThat(pages).allSatisfy(page -> assertThat(Poppler.inked(page)).isGreaterThan(0.01));
    }

    @Test
    void moneyIsInTheGivenCurrency() throws Exception {
        String text = Poppler.text(ReportPdf.render(report(figures(1), figures(2), figures(3)), Locale.ENGLISH,
                Currency.getInstance("CHF")), OUT.resolve("impact-chf.pdf"));

        assertThat(text).contains("CHF").doesNotContain("€");
    }

    @Test
    void longTables_goOnOverTheNextPages() throws Exception {
        List<MachineUsage> machines = IntStream.rangeClosed(1, 120)
                .mapToObj(i -> new MachineUsage("Machine " + i, "printer", Count.exact(10L + i), 3600L * i, 0))
                .toList();
        ImpactFigures many = withMachines(figures(1), machines);
        byte[] pdf = ReportPdf.render(report(many, figures(2), figures(3)), Locale.ENGLISH);

        String text = Poppler.text(pdf, OUT.resolve("impact-long.pdf"));

        try (var document = Loader.loadPDF(pdf)) {
            assertThat(document.getNumberOfPages()).isGreaterThan(6);
        }
        for (int i = 1; i <= 120; i++) {
            assertThat(text).containsPattern("Machine " + i + "\\s");
        }
        assertThat(text).contains("120.0 h");
    }

    @Test
    void emptyReport_rendersWithNothingRecordedNotes() throws Exception {
        ImpactReport empty = report(emptyFigures(), emptyFigures(), emptyFigures());
        Path file = OUT.resolve("impact-empty.pdf");

        String text = Poppler.text(ReportPdf.render(empty, Locale.FRENCH), file);

        assertThat(text).contains("Personnes", "Argent", "Rien d’enregistré sur cette période", "0,00 €", "0,0 h");
        assertThat(text.substring(text.indexOf("Personnes"))).doesNotContain("<", "NaN", "Infinity");
        assertThat(text).doesNotContain(ReportLabels.of(Locale.FRENCH).text("section.network"));
        List<BufferedImage> pages = Poppler.pages(file);
        assertThat(pages).isNotEmpty();
        assertThat(Poppler.inked(pages.get(0))).isGreaterThan(0.01);
    }

    @Test
    void theNetworkSection_isPrintedWhenAnyPartHadAVisit() throws Exception {
        Count zero = Count.exact(0);
        ImpactFigures empty = emptyFigures();
        ImpactFigures oneVisitAbroad = new ImpactFigures(empty.people(), empty.machines(), empty.skills(),
                empty.materials(), empty.money(), new ImpactFigures.Network(zero, zero, 0, BELOW, BELOW, 5400, 1_850),
                empty.months());

        String text = Poppler.text(ReportPdf.render(report(empty, empty, oneVisitAbroad), Locale.ENGLISH),
                OUT.resolve("impact-network.pdf"));

        assertThat(text).contains("Partner labs", "Visits to partner labs", "1.5 h",
                "Charged to members for visits at partners");
    }

    private static ImpactReport report(ImpactFigures current, ImpactFigures previous, ImpactFigures yearEarlier) {
        ReportPeriod period = ReportPeriod.quarter(2026, 1);
        return new ImpactReport(ImpactReport.SCHEMA, "lab-nord", ZoneId.of("Europe/Paris"), new ReportSettings(4, 5),
                Instant.parse("2026-04-02T08:30:00Z"), new ImpactReport.Part(period, current),
                new ImpactReport.Part(period.previous(), previous),
                new ImpactReport.Part(period.yearEarlier(), yearEarlier));
    }

    /** Figures whose values depend on {@code n}, so that each column differs; n = 1 holds the checked values. */
    private static ImpactFigures figures(int n) {
        var people = new ImpactFigures.People(Count.exact(1233L + n), Count.exact(12L * n), BELOW,
                Count.exact(1200L + n), List.of(new Share("Étudiants", Count.exact(40L * n)), new Share("", BELOW)),
                List.of(new Share("Saint-Étienne", Count.exact(30L + n))));
        List<MachineUsage> machines = List.of(
                new MachineUsage("Découpe laser", "laser", Count.exact(900), 3600L * 40 * n, 3600L * 20),
                new MachineUsage("Imprimante 3D n°1", "printer", BELOW, 1800L * n, 900));
        List<OccupancyCell> occupancy = new ArrayList<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            for (int hour = 9; hour < 20; hour++) {
                occupancy.add(new OccupancyCell(day, hour, 60L * (day.getValue() * hour % 37)));
            }
        }
        var machinesFigures = new ImpactFigures.Machines(Count.exact(2345), 3600L * 100 * n + 1800, 3600L * 50,
                3600L * 10, machines, List.of(new MachineUsage("laser", "laser", Count.exact(900), 3600L * 40, 0)),
                occupancy, List.of(new Share("training-missing", Count.exact(7)), new Share("unknown-badge", BELOW)));
        var skills = new ImpactFigures.Skills(Count.exact(25), Count.exact(15), Count.exact(10), Count.exact(300),
                BELOW, Count.exact(20), List.of(new Share("Laser : sécurité", Count.exact(25))));
        var materials = new ImpactFigures.Materials(List.of(new MaterialUse("Contreplaqué 3 mm", "feuille", 42 * n)),
                12_345L * n, Count.exact(8), BELOW, Count.exact(0), Count.exact(6));
        var money = new ImpactFigures.Money(123_456L * n, 45_600, 300_000, -1_200, 10_000, 2_500, 8_800);
        var network = new ImpactFigures.Network(Count.exact(12L * n), Count.exact(30L * n), 3600L * 6 * n, BELOW,
                BELOW, 3600L * 3, 4_500);
        List<MonthUsage> months = List.of(
                new MonthUsage(YearMonth.of(2026, 1), Count.exact(700), 3600L * 30, Count.exact(400)),
                new MonthUsage(YearMonth.of(2026, 2), BELOW, 3600L * 2, BELOW),
                new MonthUsage(YearMonth.of(2026, 3), Count.exact(800), 3600L * 35 * n, Count.exact(420)));
        return new ImpactFigures(people, machinesFigures, skills, materials, money, network, months);
    }

    private static ImpactFigures withMachines(ImpactFigures f, List<MachineUsage> machines) {
        var m = f.machines();
        return new ImpactFigures(f.people(), new ImpactFigures.Machines(m.sessions(), m.wallSeconds(),
                m.activeSeconds(), m.freeWindowSeconds(), machines, m.perKind(), m.occupancy(), m.refusals()),
                f.skills(), f.materials(), f.money(), f.network(), f.months());
    }

    private static ImpactFigures emptyFigures() {
        Count zero = Count.exact(0);
        return new ImpactFigures(new ImpactFigures.People(zero, zero, zero, zero, List.of(), List.of()),
                new ImpactFigures.Machines(zero, 0, 0, 0, List.of(), List.of(), List.of(), List.of()),
                new ImpactFigures.Skills(zero, zero, zero, zero, zero, zero, List.of()),
                new ImpactFigures.Materials(List.of(), 0, zero, zero, zero, zero),
                new ImpactFigures.Money(0, 0, 0, 0, 0, 0, 0),
                new ImpactFigures.Network(zero, zero, 0, zero, zero, 0, 0), List.of());
    }
}
