package org.fablab.gateway.domain.auth;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.regex.Pattern;

/**
 * A login of the dashboard or the API. The password hash is the PHC string of a slow KDF and is never
 * serialised.
 *
 * @param memberId the member this account belongs to, or null (e.g. an installer's admin account)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Account(String username, @JsonIgnore String passwordHash, Role role, String memberId) {
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");

    public Account {
        requireUsername(username);
        if (passwordHash == null || passwordHash.isBlank() || role == null) {
            throw new IllegalArgumentException("an account needs a password hash and a role");
        }
    }

    /** Usernames are lower-case letters, digits, dots, dashes and underscores, 2 to 64 characters. */
    public static String requireUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException(
                    "username must be 2 to 64 lower-case letters, digits, '.', '-' or '_', starting with a letter or digit");
        }
        return username;
    }

    @Override
    public String toString() {
        return "Account[username=" + username + ", role=" + role.wire() + ", memberId=" + memberId + "]";
    }
}
