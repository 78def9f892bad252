package org.fablab.gateway.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.fablab.gateway.access.BadgeStatus;

/**
 * A badge enrolled for a member. Its raw UID is never stored: the gateway knows it by its credential
 * hash, and {@code id} is a short prefix of that hash, safe to show.
 *
 * @param label what the member calls it (e.g. "blue key fob"), or null
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Badge(String id, String memberId, String type, String label, BadgeStatus status, Instant enrolledAt) {
    /** The id shown for a credential hash. */
    public static String idOf(String credentialHash) {
        return "b-" + credentialHash.substring(0, 12);
    }
}
