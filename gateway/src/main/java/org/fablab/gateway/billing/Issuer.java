package org.fablab.gateway.billing;

import org.fablab.protocol.Names;

/**
 * Who issues the statements and invoices, as printed on them (gateway configuration {@code billing:}).
 *
 * @param name         the lab's name and address, lines separated by {@code \n}
 * @param siret        the 14-digit SIRET, empty when the lab has none
 * @param vatNumber    the intra-community VAT number, empty when the lab is not registered for VAT
 * @param paymentTerms when and how an invoice is to be paid, printed on it; empty prints "payable on receipt"
 */
public record Issuer(String name, String siret, String vatNumber, String paymentTerms) {
    public Issuer {
        Names.requireText("name", name);
        Names.require("siret", siret);
        Names.require("vatNumber", vatNumber);
        Names.require("paymentTerms", paymentTerms);
    }
}
