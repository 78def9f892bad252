package org.fablab.gateway.domain;

import java.time.Duration;
import java.time.Instant;
import org.fablab.protocol.MachineState;

/**
 * One card of the live board.
 *
 * @param aclIssuedAt     when the ACL the node uses was issued, null when the node has none or is unseen
 * @param session         the running session, null when none
 * @param aclMaxStaleness how long the node may use an ACL after it was issued, null when the machine has no node
 */
public record MachineView(String id, String name, String kind, String node, MachineState state,
                          boolean nodeOnline, Instant aclIssuedAt, ActiveSession session, Duration aclMaxStaleness) {

    /** The running session as the board shows it. */
    public record ActiveSession(String id, String memberName, Instant startedAt) {
    }

    /** The same card with another session, e.g. a redacted one for the public board. */
    public MachineView withSession(ActiveSession shown) {
        return new MachineView(id, name, kind, node, state, nodeOnline, aclIssuedAt, shown, aclMaxStaleness);
    }

    public static MachineView unseen(MachineRecord machine, String node, Duration aclMaxStaleness) {
        return new MachineView(machine.id(), machine.name(), machine.kind(), node, MachineState.IDLE, false, null, null,
                aclMaxStaleness);
    }
}
