package org.fablab.node.domain;

import org.fablab.protocol.Names;

/** The node's answer to a badge: power may go on for a member, or not, with a short reason code. */
public sealed interface AccessDecision {

    /** The badge belongs to a member the ACL allows on this machine. */
    record Granted(String memberId, String memberName) implements AccessDecision {
        public Granted {
            Names.requireText("memberId", memberId);
            Names.requireText("memberName", memberName);
        }
    }

    /**
     * The badge may not power the machine.
     *
     * @param reason short code as sent in {@code badge.denied}, e.g. {@code unknown-badge}, {@code acl-stale}
     */
    record Denied(String reason) implements AccessDecision {
        public Denied {
            Names.requireText("reason", reason);
        }
    }
}
