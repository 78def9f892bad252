package org.fablab.gateway.billing;

import java.time.YearMonth;
import java.util.List;
import org.fablab.protocol.Names;

/**
 * A member's monthly statement: the ledger entries of that member dated in that month, in ledger order.
 *
 * @param number        see {@link Statements#number}
 * @param vatTotals     charges, credits and corrections per VAT rate, ascending rate; payments are not in them
 * @param paymentsCents the sum of the month's payments (negative or zero)
 * @param totalCents    the sum of every entry: what the month adds to the member's balance
 */
public record Statement(String number, String memberId, YearMonth month, List<LedgerEntry> entries,
                        List<VatTotal> vatTotals, long paymentsCents, long totalCents) {
    public Statement {
        Names.requireText("number", number);
        Names.requireText("memberId", memberId);
        Names.require("month", month);
        entries = List.copyOf(Names.require("entries", entries));
        vatTotals = List.copyOf(Names.require("vatTotals", vatTotals));
    }

    /**
     * The VAT-inclusive sum at one rate and the VAT it contains, {@code gross × rate / (10000 + rate)} rounded half
     * away from zero on the total (not per line).
     */
    public record VatTotal(int vatBasisPoints, long grossCents, long vatCents) {
    }
}
