package org.fablab.gateway.adapter.jdbc;

import java.util.Optional;
import javax.sql.DataSource;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.port.NotFound;
import org.fablab.gateway.port.UsageTags;

/** {@link UsageTags} over JDBC; the same SQL runs on SQLite and PostgreSQL. */
public final class JdbcUsageTags implements UsageTags {
    private final DataSource dataSource;

    public JdbcUsageTags(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void tagSession(String nodeId, String sessionId, Optional<String> tag, AuditEntry audit) {
        write("update sessions set tag = ? where node_id = ? and session_id = ?", "no session " + nodeId + "/"
                + sessionId, audit, checked(tag), nodeId, sessionId);
    }

    @Override
    public void tagConsumable(String recordId, Optional<String> tag, AuditEntry audit) {
        write("update consumable_records set tag = ? where id = ?", "no consumable record " + recordId, audit,
                checked(tag), recordId);
    }

    private static String checked(Optional<String> tag) {
        tag.filter(t -> !TAGS.contains(t)).ifPresent(t -> {
            throw new IllegalArgumentException("tag must be one of " + TAGS + " or none, was '" + t + "'");
        });
        return tag.orElse(null);
    }

    private void write(String sql, String missing, AuditEntry audit, Object... parameters) {
        Sql.transaction(dataSource, "", c -> {
            if (Sql.update(c, sql, parameters) == 0) {
                throw new NotFound(missing);
            }
            Sql.audit(c, audit);
            return null;
        });
    }
}
