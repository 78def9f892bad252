package org.fablab.gateway.adapter.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.NodeKey;
import org.fablab.gateway.domain.NodeLifecycle;
import org.fablab.gateway.domain.RegisteredMachine;
import org.fablab.gateway.domain.RegisteredNode;
import org.fablab.gateway.port.Conflict;
import org.fablab.gateway.port.NotFound;
import org.fablab.gateway.port.RegistryStore;
import org.fablab.protocol.OfflinePolicy;

/** {@link RegistryStore} over JDBC; the same SQL runs on SQLite and PostgreSQL. */
public final class JdbcRegistryStore implements RegistryStore {
    private static final String MACHINE = "select id, name, kind, retired_at from machines";
    private static final String NODE = "select id, machine_id, state, public_key, offline_policy, max_staleness_seconds,"
            + " created_at, retired_at from nodes";

    private final DataSource dataSource;

    public JdbcRegistryStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public List<RegisteredMachine> machines() {
        return Sql.read(dataSource, c -> Sql.list(c, MACHINE + " order by id", JdbcRegistryStore::machine));
    }

    @Override
    public Optional<RegisteredMachine> machine(String id) {
        return Sql.read(dataSource, c -> Sql.one(c, MACHINE + " where id = ?", JdbcRegistryStore::machine, id));
    }

    @Override
    public void createMachine(MachineRecord machine, AuditEntry audit) {
        Sql.transaction(dataSource, ErrorCode.MACHINE_EXISTS.with(machine.id()), c -> {
            Sql.update(c, "insert into machines (id, name, kind) values (?, ?, ?)", machine.id(), machine.name(),
                    machine.kind());
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public void updateMachine(MachineRecord machine, AuditEntry audit) {
        Sql.transaction(dataSource, ErrorCode.REQUEST_CONFLICT.with(), c -> {
            if (Sql.update(c, "update machines set name = ?, kind = ? where id = ? and retired_at is null",
                    machine.name(), machine.kind(), machine.id()) == 0) {
                throw new NotFound(ErrorCode.MACHINE_NOT_FOUND, machine.id());
            }
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public void retireMachine(String id, Instant at, AuditEntry audit) {
        Sql.transaction(dataSource, ErrorCode.REQUEST_CONFLICT.with(), c -> {
            List<String> nodes = Sql.list(c, "select id from nodes where machine_id = ? and state <> ? order by id",
                    rs -> rs.getString(1), id, NodeLifecycle.RETIRED.wire());
            if (!nodes.isEmpty()) {
                throw new Conflict(ErrorCode.MACHINE_HAS_NODES, id, String.join(", ", nodes));
            }
            if (Sql.update(c, "update machines set retired_at = ? where id = ? and retired_at is null", at, id) == 0) {
                throw new NotFound(ErrorCode.MACHINE_NOT_FOUND, id);
            }
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public List<RegisteredNode> nodes() {
        return Sql.read(dataSource, c -> Sql.list(c, NODE + " order by id", JdbcRegistryStore::node));
    }

    @Override
    public Optional<RegisteredNode> node(String id) {
        return Sql.read(dataSource, c -> Sql.one(c, NODE + " where id = ?", JdbcRegistryStore::node, id));
    }

    @Override
    public void createNode(String id, String machineId, OfflinePolicy policy, Duration maxStaleness, Instant at,
                           AuditEntry audit) {
        Sql.transaction(dataSource, ErrorCode.NODE_EXISTS.with(id), c -> {
            requireMachineInService(c, machineId);
            Sql.update(c, """
                    insert into nodes (id, machine_id, state, public_key, offline_policy, max_staleness_seconds, created_at)
                    values (?, ?, ?, null, ?, ?, ?)""", id, machineId, NodeLifecycle.PENDING.wire(), policy.wire(),
                    maxStaleness.toSeconds(), at);
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public void updateNode(String id, String machineId, OfflinePolicy policy, Duration maxStaleness, AuditEntry audit) {
        Sql.transaction(dataSource, ErrorCode.REQUEST_CONFLICT.with(), c -> {
            requireMachineInService(c, machineId);
            if (Sql.update(c, """
                    update nodes set machine_id = ?, offline_policy = ?, max_staleness_seconds = ?
                    where id = ? and state <> ?""", machineId, policy.wire(), maxStaleness.toSeconds(), id,
                    NodeLifecycle.RETIRED.wire()) == 0) {
                throw new NotFound(ErrorCode.NODE_NOT_FOUND, id);
            }
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public void activate(String id, String publicKey, Instant at, AuditEntry audit) {
        Sql.transaction(dataSource, ErrorCode.NODE_KEY_REUSED.with(id), c -> {
            endCurrentKey(c, id, at);
            if (Sql.update(c, "update nodes set state = ?, public_key = ? where id = ? and state <> ?",
                    NodeLifecycle.ACTIVE.wire(), publicKey, id, NodeLifecycle.RETIRED.wire()) == 0) {
                throw new NotFound(ErrorCode.NODE_NOT_FOUND, id);
            }
            Sql.update(c, "insert into node_keys (node_id, public_key, valid_from) values (?, ?, ?)", id, publicKey, at);
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public void retireNode(String id, Instant at, AuditEntry audit) {
        Sql.transaction(dataSource, ErrorCode.REQUEST_CONFLICT.with(), c -> {
            endCurrentKey(c, id, at);
            if (Sql.update(c, "update nodes set state = ?, public_key = null, retired_at = ? where id = ? and state <> ?",
                    NodeLifecycle.RETIRED.wire(), at, id, NodeLifecycle.RETIRED.wire()) == 0) {
                throw new NotFound(ErrorCode.NODE_NOT_FOUND, id);
            }
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public List<NodeKey> keys(String nodeId) {
        return Sql.read(dataSource, c -> Sql.list(c, """
                select public_key, valid_from, valid_until from node_keys where node_id = ?
                order by coalesce(valid_from, -1), public_key""",
                rs -> NodeKey.of(rs.getString("public_key"), Sql.instant(rs, "valid_from"),
                        Sql.instant(rs, "valid_until")), nodeId));
    }

    private static void endCurrentKey(Connection c, String id, Instant at) throws SQLException {
        Sql.update(c, "update node_keys set valid_until = ? where node_id = ? and valid_until is null", at, id);
    }

    private static void requireMachineInService(Connection c, String machineId) throws SQLException {
        if (Sql.one(c, "select id from machines where id = ? and retired_at is null", rs -> rs.getString(1), machineId)
                .isEmpty()) {
            throw new NotFound(ErrorCode.MACHINE_NOT_FOUND, machineId);
        }
    }

    private static RegisteredMachine machine(ResultSet rs) throws SQLException {
        return new RegisteredMachine(rs.getString("id"), rs.getString("name"), rs.getString("kind"),
                Sql.instant(rs, "retired_at"));
    }

    private static RegisteredNode node(ResultSet rs) throws SQLException {
        return new RegisteredNode(rs.getString("id"), rs.getString("machine_id"),
                NodeLifecycle.fromWire(rs.getString("state")), rs.getString("public_key"),
                OfflinePolicy.fromWire(rs.getString("offline_policy")),
                Duration.ofSeconds(rs.getLong("max_staleness_seconds")), Sql.instant(rs, "created_at"),
                Sql.instant(rs, "retired_at"));
    }
}
