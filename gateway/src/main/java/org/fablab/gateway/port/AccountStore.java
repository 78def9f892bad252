package org.fablab.gateway.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.auth.Account;
import org.fablab.gateway.domain.auth.AccountLink;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.domain.auth.Principal;

/**
 * Accounts, browser sessions and API tokens. Sessions and tokens are looked up by the SHA-256 of their
 * secret, which is all that is stored; so are one-time links (invitations, password resets). Sessions and tokens
 * of a deactivated account are not found. Blocking; thread-safe.
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

    /** The active account with this (lower-case) e-mail address. */
    Optional<Account> activeAccountByEmail(String email);

    /**
     * Sets role, active flag and e-mail address of {@code username} (deactivating ends its browser sessions), unless
     * that would leave no active admin.
     *
     * @return false, with nothing changed, when no active admin would be left
     * @throws NotFound when there is no such account
     * @throws Conflict when another account has this e-mail address
     */
    boolean update(String username, Role role, boolean active, String email, AuditEntry audit);

    /** @throws NotFound when the link names a member that does not exist */
    void createLink(String tokenHash, AccountLink link, AuditEntry audit);

    Optional<AccountLink> link(String tokenHash);

    /**
     * Spends the open invitation {@code tokenHash} and creates {@code account} in one transaction.
     *
     * @return false when the invitation is not open at {@code now} (unknown, expired or spent meanwhile)
     * @throws Conflict when the username or e-mail address is taken; the invitation stays open
     */
    boolean acceptInvitation(String tokenHash, Instant now, Account account, AuditEntry audit);

    /**
     * Spends the open reset link {@code tokenHash}, sets its account's password and ends the account's browser
     * sessions, in one transaction.
     *
     * @return false when the link is not open at {@code now} or its account is deactivated
     */
    boolean resetPassword(String tokenHash, Instant now, String passwordHash, AuditEntry audit);
}
