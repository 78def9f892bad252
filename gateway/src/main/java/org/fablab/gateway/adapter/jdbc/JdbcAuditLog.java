package org.fablab.gateway.adapter.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.port.AuditLog;

/** Reads the {@code audit_log} table, which only ever grows (its triggers refuse updates and deletes). */
public final class JdbcAuditLog implements AuditLog {
    private final DataSource dataSource;

    public JdbcAuditLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public List<AuditEntry> entries(Filter filter) {
        StringBuilder sql = new StringBuilder("""
                select id, at, actor, action, subject_type, subject_id, member_id, machine_id, reason, detail
                  from audit_log where 1 = 1""");
        List<Object> parameters = new ArrayList<>();
        filter.member().ifPresent(member -> {
            sql.append(" and member_id = ?");
            parameters.add(member);
        });
        filter.machine().ifPresent(machine -> {
            sql.append(" and machine_id = ?");
            parameters.add(machine);
        });
        filter.actor().ifPresent(actor -> {
            sql.append(" and actor = ?");
            parameters.add(actor);
        });
        sql.append(" order by id desc limit ?");
        parameters.add(filter.limit());
        return Sql.read(dataSource, c -> Sql.list(c, sql.toString(), JdbcAuditLog::entry, parameters.toArray()));
    }

    private static AuditEntry entry(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong("id"), Sql.instant(rs, "at"), rs.getString("actor"), rs.getString("action"),
                rs.getString("subject_type"), rs.getString("subject_id"), rs.getString("member_id"),
                rs.getString("machine_id"), rs.getString("reason"), rs.getString("detail"));
    }
}
