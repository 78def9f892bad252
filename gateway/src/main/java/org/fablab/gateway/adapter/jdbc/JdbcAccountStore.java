package org.fablab.gateway.adapter.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.domain.auth.Account;
import org.fablab.gateway.domain.auth.AccountLink;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.port.AccountStore;
import org.fablab.gateway.port.NotFound;

/** {@link AccountStore} over JDBC: {@code accounts}, {@code login_sessions}, {@code api_tokens}, {@code account_tokens}. */
public final class JdbcAccountStore implements AccountStore {
    private static final String ACCOUNT = "select username, password_hash, role, member_id, email, active from accounts";
    private static final String LINK = "select kind, email, role, member_id, username, created_by, created_at,"
            + " expires_at, used_at from account_tokens where token_hash = ?";
    /** Spends a link: only the first of two concurrent redemptions updates a row. */
    private static final String SPEND = "update account_tokens set used_at = ?"
            + " where token_hash = ? and kind = ? and used_at is null and expires_at > ?";
    private static final String PRINCIPAL = """
            select a.username, a.role, a.member_id, coalesce(m.display_name, a.username) as display_name
              from accounts a left join members m on m.id = a.member_id""";

    private final DataSource dataSource;

    public JdbcAccountStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void create(Account account, Instant at, AuditEntry audit) {
        Sql.transaction(dataSource, ErrorCode.USERNAME_TAKEN.with(account.username()), c -> {
            insert(c, account, at);
            Sql.audit(c, audit);
            return null;
        });
    }

    private static void insert(Connection c, Account account, Instant at) throws SQLException {
        Sql.update(c, """
                insert into accounts (username, password_hash, role, member_id, created_at, email, active)
                values (?, ?, ?, ?, ?, ?, ?)""", account.username(), account.passwordHash(), account.role().wire(),
                account.memberId(), at, account.email(), account.active());
    }

    @Override
    public Optional<Account> account(String username) {
        return Sql.read(dataSource, c -> Sql.one(c, ACCOUNT + " where username = ?", JdbcAccountStore::account,
                username));
    }

    @Override
    public List<Account> accounts() {
        return Sql.read(dataSource, c -> Sql.list(c, ACCOUNT + " order by username", JdbcAccountStore::account));
    }

    @Override
    public void changePassword(String username, String passwordHash, AuditEntry audit) {
        Sql.transaction(dataSource, ErrorCode.CHANGED_MEANWHILE.with(), c -> {
            if (Sql.update(c, "update accounts set password_hash = ? where username = ?", passwordHash, username) == 0) {
                throw new NotFound(ErrorCode.ACCOUNT_NOT_FOUND, username);
            }
            Sql.update(c, "delete from login_sessions where username = ?", username);
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public Optional<Principal> principal(String username) {
        return Sql.read(dataSource, c -> Sql.one(c, PRINCIPAL + " where a.username = ?", JdbcAccountStore::principal,
                username));
    }

    @Override
    public void openSession(String secretHash, String username, String csrfToken, Instant createdAt, Instant expiresAt) {
        Sql.transaction(dataSource, ErrorCode.CHANGED_MEANWHILE.with(), c -> {
            Sql.update(c, "delete from login_sessions where expires_at <= ?", createdAt);
            Sql.update(c, """
                    insert into login_sessions (secret_hash, username, csrf_token, created_at, expires_at)
                    values (?, ?, ?, ?, ?)""", secretHash, username, csrfToken, createdAt, expiresAt);
            return null;
        });
    }

    @Override
    public Optional<BrowserSession> session(String secretHash, Instant now) {
        return Sql.read(dataSource, c -> Sql.one(c, """
                select a.username, a.role, a.member_id, coalesce(m.display_name, a.username) as display_name,
                       s.csrf_token, s.expires_at
                  from login_sessions s join accounts a on a.username = s.username
                  left join members m on m.id = a.member_id
                 where s.secret_hash = ? and s.expires_at > ? and a.active = ?""",
                rs -> new BrowserSession(principal(rs), rs.getString("csrf_token"), Sql.instant(rs, "expires_at")),
                secretHash, now, true));
    }

    @Override
    public void closeSession(String secretHash) {
        Sql.transaction(dataSource, ErrorCode.REQUEST_CONFLICT.with(),
                c -> Sql.update(c, "delete from login_sessions where secret_hash = ?", secretHash));
    }

    @Override
    public void createToken(String secretHash, String username, String name, Instant at, AuditEntry audit) {
        Sql.transaction(dataSource, ErrorCode.CHANGED_MEANWHILE.with(), c -> {
            Sql.update(c, "insert into api_tokens (secret_hash, username, name, created_at) values (?, ?, ?, ?)",
                    secretHash, username, name, at);
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public Optional<Principal> tokenPrincipal(String secretHash) {
        return Sql.read(dataSource, c -> Sql.one(c, PRINCIPAL + " join api_tokens t on t.username = a.username"
                + " where t.secret_hash = ? and a.active = ?", JdbcAccountStore::principal, secretHash, true));
    }

    @Override
    public void audit(AuditEntry entry) {
        Sql.audit(dataSource, entry);
    }

    @Override
    public Optional<Account> activeAccountByEmail(String email) {
        return Sql.read(dataSource, c -> Sql.one(c, ACCOUNT + " where email = ? and active = ?",
                JdbcAccountStore::account, email, true));
    }

    @Override
    public boolean update(String username, Role role, boolean active, String email, AuditEntry audit) {
        return Sql.transaction(dataSource, ErrorCode.EMAIL_TAKEN.with(), c -> {
            // touching every admin row first makes concurrent changes of admins wait for each other on PostgreSQL,
            // so the count below cannot miss a demotion committed meanwhile (SQLite has one writer anyway)
            Sql.update(c, "update accounts set role = role where role = ?", Role.ADMIN.wire());
            if (Sql.update(c, "update accounts set role = ?, active = ?, email = ? where username = ?", role.wire(),
                    active, email, username) == 0) {
                throw new NotFound(ErrorCode.ACCOUNT_NOT_FOUND, username);
            }
            long admins = Sql.one(c, "select count(*) as n from accounts where role = ? and active = ?",
                    rs -> rs.getLong("n"), Role.ADMIN.wire(), true).orElse(0L);
            if (admins == 0) {
                c.rollback();
                return false;
            }
            if (!active) {
                Sql.update(c, "delete from login_sessions where username = ?", username);
            }
            Sql.audit(c, audit);
            return true;
        });
    }

    @Override
    public void createLink(String tokenHash, AccountLink link, AuditEntry audit) {
        Sql.transaction(dataSource, ErrorCode.CHANGED_MEANWHILE.with(), c -> {
            if (link.memberId() != null && Sql.one(c, "select id from members where id = ?", rs -> rs.getString("id"),
                    link.memberId()).isEmpty()) {
                throw new NotFound(ErrorCode.MEMBER_NOT_FOUND, link.memberId());
            }
            Sql.update(c, """
                    insert into account_tokens (token_hash, kind, email, role, member_id, username, created_by, created_at,
                                                expires_at, used_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", tokenHash, link.kind().wire(), link.email(),
                    link.role() == null ? null : link.role().wire(), link.memberId(), link.username(), link.createdBy(),
                    link.createdAt(), link.expiresAt(), link.usedAt());
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public Optional<AccountLink> link(String tokenHash) {
        return Sql.read(dataSource, c -> Sql.one(c, LINK, JdbcAccountStore::link, tokenHash));
    }

    @Override
    public boolean acceptInvitation(String tokenHash, Instant now, Account account, AuditEntry audit) {
        return Sql.transaction(dataSource, ErrorCode.EMAIL_TAKEN.with(),
                c -> {
                    if (Sql.update(c, SPEND, now, tokenHash, AccountLink.Kind.INVITATION.wire(), now) == 0) {
                        return false;
                    }
                    insert(c, account, now);
                    Sql.audit(c, audit);
                    return true;
                });
    }

    @Override
    public boolean resetPassword(String tokenHash, Instant now, String passwordHash, AuditEntry audit) {
        return Sql.transaction(dataSource, ErrorCode.REQUEST_CONFLICT.with(), c -> {
            Optional<AccountLink> link = Sql.one(c, LINK, JdbcAccountStore::link, tokenHash);
            if (link.isEmpty() || Sql.update(c, SPEND, now, tokenHash, AccountLink.Kind.RESET.wire(), now) == 0) {
                return false;
            }
            String username = link.get().username();
            if (Sql.update(c, "update accounts set password_hash = ? where username = ? and active = ?", passwordHash,
                    username, true) == 0) {
                c.rollback();
                return false;
            }
            Sql.update(c, "delete from login_sessions where username = ?", username);
            Sql.audit(c, audit);
            return true;
        });
    }

    private static AccountLink link(ResultSet rs) throws SQLException {
        String role = rs.getString("role");
        return new AccountLink(AccountLink.Kind.fromWire(rs.getString("kind")), rs.getString("email"),
                role == null ? null : Role.fromWire(role), rs.getString("member_id"), rs.getString("username"),
                rs.getString("created_by"), Sql.instant(rs, "created_at"), Sql.instant(rs, "expires_at"),
                Sql.instant(rs, "used_at"));
    }

    private static Account account(ResultSet rs) throws SQLException {
        return new Account(rs.getString("username"), rs.getString("password_hash"), Role.fromWire(rs.getString("role")),
                rs.getString("member_id"), rs.getString("email"), rs.getBoolean("active"));
    }

    private static Principal principal(ResultSet rs) throws SQLException {
        return new Principal(rs.getString("username"), Role.fromWire(rs.getString("role")), rs.getString("member_id"),
                rs.getString("display_name"));
    }
}
