package org.fablab.gateway.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.fablab.gateway.domain.NodeKey;
import org.fablab.gateway.domain.NodeLifecycle;
import org.fablab.protocol.Ed25519Keys;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lab's nodes from before the registry survive the upgrade: on SQLite and PostgreSQL, migrating a V8 database
 * keeps every node active with its key, and its key becomes the first of its history.
 */
class RegistryMigrationIT {
    private static final String KEY = Ed25519Keys.encode(Ed25519Keys.generate().getPublic());

    @TempDir
    Path folder;

    @Test
    void sqliteNodesFromVersion8_areActiveWithTheirKeyAfterTheUpgrade() throws SQLException {
        String url = "jdbc:sqlite:" + folder.resolve("old.db");
        upgradeAndCheck(url, "sqlite");
    }

    @Test
    void postgresNodesFromVersion8_areActiveWithTheirKeyAfterTheUpgrade() throws SQLException {
        String schema = "mig_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(PostgresSchema.baseUrl(), "create schema " + schema);
        try {
            String url = PostgresSchema.baseUrl() + (PostgresSchema.baseUrl().contains("?") ? "&" : "?")
                    + "currentSchema=" + schema;
            upgradeAndCheck(url, "postgresql");
        } finally {
            execute(PostgresSchema.baseUrl(), "drop schema " + schema + " cascade");
        }
    }

    private void upgradeAndCheck(String url, String vendor) throws SQLException {
        Flyway.configure().dataSource(url, null, null)
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendor).target("8").load().migrate();
        execute(url, "insert into machines (id, name, kind) values ('laser-1', 'Laser', 'laser-cutter')");
        execute(url, "insert into nodes (id, machine_id, public_key, offline_policy, max_staleness_seconds)"
                + " values ('laser-1', 'laser-1', '" + KEY + "', 'fail-closed', 900)");

        try (Database database = Database.open(url, "", "", 2)) {
            JdbcRegistryStore registry = new JdbcRegistryStore(database.dataSource());
            assertThat(registry.node("laser-1")).get().satisfies(node -> {
                assertThat(node.state()).isEqualTo(NodeLifecycle.ACTIVE);
                assertThat(node.publicKey()).isEqualTo(KEY);
                assertThat(node.createdAt()).isNull();
            });
            assertThat(registry.keys("laser-1")).containsExactly(NodeKey.of(KEY, null, null));
            assertThat(registry.machine("laser-1").orElseThrow().retired()).isFalse();
        }
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
