package org.fablab.gateway.network;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.fablab.protocol.WireNames;

/**
 * What the home lab does with a partner's receipt for one of its members' visits (config {@code network.visits}): the
 * home lab has paid or owes the host either way, through the month's settlement.
 */
public enum VisitCharge implements WireNames.Named {
    /** The member is charged the receipt's amount. */
    CHARGED,
    /** Members on an active plan have visits included in it and pay nothing; members without a plan are charged. */
    INCLUDED_IN_PLAN,
    /** The lab pays for its members' visits; the member is charged nothing. */
    ABSORBED;

    @JsonCreator
    public static VisitCharge fromWire(String wire) {
        return WireNames.parse(VisitCharge.class, "network.visits", wire);
    }

    /** What is recorded on one receipt of a member who is, or is not, on an active plan. */
    public Treatment treatmentFor(boolean onActivePlan) {
        return switch (this) {
            case CHARGED -> Treatment.CHARGED;
            case INCLUDED_IN_PLAN -> onActivePlan ? Treatment.INCLUDED : Treatment.CHARGED;
            case ABSORBED -> Treatment.ABSORBED;
        };
    }

    /** What was done with one received receipt, kept with it. */
    public enum Treatment implements WireNames.Named {
        CHARGED, INCLUDED, ABSORBED;

        public static Treatment fromWire(String wire) {
            return WireNames.parse(Treatment.class, "treatment", wire);
        }
    }
}
