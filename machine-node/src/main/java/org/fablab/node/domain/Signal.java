package org.fablab.node.domain;

/** What the machine's LED/buzzer shows; an {@code Indicator} adapter maps each to its hardware pattern. */
public enum Signal {
    /** Idle, a badge may start a session. */
    READY,
    /** Power is on for a session. */
    IN_USE,
    /** Grace period: power will be cut soon unless the same member badges again. */
    WARNING,
    /** A badge was refused; shown briefly, the steady signal follows. */
    DENIED,
    /** Blocked, out of service or to check: no session may start. */
    LOCKED,
    FAULT,
    /** The gateway asked the node to make itself known: every LED blinks and the buzzer beeps, for 3 s. */
    IDENTIFY
}
