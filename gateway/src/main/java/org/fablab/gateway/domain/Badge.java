package org.fablab.gateway.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.fablab.gateway.access.BadgeStatus;

/**
 * A badge enrolled for a member. The gateway knows it by its credential hash, and {@code id} is a short prefix of that
 * hash, safe to show. The canonical UID is kept only when it was typed at enrolment, for staff to read it back; nodes
 * and the ACL still only ever see the hash.
 *
 * @param label what the member calls it (e.g. "blue key fob"), or null
 * @param uid   the canonical UID (docs/protocol.md §5.1), {@link #masked() masked} for the holder; null when unknown
 *              (enrolled at a node, or before UIDs were kept)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Badge(String id, String memberId, String type, String label, BadgeStatus status, Instant enrolledAt,
                    String uid) {
    /** Digits a holder still sees of their own badge's UID: enough to tell their badges apart, not to clone one. */
    static final int SHOWN_DIGITS = 4;

    /** This badge with every digit of its UID but the last {@value #SHOWN_DIGITS} replaced by {@code •}. */
    public Badge masked() {
        if (uid == null) {
            return this;
        }
        int hidden = Math.max(0, uid.length() - SHOWN_DIGITS);
        return new Badge(id, memberId, type, label, status, enrolledAt, "•".repeat(hidden) + uid.substring(hidden));
    }

    /** The id shown for a credential hash. */
    public static String idOf(String credentialHash) {
        return "b-" + credentialHash.substring(0, 12);
    }
}
