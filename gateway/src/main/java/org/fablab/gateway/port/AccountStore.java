package org.fablab.gateway.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.auth.Account;
import org.fablab.gateway.domain.auth.Principal;

/**
 * Accounts, browser sessions and API tokens. Sessions and tokens are looked up by the SHA-256 of their
 * secret, which is all that is stored. Blocking; thread-safe.
 */
public interface AccountStore {

    /** A logged-in browser: who, and the CSRF token their writes must carry. */
    record BrowserSession(Principal principal, String csrfToken, Instant expiresAt) {
    }

    /** @throws Conflict when the username is taken */
    void create(Account account, Instant at, AuditEntry audit);

    Optional<Account> account(String username);

    List<Account> accounts();

    void changePassword(String username, String passwordHash, AuditEntry audit);

    Optional<Principal> principal(String username);

    void openSession(String secretHash, String username, String csrfToken, Instant createdAt, Instant expiresAt);

    /** The session when it exists and has not expired at {@code now}. */
    Optional<BrowserSession> session(String secretHash, Instant now);

    void closeSession(String secretHash);

    void createToken(String secretHash, String username, String name, Instant at, AuditEntry audit);

    Optional<Principal> tokenPrincipal(String secretHash);

    /** Appends an entry that goes with no other write (a refused login, say). */
    void audit(AuditEntry entry);
}
