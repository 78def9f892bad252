package org.fablab.gateway.domain.auth;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Locale;
import java.util.regex.Pattern;
import org.fablab.gateway.domain.BadArgument;
import org.fablab.gateway.domain.ErrorCode;

/**
 * A login of the dashboard or the API. The password hash is the PHC string of a slow KDF and is never
 * serialised.
 *
 * @param memberId the member this account belongs to, or null (e.g. an installer's admin account)
 * @param email    where invitations and password resets go, lower-case, or null when none is known
 * @param active   false once an admin deactivated it: it cannot sign in, its sessions and tokens stop working
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Account(String username, @JsonIgnore String passwordHash, Role role, String memberId, String email,
                      boolean active) {
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final int MAX_EMAIL = 254;

    public Account {
        requireUsername(username);
        if (passwordHash == null || passwordHash.isBlank() || role == null) {
            throw new IllegalArgumentException("an account needs a password hash and a role");
        }
        if (email != null) {
            requireEmail(email);
        }
    }

    /** An active account without a known e-mail address. */
    public Account(String username, String passwordHash, Role role, String memberId) {
        this(username, passwordHash, role, memberId, null, true);
    }

    /** @return {@code email} lower-cased, when it looks like {@code name@example.org} */
    public static String requireEmail(String email) {
        if (email == null || email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches()) {
            throw new BadArgument("email", ErrorCode.FIELD_FORMAT, "name@example.org");
        }
        return email.toLowerCase(Locale.ROOT);
    }

    /** Usernames are lower-case letters, digits, dots, dashes and underscores, 2 to 64 characters. */
    public static String requireUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new BadArgument("username", ErrorCode.USERNAME_FORMAT);
        }
        return username;
    }

    @Override
    public String toString() {
        return "Account[username=" + username + ", role=" + role.wire() + ", memberId=" + memberId + ", active="
                + active + "]";
    }
}
