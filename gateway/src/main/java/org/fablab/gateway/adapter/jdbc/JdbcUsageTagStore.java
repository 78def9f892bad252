package org.fablab.gateway.adapter.jdbc;

import java.util.Optional;
import javax.sql.DataSource;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.domain.UsageTag;
import org.fablab.gateway.port.NotFound;
import org.fablab.gateway.port.UsageTagStore;

/** {@link UsageTagStore} over the {@code tag} columns of {@code sessions} and {@code consumable_records}. */
public final class JdbcUsageTagStore implements UsageTagStore {
    private final DataSource dataSource;

    public JdbcUsageTagStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<Usage> session(String nodeId, String sessionId) {
        return Sql.read(dataSource, c -> Sql.one(c, "select member_id from sessions where node_id = ? and session_id = ?",
                rs -> new Usage(Optional.ofNullable(rs.getString("member_id"))), nodeId, sessionId));
    }

    @Override
    public Optional<Usage> consumableRecord(String id) {
        return Sql.read(dataSource, c -> Sql.one(c, "select member_id from consumable_records where id = ?",
                rs -> new Usage(Optional.ofNullable(rs.getString("member_id"))), id));
    }

    @Override
    public void tagSession(String nodeId, String sessionId, Optional<UsageTag> tag, AuditEntry audit) {
        Sql.transaction(dataSource, ErrorCode.CHANGED_MEANWHILE.with(), c -> {
            if (Sql.update(c, "update sessions set tag = ? where node_id = ? and session_id = ?",
                    tag.map(UsageTag::wire).orElse(null), nodeId, sessionId) == 0) {
                throw new NotFound(ErrorCode.SESSION_NOT_FOUND, sessionId, nodeId);
            }
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public void tagConsumableRecord(String id, Optional<UsageTag> tag, AuditEntry audit) {
        Sql.transaction(dataSource, ErrorCode.CHANGED_MEANWHILE.with(), c -> {
            if (Sql.update(c, "update consumable_records set tag = ? where id = ?", tag.map(UsageTag::wire).orElse(null),
                    id) == 0) {
                throw new NotFound(ErrorCode.CONSUMABLE_RECORD_NOT_FOUND, id);
            }
            Sql.audit(c, audit);
            return null;
        });
    }
}
