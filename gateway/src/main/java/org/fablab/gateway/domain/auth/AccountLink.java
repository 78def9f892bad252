package org.fablab.gateway.domain.auth;

import java.time.Instant;
import java.util.Locale;

/**
 * A one-time link an admin or a member was sent (docs/accounts.md), as stored: never its token, only what it
 * opens. Open while unused and not expired; spent once.
 *
 * @param email     invitation: the invited address; reset: the address it was sent to, or null when the admin
 *                  was shown the link
 * @param role      invitation: the role of the account to create; reset: null
 * @param memberId  invitation: the member the account will belong to, or null; reset: null
 * @param username  reset: the account whose password it sets; invitation: null
 * @param createdBy who asked for it, as the audit log names them
 * @param usedAt    when it was spent, or null
 */
public record AccountLink(Kind kind, String email, Role role, String memberId, String username, String createdBy,
                         Instant createdAt, Instant expiresAt, Instant usedAt) {

    /** What a link does; its wire name is stored. */
    public enum Kind {
        INVITATION, RESET;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind fromWire(String wire) {
            return valueOf(wire.toUpperCase(Locale.ROOT));
        }
    }

    public AccountLink {
        if (kind == null || createdBy == null || createdAt == null || expiresAt == null) {
            throw new IllegalArgumentException("a link needs a kind, its creator, a creation and an expiry time");
        }
        if (kind == Kind.INVITATION && (email == null || role == null)) {
            throw new IllegalArgumentException("an invitation needs an e-mail address and a role");
        }
        if (kind == Kind.RESET && username == null) {
            throw new IllegalArgumentException("a password reset needs the account's username");
        }
    }

    public static AccountLink invitation(String email, Role role, String memberId, String createdBy, Instant at,
                                         Instant expiresAt) {
        return new AccountLink(Kind.INVITATION, email, role, memberId, null, createdBy, at, expiresAt, null);
    }

    public static AccountLink reset(String username, String email, String createdBy, Instant at, Instant expiresAt) {
        return new AccountLink(Kind.RESET, email, null, null, username, createdBy, at, expiresAt, null);
    }

    public boolean isOpenAt(Instant now) {
        return usedAt == null && now.isBefore(expiresAt);
    }
}
