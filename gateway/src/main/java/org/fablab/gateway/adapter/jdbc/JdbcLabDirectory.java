package org.fablab.gateway.adapter.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.fablab.gateway.domain.BadgeRecord;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.MemberRecord;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.gateway.port.LabDirectory;
import org.fablab.protocol.OfflinePolicy;

/**
 * {@link LabDirectory} over JDBC; the same SQL runs on SQLite and PostgreSQL. It shows the machines in service and
 * the active nodes only: what ingestion, the board and ACL publishing work with ({@link JdbcRegistryStore} has all).
 */
public final class JdbcLabDirectory implements LabDirectory {
    private final DataSource dataSource;
    private final Clock clock;

    /** @param clock dates the members this directory creates */
    public JdbcLabDirectory(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @Override
    public List<MachineRecord> machines() {
        return query("select id, name, kind from machines where retired_at is null order by id",
                rs -> new MachineRecord(rs.getString(1), rs.getString(2), rs.getString(3)));
    }

    @Override
    public List<NodeRecord> nodes() {
        return query("select id, machine_id, public_key, offline_policy, max_staleness_seconds from nodes"
                        + " where state = 'active' order by id",
                rs -> new NodeRecord(rs.getString(1), rs.getString(2), rs.getString(3),
                        OfflinePolicy.fromWire(rs.getString(4)), Duration.ofSeconds(rs.getLong(5))));
    }

    /** Puts the machine in service with this name and kind, a retired one included: a seed declares what it wants. */
    @Override
    public void upsert(MachineRecord machine) {
        update("""
                insert into machines (id, name, kind) values (?, ?, ?)
                on conflict (id) do update set name = excluded.name, kind = excluded.kind, retired_at = null""",
                machine.id(), machine.name(), machine.kind());
    }

    /** Makes the node active with its key, keeping the key history: a key it held before ends now. */
    @Override
    public void upsert(NodeRecord node) {
        Instant now = clock.instant();
        Sql.transaction(dataSource, ErrorCode.REQUEST_CONFLICT.with(), c -> {
            Sql.update(c, """
                    insert into nodes (id, machine_id, state, public_key, offline_policy, max_staleness_seconds, created_at)
                    values (?, ?, 'active', ?, ?, ?, ?)
                    on conflict (id) do update set machine_id = excluded.machine_id, state = excluded.state,
                        public_key = excluded.public_key, offline_policy = excluded.offline_policy,
                        max_staleness_seconds = excluded.max_staleness_seconds, retired_at = null""",
                    node.id(), node.machineId(), node.publicKey(), node.offlinePolicy().wire(),
                    node.maxStaleness().toSeconds(), now);
            Sql.update(c, "update node_keys set valid_until = ? where node_id = ? and public_key <> ? and valid_until is null",
                    now, node.id(), node.publicKey());
            Sql.update(c, """
                    insert into node_keys (node_id, public_key, valid_from) values (?, ?, ?)
                    on conflict (node_id, public_key) do update set valid_until = null""",
                    node.id(), node.publicKey(), now);
            return null;
        });
    }

    @Override
    public void upsert(MemberRecord member) {
        update("""
                insert into members (id, display_name, active, number, created_at, territory)
                values (?, ?, ?, (select coalesce(max(number), 0) + 1 from members), ?, ?)
                on conflict (id) do update set display_name = excluded.display_name, active = excluded.active,
                    territory = coalesce(excluded.territory, members.territory)""",
                member.id(), member.displayName(), member.active(), clock.millis(), member.territory().orElse(null));
    }

    @Override
    public void upsert(BadgeRecord badge) {
        update("""
                insert into badges (credential_hash, credential_type, member_id, enrolled_at) values (?, ?, ?, ?)
                on conflict (credential_hash) do update set credential_type = excluded.credential_type,
                    member_id = excluded.member_id""",
                badge.credential().hash(), badge.credential().type(), badge.memberId(), clock.millis());
    }

    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, RowMapper<T> mapper) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement ps = connection.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(mapper.map(rs));
            }
            return rows;
        } catch (SQLException e) {
            throw new StoreException("query failed: " + e.getMessage(), e);
        }
    }

    private void update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("update failed: " + e.getMessage(), e);
        }
    }
}
