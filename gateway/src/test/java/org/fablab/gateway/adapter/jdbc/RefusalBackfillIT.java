package org.fablab.gateway.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refusals received before access_refusals existed are not lost: on SQLite and PostgreSQL, migrating a V12 database
 * copies every stored badge.denied event into access_refusals with its node's machine and the event's reason, and
 * leaves the other events alone.
 */
class RefusalBackfillIT {
    @TempDir
    Path folder;

    @Test
    void sqliteBadgeDeniedEventsOfVersion12_becomeRefusals() throws SQLException {
        upgradeAndCheck("jdbc:sqlite:" + folder.resolve("old.db"), "sqlite");
    }

    @Test
    void postgresBadgeDeniedEventsOfVersion12_becomeRefusals() throws SQLException {
        String schema = "mig_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(PostgresSchema.baseUrl(), "create schema " + schema);
        try {
            upgradeAndCheck(PostgresSchema.baseUrl() + (PostgresSchema.baseUrl().contains("?") ? "&" : "?")
                    + "currentSchema=" + schema, "postgresql");
        } finally {
            execute(PostgresSchema.baseUrl(), "drop schema " + schema + " cascade");
        }
    }

    private void upgradeAndCheck(String url, String vendor) throws SQLException {
        Flyway.configure().dataSource(url, null, null)
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendor).target("12").load().migrate();
        execute(url, "insert into machines (id, name, kind) values ('laser-1', 'Laser', 'laser-cutter')");
        execute(url, "insert into nodes (id, machine_id, state, offline_policy, max_staleness_seconds)"
                + " values ('laser-node', 'laser-1', 'active', 'fail-closed', 900)");
        event(url, "laser-node", 44, "badge.denied", 1_000,
                "{\"v\":1,\"node\":\"laser-node\",\"seq\":44,\"data\":{\"reason\":\"unknown-badge\"},"
                        + "\"type\":\"badge.denied\"}");
        event(url, "laser-node", 45, "session.started", 2_000, "{\"v\":1,\"data\":{\"sessionId\":\"s-1\"}}");
        event(url, "gone-node", 7, "badge.denied", 3_000, "{\"data\":{\"reason\":\"missing-training\"}}");

        try (Database database = Database.open(url, "", "", 2)) {
            List<List<Object>> refusals = Sql.read(database.dataSource(), c -> Sql.list(c,
                    "select node_id, seq, machine_id, occurred_at, reason from access_refusals order by occurred_at",
                    rs -> List.<Object>of(rs.getString("node_id"), rs.getLong("seq"), rs.getString("machine_id"),
                            rs.getLong("occurred_at"), rs.getString("reason"))));
            assertThat(refusals)
                    .containsExactly(List.<Object>of("laser-node", 44L, "laser-1", 1_000L, "unknown-badge"),
                            List.<Object>of("gone-node", 7L, "", 3_000L, "missing-training"));
        }
    }

    private static void event(String url, String node, long seq, String type, long ts, String body)
            throws SQLException {
        execute(url, "insert into node_events (node_id, seq, event_id, type, ts, received_at, body) values ('" + node
                + "', " + seq + ", 'e-" + seq + "', '" + type + "', " + ts + ", " + ts + ", '" + body + "')");
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
