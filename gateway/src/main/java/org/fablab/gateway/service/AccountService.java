package org.fablab.gateway.service;

import java.security.SecureRandom;
import java.text.MessageFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.ResourceBundle;
import org.fablab.gateway.domain.AuditAction;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.BadArgument;
import org.fablab.gateway.domain.EnrollmentTokens;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.domain.auth.Account;
import org.fablab.gateway.domain.auth.AccountLink;
import org.fablab.gateway.domain.auth.LoginThrottle;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.port.AccountStore;
import org.fablab.gateway.port.FailureLog;
import org.fablab.gateway.port.Mailer;
import org.fablab.gateway.port.NotFound;
import org.fablab.gateway.port.PasswordHasher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts an admin manages from the dashboard (docs/accounts.md): invitations and password resets by one-time link,
 * role changes and deactivation. A link's token is made like an enrollment token ({@link EnrollmentTokens}: 160
 * random bits, only its SHA-256 stored) and is never logged. Without a mail server, or when sending fails, the link
 * is handed to the admin instead, who passes it on. Blocking (store, password hashing, SMTP): call from a worker
 * thread. Thread-safe.
 */
public final class AccountService {
    private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);
    public static final Duration INVITATION_TTL = Duration.ofHours(72);
    public static final Duration RESET_TTL = Duration.ofHours(1);
    /** Reset requests for one e-mail address within {@link #RESET_WINDOW}, counted whether the address exists or not. */
    public static final int RESETS_PER_EMAIL = 3;
    /** Reset requests from one client address within {@link #RESET_WINDOW}. */
    public static final int RESETS_PER_ADDRESS = 10;
    public static final Duration RESET_WINDOW = Duration.ofHours(1);
    private static final String SUBJECT = "account";

    private final AccountStore store;
    private final PasswordHasher hasher;
    private final Optional<Mailer> mailer;
    private final String publicUrl;
    private final Clock clock;
    private final EnrollmentTokens tokens;
    private final AttemptThrottle resetRequests;

    /** How a link reached, or is to reach, its person. */
    public sealed interface Delivery {
        record Mailed(String to) implements Delivery {
        }

        /** No mail server, or no address to send to: the admin hands the link over. */
        record Shown(String link) implements Delivery {
        }

        /** The mail server refused or was unreachable: the admin hands the link over and learns why. */
        record Failed(String link, String error) implements Delivery {
        }
    }

    /** A link made for an admin's request: who it is for, until when, and how it travels. */
    public record Issued(String to, Instant expiresAt, Delivery delivery) {
    }

    /** What may change on an account; an empty field keeps its value. */
    public record Change(Optional<Role> role, Optional<Boolean> active, Optional<String> email) {
    }

    /**
     * @param mailer    the mail server, or empty when none is configured
     * @param publicUrl the dashboard's address as members reach it; empty makes links start at the path
     *                  ({@code /#/accept?…}), for the dashboard to complete with its own address
     */
    public AccountService(AccountStore store, PasswordHasher hasher, Optional<Mailer> mailer, String publicUrl,
                          FailureLog failures, Clock clock, SecureRandom random) {
        this.store = store;
        this.hasher = hasher;
        this.mailer = mailer;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.clock = clock;
        this.tokens = new EnrollmentTokens(random);
        this.resetRequests = new AttemptThrottle(failures, "reset",
                new LoginThrottle(RESETS_PER_EMAIL, RESETS_PER_ADDRESS, RESET_WINDOW), clock);
    }

    /** Whether links are mailed; when not, the dashboard says the admin will be shown them. */
    public boolean mails() {
        return mailer.isPresent();
    }

    /** Invites {@code email} to open an account with {@code role} (belonging to {@code memberId} if given). */
    public Issued invite(Principal actor, String email, Role role, String memberId, Locale locale) {
        String address = Account.requireEmail(email);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(INVITATION_TTL);
        String token = tokens.next();
        store.createLink(EnrollmentTokens.hash(token), AccountLink.invitation(address, role, memberId, actor.actor(),
                now, expiresAt), AuditEntry.of(now, actor.actor(), AuditAction.ACCOUNT_INVITED, SUBJECT, address)
                .member(memberId).with("role", role.wire()).with("expiresAt", expiresAt));
        String link = link("accept", token);
        Delivery delivery = deliver(actor.actor(), address, link, "invitation", role.wire(), INVITATION_TTL, locale);
        return new Issued(address, expiresAt, delivery);
    }

    /**
     * Creates the account the open invitation {@code token} was made for.
     *
     * @return empty when the link is unknown, expired or already used
     * @throws org.fablab.gateway.port.Conflict when the username is taken (the link stays usable)
     */
    public Optional<Account> accept(String token, String username, String password) {
        Account.requireUsername(username);
        AuthService.requireStrong(password);
        if (!EnrollmentTokens.plausible(token)) {
            return Optional.empty();
        }
        String hash = EnrollmentTokens.hash(token);
        Instant now = clock.instant();
        Optional<AccountLink> link = store.link(hash).filter(l -> l.kind() == AccountLink.Kind.INVITATION)
                .filter(l -> l.isOpenAt(now));
        if (link.isEmpty()) {
            return Optional.empty();
        }
        AccountLink invitation = link.get();
        Account account = new Account(username, hasher.hash(password), invitation.role(), invitation.memberId(),
                invitation.email(), true);
        boolean created = store.acceptInvitation(hash, now, account, AuditEntry.of(now, username,
                AuditAction.ACCOUNT_CREATED, SUBJECT, username).member(invitation.memberId())
                .with("role", invitation.role().wire()).with("invitedBy", invitation.createdBy()));
        if (created) {
            LOG.info("invitation accepted [username: {}, role: {}]", username, invitation.role().wire());
        }
        return created ? Optional.of(account) : Optional.empty();
    }

    /**
     * Changes an account; an admin cannot deactivate or demote the last active admin, themself included.
     *
     * @throws NotAllowed when no active admin would be left
     */
    public Account update(Principal actor, String username, Change change) {
        Account current = store.account(username).orElseThrow(() -> new NotFound(ErrorCode.ACCOUNT_NOT_FOUND, username));
        Role role = change.role().orElse(current.role());
        boolean active = change.active().orElse(current.active());
        String email = change.email().map(Account::requireEmail).orElse(current.email());
        List<String> fields = new ArrayList<>();
        if (role != current.role()) {
            fields.add("role");
        }
        if (!Objects.equals(email, current.email())) {
            fields.add("email");
        }
        AuditAction action = active == current.active() ? AuditAction.ACCOUNT_CHANGED
                : active ? AuditAction.ACCOUNT_REACTIVATED : AuditAction.ACCOUNT_DEACTIVATED;
        boolean changed = store.update(username, role, active, email, AuditEntry.of(clock.instant(), actor.actor(),
                action, SUBJECT, username).member(current.memberId())
                .with("changed", fields.isEmpty() ? null : String.join(", ", fields))
                .with("previousRole", current.role().wire()).with("role", role.wire()));
        if (!changed) {
            throw new NotAllowed(ErrorCode.FORBIDDEN_LAST_ADMIN);
        }
        return new Account(username, current.passwordHash(), role, current.memberId(), email, active);
    }

    /** An admin sends, or is shown, a password-reset link for {@code username}. */
    public Issued resetByAdmin(Principal actor, String username, Locale locale) {
        Account account = store.account(username).orElseThrow(() -> new NotFound(ErrorCode.ACCOUNT_NOT_FOUND, username));
        if (!account.active()) {
            throw new BadArgument("username", ErrorCode.ACCOUNT_DEACTIVATED, username);
        }
        String link = issueReset(actor.actor(), account);
        Instant expiresAt = clock.instant().plus(RESET_TTL);
        Delivery delivery = account.email() == null ? new Delivery.Shown(link)
                : deliver(actor.actor(), account.email(), link, "reset", username, RESET_TTL, locale);
        return new Issued(account.email() == null ? username : account.email(), expiresAt, delivery);
    }

    /**
     * Counts a reset request by e-mail from {@code client} against the throttle, whether the address belongs to an
     * account or not; answered before any look-up, so neither the answer nor its time tells whether it does. The
     * requests are counted in the database (every instance counts the same ones): call from a worker thread.
     *
     * @return how long the caller must wait, or empty when the request is taken
     */
    public Optional<Duration> admitResetRequest(String email, String client) {
        String key = email.strip().toLowerCase(Locale.ROOT);
        Optional<Duration> wait = resetRequests.waitBeforeAttempt(key, client);
        if (wait.isEmpty()) {
            resetRequests.failed(key, client);
        }
        return wait;
    }

    /**
     * Mails a reset link to the active account with {@code email}, if there is one; nothing happens otherwise. A
     * failure is logged and audited (the requester is not told, so that nobody learns which addresses exist).
     */
    public void resetByEmail(String email, String client, Locale locale) {
        if (mailer.isEmpty()) {
            return;
        }
        String address;
        try {
            address = Account.requireEmail(email.strip());
        } catch (IllegalArgumentException e) {
            return;
        }
        store.activeAccountByEmail(address).ifPresent(account -> {
            String link = issueReset("anonymous:" + client, account);
            deliver("anonymous:" + client, address, link, "reset", account.username(), RESET_TTL, locale);
        });
    }

    /**
     * Sets the password of the account the open reset link {@code token} was made for, and ends its sessions.
     *
     * @return false when the link is unknown, expired or already used, or its account deactivated
     */
    public boolean confirmReset(String token, String newPassword) {
        AuthService.requireStrong(newPassword);
        if (!EnrollmentTokens.plausible(token)) {
            return false;
        }
        String hash = EnrollmentTokens.hash(token);
        Instant now = clock.instant();
        Optional<AccountLink> link = store.link(hash).filter(l -> l.kind() == AccountLink.Kind.RESET)
                .filter(l -> l.isOpenAt(now));
        if (link.isEmpty()) {
            return false;
        }
        String username = link.get().username();
        return store.resetPassword(hash, now, hasher.hash(newPassword),
                AuditEntry.of(now, username, AuditAction.ACCOUNT_PASSWORD_RESET, SUBJECT, username)
                        .with("requestedBy", link.get().createdBy()));
    }

    private String issueReset(String actor, Account account) {
        Instant now = clock.instant();
        String token = tokens.next();
        store.createLink(EnrollmentTokens.hash(token), AccountLink.reset(account.username(), account.email(), actor,
                now, now.plus(RESET_TTL)), AuditEntry.of(now, actor, AuditAction.ACCOUNT_RESET_REQUESTED, SUBJECT,
                account.username()).member(account.memberId()).with("expiresAt", now.plus(RESET_TTL)));
        return link("reset", token);
    }

    private Delivery deliver(String actor, String to, String link, String kind, String subjectName, Duration ttl,
                             Locale locale) {
        if (mailer.isEmpty()) {
            return new Delivery.Shown(link);
        }
        Locale language = Locale.FRENCH.getLanguage().equals(locale.getLanguage()) ? Locale.FRENCH : Locale.ENGLISH;
        ResourceBundle texts = ResourceBundle.getBundle("org.fablab.gateway.service.mails", language,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        String text = new MessageFormat(texts.getString(kind + ".text"), language)
                .format(new Object[] {link, Long.toString(ttl.toHours()), subjectName});
        try {
            mailer.get().send(to, texts.getString(kind + ".subject"), text);
            LOG.info("mail sent [kind: {}, to: {}]", kind, to);
            return new Delivery.Mailed(to);
        } catch (Mailer.MailFailure e) {
            LOG.warn("mail not sent [kind: {}, to: {}, reason: {}]", kind, to, e.getMessage());
            store.audit(AuditEntry.of(clock.instant(), actor, AuditAction.ACCOUNT_MAIL_FAILED, SUBJECT, to)
                    .reason(e.getMessage()).with("mail", kind));
            return new Delivery.Failed(link, e.getMessage());
        }
    }

    private String link(String page, String token) {
        return publicUrl + "/#/" + page + "?token=" + token;
    }
}
