package org.fablab.gateway.adapter.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.fablab.gateway.port.ChangeFeed;
import org.fablab.gateway.port.JobLease;
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
    private final String url;
    private final String username;
    private final String password;

    private Database(HikariDataSource pool, String url, String username, String password) {
        this.pool = pool;
        this.sqlite = isSqlite(url);
        this.url = url;
        this.username = username;
        this.password = password;
    }

    public static Database open(String url, String username, String password, int poolSize) {
        if (isSqlite(url)) {
            createParentDirectory(url.substring("jdbc:sqlite:".length()));
        }
        // on PostgreSQL Flyway holds two connections at once (its lock and history on one, the migrations on the
        // other): a pool of one, as the one-shot commands ask for, would wait for itself
        HikariDataSource pool = pool("fablab-db", url, username, password,
                isSqlite(url) ? poolSize : Math.max(poolSize, 2));
        try {
            migrations(pool, isSqlite(url)).migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(pool, url, username, password);
    }

    /**
     * A second pool of {@code size} connections to the same database, for work that may hold its connections long
     * (exports, reports): however long it takes, this database's own connections stay free for ingestion, charging
     * and logins. Closed on its own.
     */
    public Database sidePool(String name, int size) {
        return new Database(pool(name, url, username, password, size), url, username, password);
    }

    private static boolean isSqlite(String url) {
        return url.startsWith("jdbc:sqlite:");
    }

    private static HikariDataSource pool(String name, String url, String username, String password, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(10_000);
        if (isSqlite(url)) {
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
        return new HikariDataSource(config);
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

    /**
     * The lease of the periodic singleton jobs among the gateway instances on this database: on PostgreSQL an
     * advisory lock ({@link AdvisoryLease}) on a connection of its own, since a pooled one would carry the lock to
     * whatever borrows it next; on SQLite, which one gateway uses at a time, always held. Close it before this.
     */
    public JobLease jobLease() {
        if (sqlite) {
            return JobLease.SOLE;
        }
        return new AdvisoryLease(this::connectOutsidePool);
    }

    /**
     * How this gateway hears of the changes other gateway instances on this database make to what it keeps in memory:
     * on PostgreSQL {@code LISTEN}/{@code NOTIFY} ({@link PgChangeFeed}), listening on a connection of its own; on
     * SQLite, which one gateway uses at a time, nothing to hear. Close it before this.
     */
    public ChangeFeed changeFeed() {
        if (sqlite) {
            return ChangeFeed.SOLE;
        }
        return PgChangeFeed.start(this::connectOutsidePool, pool);
    }

    /**
     * Claims {@code clientId} as this instance's MQTT client id among the gateways on this database ({@link
     * ClientIdClaim}); fails, naming it, when another instance holds it. On SQLite, which one gateway uses at a time,
     * there is nothing to claim. Close it to give the client id up.
     */
    public AutoCloseable claimClientId(String clientId) {
        if (sqlite) {
            return () -> { };
        }
        return ClientIdClaim.take(this::connectOutsidePool, clientId);
    }

    private Connection connectOutsidePool() throws SQLException {
        return username == null || username.isBlank() ? DriverManager.getConnection(url)
                : DriverManager.getConnection(url, username, password);
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
