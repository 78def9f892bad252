package org.fablab.gateway.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.fablab.gateway.domain.AuditAction;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.auth.Account;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.port.AccountStore;
import org.fablab.gateway.port.PasswordHasher;

/**
 * Logins, browser sessions, API tokens and accounts. Secrets are 256 random bits handed to the client
 * once; only their SHA-256 is stored. Blocking (password hashing is deliberately slow): call from a
 * worker thread. Thread-safe.
 */
public final class AuthService {
    public static final Duration SESSION_LIFETIME = Duration.ofHours(12);
    public static final int MIN_PASSWORD_LENGTH = 10;

    private final AccountStore accounts;
    private final PasswordHasher hasher;
    private final AttemptThrottle throttle;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final String unknownUserHash;

    /** What a login attempt gave. */
    public sealed interface LoginResult {
        record Success(Principal principal, String sessionSecret, String csrfToken) implements LoginResult {
        }

        /** Wrong username or password; the caller is not told which. */
        record Refused() implements LoginResult {
        }

        record Throttled(Duration retryAfter) implements LoginResult {
        }
    }

    public AuthService(AccountStore accounts, PasswordHasher hasher, AttemptThrottle throttle, Clock clock) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.throttle = throttle;
        this.clock = clock;
        this.unknownUserHash = hasher.hash(secret());
    }

    public LoginResult login(String username, String password, String address) {
        Optional<Duration> wait = throttle.waitBeforeAttempt(username, address);
        if (wait.isPresent()) {
            return new LoginResult.Throttled(wait.get());
        }
        Optional<Account> account = accounts.account(username).filter(Account::active);
        // an unknown user costs one hash too, so response time does not tell which usernames exist
        boolean matches = hasher.matches(password, account.map(Account::passwordHash).orElse(unknownUserHash));
        if (account.isEmpty() || !matches) {
            throttle.failed(username, address);
            accounts.audit(AuditEntry.of(clock.instant(), "anonymous", AuditAction.LOGIN_FAILED, "account", username)
                    .with("from", address));
            return new LoginResult.Refused();
        }
        throttle.succeeded(username);
        Instant now = clock.instant();
        String sessionSecret = secret();
        String csrfToken = secret();
        accounts.openSession(digest(sessionSecret), username, csrfToken, now, now.plus(SESSION_LIFETIME));
        return new LoginResult.Success(accounts.principal(username).orElseThrow(), sessionSecret, csrfToken);
    }

    public Optional<AccountStore.BrowserSession> session(String sessionSecret) {
        return accounts.session(digest(sessionSecret), clock.instant());
    }

    public void logout(String sessionSecret) {
        accounts.closeSession(digest(sessionSecret));
    }

    public Optional<Principal> bearer(String token) {
        return accounts.tokenPrincipal(digest(token));
    }

    /** @return false when {@code currentPassword} is wrong (nothing changes then) */
    public boolean changePassword(Principal principal, String currentPassword, String newPassword) {
        requireStrong(newPassword);
        Account account = accounts.account(principal.username()).orElseThrow();
        if (!hasher.matches(currentPassword, account.passwordHash())) {
            return false;
        }
        accounts.changePassword(principal.username(), hasher.hash(newPassword),
                AuditEntry.of(clock.instant(), principal.actor(), AuditAction.ACCOUNT_PASSWORD_CHANGED, "account",
                        principal.username()).member(principal.memberId()));
        return true;
    }

    /** @return the token, shown to its owner once */
    public String createToken(Principal principal, String name) {
        String token = secret();
        accounts.createToken(digest(token), principal.username(), name, clock.instant(),
                AuditEntry.of(clock.instant(), principal.actor(), AuditAction.TOKEN_CREATED, "account", principal.username())
                        .member(principal.memberId()).with("name", name));
        return token;
    }

    /** @param actor who creates it, as the audit log names them (e.g. {@code cli} for the first admin) */
    public Account createAccount(String actor, String username, String password, Role role, String memberId) {
        requireStrong(password);
        Account account = new Account(Account.requireUsername(username), hasher.hash(password), role, memberId);
        accounts.create(account, clock.instant(), AuditEntry.of(clock.instant(), actor, AuditAction.ACCOUNT_CREATED, "account",
                username).member(memberId).with("role", role.wire()));
        return account;
    }

    public List<Account> accounts() {
        return accounts.accounts();
    }

    static void requireStrong(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("password must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
    }

    private String secret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String digest(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
