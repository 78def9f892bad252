package org.fablab.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** One statement on a connection of its own: the benchmarks' PostgreSQL schemas created and dropped around a run. */
final class Jdbc {
    private Jdbc() {
    }

    static void execute(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
