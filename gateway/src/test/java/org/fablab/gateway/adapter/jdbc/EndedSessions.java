package org.fablab.gateway.adapter.jdbc;

import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;

/** Writes an ended one-hour laser session of m-alice straight into {@code sessions}, for charging tests. */
final class EndedSessions {
    private EndedSessions() {
    }

    static void insert(DataSource dataSource, String sessionId, Instant endedAt) throws SQLException {
        try (var c = dataSource.getConnection(); var ps = c.prepareStatement("""
                insert into sessions (node_id, session_id, machine_id, member_id, credential_hash, started_at, ended_at,
                                      wall_seconds, active_seconds, energy_wh, end_reason, interrupted, offline)
                values ('laser-1', ?, 'laser-1', 'm-alice', 'h', ?, ?, 3600, 1200, 0, 'badge-out', false, false)""")) {
            ps.setString(1, sessionId);
            ps.setLong(2, endedAt.minusSeconds(3600).toEpochMilli());
            ps.setLong(3, endedAt.toEpochMilli());
            ps.executeUpdate();
        }
    }
}
