package org.fablab.gateway.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class PeriodsTest {
    static LedgerDraft dated(LocalDate date) {
        return new LedgerDraft(date, "m-1", LedgerKind.CHARGE, 100, "EUR", "session:s-1", "x", 2000);
    }

    @Test
    void aClosedMonth_refusesEntriesDatedInIt_upToItsLastDay() {
        Periods periods = Periods.NONE_CLOSED.close(YearMonth.of(2026, 10));

        assertThat(periods.admit(dated(LocalDate.of(2026, 10, 31)))).isInstanceOf(Periods.Admission.Refused.class);
        assertThat(periods.admit(dated(LocalDate.of(2026, 10, 1)))).isEqualTo(new Periods.Admission.Refused(
                "period 2026-10 is closed (closed through 2026-10)"));
        assertThat(periods.admit(dated(LocalDate.of(2026, 11, 1)))).isInstanceOf(Periods.Admission.Admitted.class);
    }

    @Test
    void closingAMonth_closesEveryEarlierMonth_andNeverReopensOne() {
        Periods periods = Periods.NONE_CLOSED.close(YearMonth.of(2026, 10)).close(YearMonth.of(2026, 3));

        assertThat(periods.closedThrough()).isEqualTo(YearMonth.of(2026, 10));
        assertThat(periods.isClosed(LocalDate.of(2025, 12, 31))).isTrue();
        assertThat(periods.isClosed(LocalDate.of(2026, 6, 15))).isTrue();
        assertThat(Periods.NONE_CLOSED.isClosed(LocalDate.of(1999, 1, 1))).isFalse();
    }
}
