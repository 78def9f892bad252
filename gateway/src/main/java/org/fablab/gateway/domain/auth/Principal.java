package org.fablab.gateway.domain.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Optional;

/**
 * Who is calling: an account, its role, and the member it belongs to when it has one (makers and
 * trainers always do; a treasurer's or an installer's account may not).
 *
 * @param memberId    null when the account is not a member's
 * @param displayName the member's name, else the username
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Principal(String username, Role role, String memberId, String displayName) {
    public Principal {
        if (username == null || username.isBlank() || role == null || displayName == null) {
            throw new IllegalArgumentException("a principal needs a username, a role and a display name");
        }
    }

    public Optional<String> member() {
        return Optional.ofNullable(memberId);
    }

    public boolean isMember(String id) {
        return id != null && id.equals(memberId);
    }

    /** How the audit log names this caller. */
    public String actor() {
        return username;
    }
}
