package org.fablab.gateway.access;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.fablab.protocol.WireNames;

/**
 * Why a badge may not power a machine, in the order {@link AccessRules} checks them. The wire name ({@code
 * training-expired}) is what {@code auth/response}, {@code badge.denied} and the REST API carry.
 */
public enum DenyReason implements WireNames.Named {
    /** No enrolled badge has this credential hash. */
    UNKNOWN_BADGE,
    /** The badge was reported lost. */
    BADGE_LOST,
    /** The badge was revoked. */
    BADGE_REVOKED,
    /** The member's account is deactivated. */
    MEMBER_INACTIVE,
    /** The membership's last valid day is past. */
    MEMBERSHIP_EXPIRED,
    /** A required training has no certification, or only revoked ones. */
    TRAINING_MISSING,
    /** A required training has certifications, but every active one has expired. */
    TRAINING_EXPIRED,
    /** A fabmanager blocked the machine. */
    MACHINE_BLOCKED,
    /** The machine is out of service. */
    MACHINE_OUT_OF_SERVICE,
    /** The machine waits for a check that only a trainer for it may clear. */
    MACHINE_TO_CHECK,
    /** The lab's opening rules do not include this instant. */
    OUTSIDE_OPENING_HOURS,
    /** The machine needs a trainer's badge shortly before, and none was seen. */
    TRAINER_ABSENT,
    /** Billing says the member's balance or credit does not allow a session. */
    INSUFFICIENT_BALANCE;

    @JsonCreator
    public static DenyReason fromWire(String wire) {
        return WireNames.parse(DenyReason.class, "reason", wire);
    }
}
