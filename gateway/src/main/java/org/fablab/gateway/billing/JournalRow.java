package org.fablab.gateway.billing;

import java.time.LocalDate;
import org.fablab.protocol.Names;

/**
 * One row of the accounting journal export: one side of a balanced entry.
 *
 * @param journalCode e.g. {@code VE} (sales)
 * @param accountCode e.g. {@code 706000} or {@code 411M0042}
 * @param piece       the document reference, e.g. a statement number or ledger sequence
 * @param debitCents  &ge; 0; at most one of debit and credit is non-zero
 */
public record JournalRow(String journalCode, LocalDate date, String accountCode, String accountLabel, String piece,
                         String label, long debitCents, long creditCents) {
    public JournalRow {
        Names.requireText("journalCode", journalCode);
        Names.require("date", date);
        Names.requireText("accountCode", accountCode);
        Names.requireText("accountLabel", accountLabel);
        Names.requireText("piece", piece);
        Names.requireText("label", label);
        Names.requireNonNegative("debitCents", debitCents);
        Names.requireNonNegative("creditCents", creditCents);
        if (debitCents != 0 && creditCents != 0) {
            throw new IllegalArgumentException("a journal row has a debit or a credit, not both");
        }
    }
}
