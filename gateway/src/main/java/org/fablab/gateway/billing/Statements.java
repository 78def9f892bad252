package org.fablab.gateway.billing;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds monthly statements from the ledger. Pure; the store supplies the ledger and the statement number. */
public final class Statements {
    private Statements() {
    }

    /**
     * A statement number: the statement month's year, a dash and the number within that year on six digits, e.g.
     * {@code 2026-000123}. The store gives numbers 1, 2, 3... per year without gaps, in the order statements are
     * issued.
     *
     * @throws IllegalArgumentException when {@code numberInYear} is outside 1..999999
     */
    public static String number(int year, long numberInYear) {
        if (numberInYear < 1 || numberInYear > 999_999) {
            throw new IllegalArgumentException("numberInYear must be within 1..999999, was " + numberInYear);
        }
        if (year < 1000 || year > 9999) {
            throw new IllegalArgumentException("year must have four digits, was " + year);
        }
        return String.format("%04d-%06d", year, numberInYear);
    }

    /**
     * The statement of {@code memberId} for {@code month} from the ledger entries given in ledger order (all
     * members, any dates: the others are skipped).
     */
    public static Statement build(String number, String memberId, YearMonth month, Iterator<LedgerEntry> ledger) {
        List<LedgerEntry> entries = new ArrayList<>();
        Map<Integer, Long> gross = new TreeMap<>();
        long payments = 0;
        long total = 0;
        while (ledger.hasNext()) {
            LedgerEntry e = ledger.next();
            if (!e.memberId().equals(memberId) || !YearMonth.from(e.date()).equals(month)) {
                continue;
            }
            entries.add(e);
            total = Math.addExact(total, e.amountCents());
            if (e.kind() == LedgerKind.PAYMENT) {
                payments += e.amountCents();
            } else {
                gross.merge(e.vatBasisPoints(), e.amountCents(), Math::addExact);
            }
        }
        List<Statement.VatTotal> vat = new ArrayList<>();
        gross.forEach((rate, sum) -> vat.add(new Statement.VatTotal(rate, sum, Money.vatIncluded(sum, rate))));
        return new Statement(number, memberId, month, entries, vat, payments, total);
    }
}
