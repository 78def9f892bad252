package org.fablab.gateway.billing;

import java.time.LocalDate;
import java.util.Map;
import org.fablab.protocol.Names;

/**
 * An issued statement as an invoice: its lines are the statement's entries other than payments, its number the
 * statement's (sequential per year without gaps, {@link Statements#number}).
 *
 * @param issuedOn       the statement's issue date in the lab's zone
 * @param ledgerSequence the ledger head when the statement was issued, printed so that the invoice can be checked
 *                       against the ledger
 * @param machineNames   by cause, the machines of the sessions charged on its lines (see {@link LedgerLabels#of})
 */
public record Invoice(Issuer issuer, Statement statement, String memberName, LocalDate issuedOn, String currency,
                      long ledgerSequence, String ledgerHead, Map<String, String> machineNames) {
    public Invoice {
        Names.require("issuer", issuer);
        Names.require("statement", statement);
        Names.requireText("memberName", memberName);
        Names.require("issuedOn", issuedOn);
        Names.requireText("currency", currency);
        Names.require("ledgerHead", ledgerHead);
        machineNames = Map.copyOf(Names.require("machineNames", machineNames));
    }
}
