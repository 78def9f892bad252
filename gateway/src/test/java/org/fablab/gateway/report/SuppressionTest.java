package org.fablab.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SuppressionTest {
    private static final int THRESHOLD = 5;

    @ParameterizedTest(name = "every count of {0}")
    @ValueSource(longs = {1, 2, 4})
    void smallCounts_areSuppressedEverywhere_includingInsideLists(long small) {
        ImpactReport shown = Suppression.apply(report(small), THRESHOLD);

        List<Count> counts = counts(shown);
        assertThat(counts).hasSizeGreaterThan(3 * 20);
        assertThat(counts).allSatisfy(count -> assertThat(count).isEqualTo(new Count.Below(THRESHOLD)));
    }

    @ParameterizedTest(name = "every count of {0}")
    @ValueSource(longs = {0, 5, 120})
    void zeroAndCountsFromTheThresholdOn_stayExact(long value) {
        ImpactReport shown = Suppression.apply(report(value), THRESHOLD);

        assertThat(counts(shown)).allSatisfy(count -> assertThat(count).isEqualTo(Count.exact(value)));
        assertThat(shown).isEqualTo(report(value));
    }

    @ParameterizedTest(name = "sums of {0}")
    @ValueSource(longs = {1, 3})
    void secondsEnergyAndMoney_areNotCounts_andStay(long value) {
        ImpactFigures shown = Suppression.figures(SampleFigures.every(value), THRESHOLD);

        assertThat(shown.machines().wallSeconds()).isEqualTo(value);
        assertThat(shown.machines().perMachine().get(1).activeSeconds()).isEqualTo(value);
        assertThat(shown.materials().energyWh()).isEqualTo(value);
        assertThat(shown.money().outstandingCents()).isEqualTo(value);
        assertThat(shown.months().get(0).wallSeconds()).isEqualTo(value);
    }

    private static ImpactReport report(long value) {
        ReportPeriod period = ReportPeriod.year(2026);
        return new ImpactReport(ImpactReport.SCHEMA, "lab", ZoneId.of("Europe/Paris"), new ReportSettings(4, THRESHOLD),
                Instant.parse("2027-01-02T08:00:00Z"),
                new ImpactReport.Part(period, SampleFigures.every(value)),
                new ImpactReport.Part(period.previous(), SampleFigures.every(value)),
                new ImpactReport.Part(new ReportPeriod(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31)),
                        SampleFigures.every(value)));
    }

    /** Every {@link Count} reachable from {@code value} through record components and lists. */
    static List<Count> counts(Object value) {
        List<Count> found = new ArrayList<>();
        walk(value, found);
        return found;
    }

    private static void walk(Object value, List<Count> found) {
        if (value instanceof Count count) {
            found.add(count);
        } else if (value instanceof List<?> list) {
            list.forEach(element -> walk(element, found));
        } else if (value != null && value.getClass().isRecord()) {
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                try {
                    walk(component.getAccessor().invoke(value), found);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
