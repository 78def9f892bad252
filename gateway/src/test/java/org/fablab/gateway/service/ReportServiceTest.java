package org.fablab.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import org.fablab.gateway.billing.FreeWindows;
import org.fablab.gateway.domain.BadArgument;
import org.fablab.gateway.port.FakeReportStore;
import org.fablab.gateway.report.Count;
import org.fablab.gateway.report.ImpactReport;
import org.fablab.gateway.report.ReportPeriod;
import org.fablab.gateway.report.ReportSettings;
import org.fablab.gateway.report.SampleFigures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportServiceTest {
    private static final Instant NOW = Instant.parse("2026-04-02T09:30:00Z");
    private static final ReportPeriod MARCH = ReportPeriod.month(YearMonth.of(2026, 3));

    private final FakeReportStore store = new FakeReportStore();
    private final ReportService service = new ReportService(store, () -> new FreeWindows(List.of()), "lab-nord",
            ZoneId.of("Europe/Paris"), Currency.getInstance("EUR"), new ReportSettings(4, 5), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aMonth_comesWithThePreviousMonthAndTheSameMonthAYearEarlier() {
        ImpactReport report = service.report(MARCH);

        assertThat(report.schema()).isEqualTo("fablab-impact-report/1");
        assertThat(report.lab()).isEqualTo("lab-nord");
        assertThat(report.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(report.settings()).isEqualTo(new ReportSettings(4, 5));
        assertThat(report.generatedAt()).isEqualTo(NOW);
        assertThat(report.current().period()).isEqualTo(MARCH);
        assertThat(report.previous().period()).isEqualTo(ReportPeriod.month(YearMonth.of(2026, 2)));
        assertThat(report.yearEarlier().period()).isEqualTo(ReportPeriod.month(YearMonth.of(2025, 3)));
        assertThat(store.asked).containsExactly(MARCH, report.previous().period(), report.yearEarlier().period());
    }

    @Test
    void everyPart_comesBackSuppressed() {
        store.put(MARCH, SampleFigures.every(3)).put(MARCH.previous(), SampleFigures.every(12))
                .put(MARCH.yearEarlier(), SampleFigures.every(1));

        ImpactReport report = service.report(MARCH);

        assertThat(report.current().figures().people().activeMembers()).isEqualTo(new Count.Below(5));
        assertThat(report.current().figures().machines().perMachine().get(0).sessions()).isEqualTo(new Count.Below(5));
        assertThat(report.current().figures().machines().wallSeconds()).isEqualTo(3);
        assertThat(report.previous().figures().people().activeMembers()).isEqualTo(Count.exact(12));
        assertThat(report.yearEarlier().figures().skills().perTraining().get(1).count()).isEqualTo(new Count.Below(5));
    }

    @ParameterizedTest(name = "from {0} to {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "2026-03-01 | 2026-02-28 | to   | field.before      | to must not be before from",
            "2026-3-1   | 2026-03-31 | from | field.format      | from must look like 2026-11-30",
            "2026-03-01 | ''         | to   | field.required    | to is required",
            "2021-01-01 | 2026-01-01 | to   | period.too-long   | a report covers at most 5 years: it may end on 2025-12-31 at the latest"})
    void aBadPeriod_isRefusedNamingTheField_withACode(String from, String to, String field, String code,
            String message) {
        assertThatThrownBy(() -> ReportService.period(from, to)).isInstanceOf(BadArgument.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((BadArgument) e).field()).isEqualTo(field))
                .satisfies(e -> assertThat(((BadArgument) e).reason().code().wire()).isEqualTo(code));
    }

    @Test
    void fiveWholeYears_areAccepted() {
        assertThat(ReportService.period("2021-01-01", "2025-12-31"))
                .isEqualTo(new ReportPeriod(LocalDate.of(2021, 1, 1), LocalDate.of(2025, 12, 31)));
    }
}
