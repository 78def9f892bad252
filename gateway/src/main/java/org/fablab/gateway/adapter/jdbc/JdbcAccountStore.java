package org.fablab.gateway.adapter.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.auth.Account;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.port.AccountStore;
import org.fablab.gateway.port.NotFound;

/** {@link AccountStore} over JDBC. */
public final class JdbcAccountStore implements AccountStore {
    private static final String PRINCIPAL = """
            select a.username, a.role, a.member_id, coalesce(m.display_name, a.username) as display_name
              from accounts a left join members m on m.id = a.member_id""";

    private final DataSource dataSource;

    public JdbcAccountStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void create(Account account, Instant at, AuditEntry audit) {
        Sql.transaction(dataSource, "the username " + account.username() + " is taken", c -> {
            Sql.update(c, "insert into accounts (username, password_hash, role, member_id, created_at) values (?, ?, ?, ?, ?)",
                    account.username(), account.passwordHash(), account.role().wire(), account.memberId(), at);
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public Optional<Account> account(String username) {
        return Sql.read(dataSource, c -> Sql.one(c,
                "select username, password_hash, role, member_id from accounts where username = ?",
                JdbcAccountStore::account, username));
    }

    @Override
    public List<Account> accounts() {
        return Sql.read(dataSource, c -> Sql.list(c,
                "select username, password_hash, role, member_id from accounts order by username", JdbcAccountStore::account));
    }

    @Override
    public void changePassword(String username, String passwordHash, AuditEntry audit) {
        Sql.transaction(dataSource, "conflicting password change", c -> {
            if (Sql.update(c, "update accounts set password_hash = ? where username = ?", passwordHash, username) == 0) {
                throw new NotFound("no account " + username);
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
        Sql.transaction(dataSource, "session secret collision", c -> {
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
                 where s.secret_hash = ? and s.expires_at > ?""",
                rs -> new BrowserSession(principal(rs), rs.getString("csrf_token"), Sql.instant(rs, "expires_at")),
                secretHash, now));
    }

    @Override
    public void closeSession(String secretHash) {
        Sql.transaction(dataSource, "", c -> Sql.update(c, "delete from login_sessions where secret_hash = ?", secretHash));
    }

    @Override
    public void createToken(String secretHash, String username, String name, Instant at, AuditEntry audit) {
        Sql.transaction(dataSource, "token secret collision", c -> {
            Sql.update(c, "insert into api_tokens (secret_hash, username, name, created_at) values (?, ?, ?, ?)",
                    secretHash, username, name, at);
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public Optional<Principal> tokenPrincipal(String secretHash) {
        return Sql.read(dataSource, c -> Sql.one(c, PRINCIPAL + " join api_tokens t on t.username = a.username"
                + " where t.secret_hash = ?", JdbcAccountStore::principal, secretHash));
    }

    @Override
    public void audit(AuditEntry entry) {
        Sql.audit(dataSource, entry);
    }

    private static Account account(ResultSet rs) throws SQLException {
        return new Account(rs.getString("username"), rs.getString("password_hash"), Role.fromWire(rs.getString("role")),
                rs.getString("member_id"));
    }

    private static Principal principal(ResultSet rs) throws SQLException {
        return new Principal(rs.getString("username"), Role.fromWire(rs.getString("role")), rs.getString("member_id"),
                rs.getString("display_name"));
    }
}
