package org.fablab.gateway.billing;

/**
 * The kinds of ledger entries and the sign each takes. Amounts are seen from the lab: positive means the member owes
 * more, negative means less.
 */
public enum LedgerKind {
    /** A priced session, consumable or plan fee; positive. */
    CHARGE("charge"),
    /** A goodwill credit or a coupon; negative. */
    CREDIT("credit"),
    /** Money received from the member; negative. */
    PAYMENT("payment"),
    /** A reversing entry (credit note) of an earlier entry; the opposite of that entry's amount, never zero. */
    CORRECTION("correction");

    private final String wire;

    LedgerKind(String wire) {
        this.wire = wire;
    }

    /** The lowercase name used in the canonical form, storage and exports. */
    public String wire() {
        return wire;
    }

    /** The kind stored as {@code wire}. */
    public static LedgerKind fromWire(String wire) {
        for (LedgerKind kind : values()) {
            if (kind.wire.equals(wire)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("ledger kind '" + wire + "' is not one of charge, credit, payment, correction");
    }

    void checkSign(long amountCents) {
        boolean ok = switch (this) {
            case CHARGE -> amountCents > 0;
            case CREDIT, PAYMENT -> amountCents < 0;
            case CORRECTION -> amountCents != 0;
        };
        if (!ok) {
            throw new IllegalArgumentException("a " + wire + " cannot have amount " + amountCents + " cents");
        }
    }
}
