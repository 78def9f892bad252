package org.fablab.gateway.billing;

/**
 * What a session cost its member, as the ledger holds it.
 *
 * @param state       {@link State#CHARGED} with a net amount above zero; {@link State#FREE} when billing priced it at
 *                    nothing (under the minimum, in a free window, covered by the plan, no price list) or its charge
 *                    was reversed in full; {@link State#PENDING} while it runs or waits for the next catch-up
 * @param amountCents the net amount charged (its charge lines less their reversals); 0 unless charged
 */
public record SessionCost(State state, long amountCents) {

    public enum State {
        CHARGED("charged"), FREE("free"), PENDING("pending");

        private final String wire;

        State(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    public static final SessionCost PENDING = new SessionCost(State.PENDING, 0);

    public SessionCost {
        if (state == null) {
            throw new IllegalArgumentException("a session cost needs a state");
        }
        if ((state == State.CHARGED) != (amountCents != 0)) {
            throw new IllegalArgumentException("only a charged session has an amount, was " + state + " " + amountCents);
        }
    }

    /** The cost of a session whose cause the ledger has written with {@code netCents} in all. */
    public static SessionCost written(long netCents) {
        return netCents == 0 ? new SessionCost(State.FREE, 0) : new SessionCost(State.CHARGED, netCents);
    }
}
