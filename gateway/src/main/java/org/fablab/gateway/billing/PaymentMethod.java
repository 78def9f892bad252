package org.fablab.gateway.billing;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.fablab.protocol.WireNames;

/** How a member paid, recorded beside the payment's ledger entry (the entry's hash does not cover it). */
public enum PaymentMethod implements WireNames.Named {
    CASH,
    CHEQUE,
    TRANSFER,
    CARD,
    OTHER;

    @JsonCreator
    public static PaymentMethod fromWire(String wire) {
        return WireNames.parse(PaymentMethod.class, "method", wire);
    }
}
