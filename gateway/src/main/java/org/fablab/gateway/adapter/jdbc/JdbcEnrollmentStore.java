package org.fablab.gateway.adapter.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.Enrollment;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.port.EnrollmentStore;

/** The {@code enrollments} table (V11). */
public final class JdbcEnrollmentStore implements EnrollmentStore {
    private static final String COLUMNS =
            "node_id, machine_id, created_by, created_at, expires_at, closed_at, closed_reason, fingerprint";

    private final DataSource dataSource;

    public JdbcEnrollmentStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void create(String tokenHash, Enrollment enrollment, AuditEntry audit) {
        Sql.transaction(dataSource, ErrorCode.CHANGED_MEANWHILE.with(), c -> {
            Sql.update(c, """
                    update enrollments set closed_at = ?, closed_reason = ?
                     where node_id = ? and closed_at is null""",
                    enrollment.createdAt(), Enrollment.SUPERSEDED, enrollment.nodeId());
            Sql.update(c, "insert into enrollments (token_hash, " + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    tokenHash, enrollment.nodeId(), enrollment.machineId(), enrollment.createdBy(),
                    enrollment.createdAt(), enrollment.expiresAt(), null, null, null);
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public Optional<Enrollment> find(String tokenHash) {
        return Sql.read(dataSource, c -> Sql.one(c, "select " + COLUMNS + " from enrollments where token_hash = ?",
                JdbcEnrollmentStore::enrollment, tokenHash));
    }

    @Override
    public boolean claim(String tokenHash, Instant now, String fingerprint, AuditEntry audit) {
        return Sql.transaction(dataSource, ErrorCode.REQUEST_CONFLICT.with(), c -> {
            int claimed = Sql.update(c, """
                    update enrollments set closed_at = ?, closed_reason = ?, fingerprint = ?
                     where token_hash = ? and closed_at is null and expires_at > ?""",
                    now, Enrollment.USED, fingerprint, tokenHash, now);
            if (claimed == 1) {
                Sql.audit(c, audit);
            }
            return claimed == 1;
        });
    }

    @Override
    public void release(String tokenHash) {
        Sql.transaction(dataSource, ErrorCode.REQUEST_CONFLICT.with(), c -> Sql.update(c, """
                update enrollments set closed_at = null, closed_reason = null, fingerprint = null
                 where token_hash = ? and closed_reason = ?""", tokenHash, Enrollment.USED));
    }

    @Override
    public List<Enrollment> open(Instant now) {
        return Sql.read(dataSource, c -> Sql.list(c, "select " + COLUMNS
                        + " from enrollments where closed_at is null and expires_at > ? order by created_at desc",
                JdbcEnrollmentStore::enrollment, now));
    }

    @Override
    public void audit(AuditEntry entry) {
        Sql.audit(dataSource, entry);
    }

    private static Enrollment enrollment(ResultSet rs) throws SQLException {
        return new Enrollment(rs.getString("node_id"), rs.getString("machine_id"), rs.getString("created_by"),
                Sql.instant(rs, "created_at"), Sql.instant(rs, "expires_at"), Sql.instant(rs, "closed_at"),
                rs.getString("closed_reason"), rs.getString("fingerprint"));
    }
}
