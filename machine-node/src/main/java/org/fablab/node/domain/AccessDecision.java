package org.fablab.node.domain;

import org.fablab.protocol.Names;

/** The node's answer to a badge: power may go on for a member, or not, with a short reason code. */
public sealed interface AccessDecision {

    /**
     * The badge belongs to a member allowed on this machine.
     *
     * @param live true when the gateway granted it in an {@code auth/response}, false when the cached ACL did
     */
    record Granted(String memberId, String memberName, boolean live) implements AccessDecision {
        public Granted {
            Names.requireText("memberId", memberId);
            Names.requireText("memberName", memberName);
        }

        /** A grant from the cached ACL. */
        public Granted(String memberId, String memberName) {
            this(memberId, memberName, false);
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
