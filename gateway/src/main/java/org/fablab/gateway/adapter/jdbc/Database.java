package org.fablab.gateway.adapter.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens the gateway database (SQLite file in WAL mode, or PostgreSQL) behind a connection pool and
 * brings its schema to the latest migration. SQLite runs with {@code synchronous=FULL}: the gateway
 * acknowledges an MQTT message only after its commit, so the commit must survive a power cut.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource pool;
    private final boolean sqlite;

    private Database(HikariDataSource pool, boolean sqlite) {
        this.pool = pool;
        this.sqlite = sqlite;
    }

    public static Database open(String url, String username, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("fablab-db");
        config.setMaximumPoolSize(poolSize);
        config.setConnectionTimeout(10_000);
        boolean sqlite = url.startsWith("jdbc:sqlite:");
        if (sqlite) {
            createParentDirectory(url.substring("jdbc:sqlite:".length()));
            SQLiteConfig sqliteConfig = new SQLiteConfig();
            sqliteConfig.setJournalMode(SQLiteConfig.JournalMode.WAL);
            sqliteConfig.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            sqliteConfig.setBusyTimeout(10_000);
            // a write transaction takes the write lock when it begins: one that read first and then wrote would
            // fail at once (SQLITE_BUSY, not waited for) when another connection had written in between
            sqliteConfig.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            sqliteConfig.enforceForeignKeys(true);
            SQLiteDataSource dataSource = new SQLiteDataSource(sqliteConfig);
            dataSource.setUrl(url);
            config.setDataSource(dataSource);
        } else {
            config.setJdbcUrl(url);
            if (username != null && !username.isBlank()) {
                config.setUsername(username);
                config.setPassword(password);
            }
        }
        HikariDataSource pool = new HikariDataSource(config);
        try {
            migrations(pool, sqlite).migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(pool, sqlite);
    }

    /**
     * This gateway's schema migrations over {@code dataSource}: the shared ones plus the few that differ per database
     * (identity columns, triggers).
     */
    static Flyway migrations(DataSource dataSource, boolean sqlite) {
        return Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/migration", "classpath:db/vendor/" + (sqlite ? "sqlite" : "postgresql"))
                .load();
    }

    public DataSource dataSource() {
        return pool;
    }

    public boolean isSqlite() {
        return sqlite;
    }

    @Override
    public void close() {
        pool.close();
    }

    private static void createParentDirectory(String file) {
        if (file.isBlank() || file.startsWith(":memory:") || file.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the database folder " + parent, e);
        }
    }
}
