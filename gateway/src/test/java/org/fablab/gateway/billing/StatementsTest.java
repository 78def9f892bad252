package org.fablab.gateway.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementsTest {
    static final YearMonth NOV = YearMonth.of(2026, 11);

    @Test
    void number_isTheYearAndASixDigitNumberWithinIt() {
        assertThat(Statements.number(2026, 123)).isEqualTo("2026-000123");
        assertThat(Statements.number(2026, 1)).isEqualTo("2026-000001");
        assertThat(Statements.number(2027, 999_999)).isEqualTo("2027-999999");
        assertThatThrownBy(() -> Statements.number(2026, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Statements.number(2026, 1_000_000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statement_holdsTheMembersEntriesOfTheMonth_withTotalsPerVatRateAndPaymentsApart() {
        List<LedgerEntry> ledger = new ArrayList<>();
        add(ledger, LocalDate.of(2026, 10, 31), "m-1", LedgerKind.CHARGE, 999, 2000);
        LedgerEntry cut = add(ledger, LocalDate.of(2026, 11, 2), "m-1", LedgerKind.CHARGE, 600, 2000);
        add(ledger, LocalDate.of(2026, 11, 3), "m-2", LedgerKind.CHARGE, 777, 2000);
        add(ledger, LocalDate.of(2026, 11, 5), "m-1", LedgerKind.CHARGE, 1200, 2000);
        add(ledger, LocalDate.of(2026, 11, 5), "m-1", LedgerKind.CHARGE, 185, 550);
        add(ledger, LocalDate.of(2026, 11, 20), "m-1", LedgerKind.PAYMENT, -1000, 0);
        ledger.add(LedgerChain.append(ledger.get(ledger.size() - 1),
                LedgerChain.reverse(cut, "wrong machine", LocalDate.of(2026, 11, 30))));
        add(ledger, LocalDate.of(2026, 12, 1), "m-1", LedgerKind.CHARGE, 50, 2000);

        Statement s = Statements.build(Statements.number(2026, 123), "m-1", NOV, ledger.iterator());

        assertThat(s.number()).isEqualTo("2026-000123");
        assertThat(s.entries()).extracting(LedgerEntry::sequence).containsExactly(2L, 4L, 5L, 6L, 7L);
        assertThat(s.vatTotals()).containsExactly(new Statement.VatTotal(550, 185, 10),
                new Statement.VatTotal(2000, 1200, 200));
        assertThat(s.paymentsCents()).isEqualTo(-1000);
        assertThat(s.totalCents()).isEqualTo(385);
    }

    @Test
    void statement_ofAMonthWithoutEntries_isEmptyAndZero() {
        Statement s = Statements.build("2026-000001", "m-9", NOV, List.<LedgerEntry>of().iterator());

        assertThat(s.entries()).isEmpty();
        assertThat(s.vatTotals()).isEmpty();
        assertThat(s.totalCents()).isZero();
    }

    private static LedgerEntry add(List<LedgerEntry> ledger, LocalDate date, String member, LedgerKind kind,
                                   long amount, int vat) {
        LedgerEntry head = ledger.isEmpty() ? null : ledger.get(ledger.size() - 1);
        LedgerEntry entry = LedgerChain.append(head, new LedgerDraft(date, member, kind, amount, "EUR",
                "cause-" + ledger.size(), "label " + ledger.size(), vat));
        ledger.add(entry);
        return entry;
    }
}
