package org.fablab.gateway.billing;

import java.util.Optional;

/**
 * What a ledger entry's cause key names, read from the key alone (the keys of {@link ChargeKey}, {@code payment:<ref>},
 * {@code credit:<uuid>} and {@code coupon:<code>:<member>}). The facts behind it (machine, item) come from the store.
 *
 * @param kind   what caused the entry
 * @param detail the part of the key after its kind: the session ({@code <node>:<session>}), the consumable record id,
 *               the plan fee's {@code <member>:<yyyy-MM>}, the payment reference, the coupon's {@code <code>:<member>},
 *               the reversed sequence; the whole key for an unknown kind
 */
public record LedgerCause(Kind kind, String detail) {

    /** The kinds of cause, by the prefix of their key. */
    public enum Kind {
        SESSION("session"),
        CONSUMABLE("consumable"),
        PLAN_FEE("plan-fee"),
        PAYMENT("payment"),
        CREDIT("credit"),
        COUPON("coupon"),
        REVERSAL("reversal"),
        /** A partner lab's receipt for one of our members' visits, {@code visit:<partner>:<receipt id>}. */
        VISIT("visit"),
        /** A key of none of the kinds above, shown as it is. */
        OTHER("other");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        /** The lowercase name of the REST API. */
        public String wire() {
            return wire;
        }
    }

    public LedgerCause {
        if (kind == null || detail == null) {
            throw new IllegalArgumentException("a ledger cause needs a kind and a detail");
        }
    }

    /** The cause named by {@code key}; {@link Kind#OTHER} with the whole key when its prefix is unknown or empty. */
    public static LedgerCause of(String key) {
        if (key == null) {
            return new LedgerCause(Kind.OTHER, "");
        }
        int colon = key.indexOf(':');
        if (colon > 0 && colon < key.length() - 1) {
            String prefix = key.substring(0, colon);
            for (Kind kind : Kind.values()) {
                if (kind != Kind.OTHER && kind.wire.equals(prefix)) {
                    return new LedgerCause(kind, key.substring(colon + 1));
                }
            }
        }
        return new LedgerCause(Kind.OTHER, key);
    }

    /**
     * The code a coupon's key names; empty for any other cause or a key without its member. The key is
     * {@code coupon:<code>:<member>} and the member is a {@link org.fablab.protocol.Names} id, which holds no colon,
     * so the code is everything before the last colon whatever the code holds.
     */
    public Optional<String> couponCode() {
        int member = detail.lastIndexOf(':');
        return kind == Kind.COUPON && member > 0 ? Optional.of(detail.substring(0, member)) : Optional.empty();
    }

    /** The sequence a reversal's key names; empty for any other cause or a malformed number. */
    public Optional<Long> reversedSequence() {
        if (kind != Kind.REVERSAL) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(detail));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
