package org.fablab.gateway.adapter.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A throw-away schema on the real PostgreSQL named by FABLAB_TEST_PG_URL (127.0.0.1:5432/test by
 * default), so contract suites run side by side; an unreachable server fails the run.
 */
public final class PostgresSchema {
    private final String schema = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private boolean made;

    public static String baseUrl() {
        String url = System.getenv("FABLAB_TEST_PG_URL");
        return url == null || url.isBlank() ? "jdbc:postgresql://127.0.0.1:5432/test?user=postgres" : url;
    }

    public Database open() {
        create();
        return connect();
    }

    /**
     * A pool on the schema, made on the first call: each call is another gateway instance on the same database, for
     * contracts that open several.
     */
    public Database openInstance() {
        if (made) {
            return connect();
        }
        made = true;
        return open();
    }

    /** Makes the schema, for a test that opens it through a gateway's config ({@link #url}). */
    public void create() {
        execute("create schema " + schema);
    }

    /** The schema's name, to qualify a table in a catalog query. */
    public String name() {
        return schema;
    }

    /** Another pool on the schema {@link #open} made, as a second gateway instance or a restarted one opens it. */
    public Database connect() {
        return Database.open(url(), "", "", 2);
    }

    /** The JDBC address of the schema. */
    public String url() {
        String separator = baseUrl().contains("?") ? "&" : "?";
        return baseUrl() + separator + "currentSchema=" + schema;
    }

    public void drop() {
        execute("drop schema " + schema + " cascade");
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(baseUrl());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + baseUrl() + " is required for this test: " + e.getMessage(), e);
        }
    }
}
