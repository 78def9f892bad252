package org.fablab.gateway.access;

import java.time.Instant;
import org.fablab.protocol.Names;

/** The gateway's answer to one badge on one machine at one instant; see {@link AccessRules#decide}. */
public sealed interface AccessDecision permits AccessDecision.Granted, AccessDecision.Denied {

    /**
     * The member may use the machine.
     *
     * @param validUntil the earliest instant at which this grant stops holding by itself (a training expiry, the end
     *                   of the membership, the opening window closing), exclusive; {@code null} when nothing in the
     *                   rules ends it. Changes made by people (a revocation, a block) are not foreseen here.
     */
    record Granted(String memberId, String memberName, Instant validUntil) implements AccessDecision {
        public Granted {
            Names.requireText("memberId", memberId);
            Names.requireText("memberName", memberName);
        }
    }

    /**
     * The member may not use the machine.
     *
     * @param reason the first check that failed
     * @param detail human text for the dashboard and logs, e.g. {@code training laser-safety expired 2026-10-01}
     */
    record Denied(DenyReason reason, String detail) implements AccessDecision {
        public Denied {
            Names.require("reason", reason);
            Names.requireText("detail", detail);
        }
    }
}
