package org.fablab.gateway.adapter.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.fablab.gateway.port.JobLease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link JobLease} on PostgreSQL: a session-level advisory lock held on a connection of its own. Chosen over a
 * lease row with an expiry because the server itself frees the lock the moment the holder's session ends: a gateway
 * that stops or crashes closes its socket and another instance takes over at its next try, with no expiry to wait out
 * and no clock to trust. A holder whose host vanishes without closing its socket is found out by TCP keepalives,
 * which this session sets short (about 11 s), where a lease row would need its expiry and a renewal loop. The holder
 * checks its connection at every {@link #held}: a broken one means the lock is gone, and it tries again on a new one.
 * The lock is keyed by the schema, since advisory locks are shared by the whole database.
 */
final class AdvisoryLease implements JobLease {
    private static final Logger LOG = LoggerFactory.getLogger(AdvisoryLease.class);
    /** The first half of the lock key, the same in every gateway: "fabl" in ASCII. */
    private static final int JOBS = 0x6661626c;
    private static final int CHECK_SECONDS = 2;

    @FunctionalInterface
    interface Connector {
        Connection connect() throws SQLException;
    }

    private final Connector connector;
    private Optional<Connection> connection = Optional.empty();
    private boolean holding;

    AdvisoryLease(Connector connector) {
        this.connector = connector;
    }

    @Override
    public synchronized boolean held() {
        try {
            Connection c = connected();
            if (!holding) {
                holding = Sql.one(c, "select pg_try_advisory_lock(?, hashtext(current_schema()))",
                        rs -> rs.getBoolean(1), JOBS).orElse(false);
                if (holding) {
                    LOG.info("job lease taken: this instance runs the periodic jobs");
                }
            }
            return holding;
        } catch (SQLException e) {
            // a holder losing the lease said so when its connection broke; retries of an outage stay quiet
            LOG.debug("job lease not taken, the database cannot be reached: {}", e.getMessage());
            drop();
            return false;
        }
    }

    /** The lease's connection, a new one when there was none or it broke (which lost the lock with it). */
    private Connection connected() throws SQLException {
        if (connection.isPresent() && connection.get().isValid(CHECK_SECONDS)) {
            return connection.get();
        }
        if (holding) {
            LOG.warn("job lease lost: its database connection broke");
        }
        drop();
        Connection c = lockSession(connector);
        connection = Optional.of(c);
        return c;
    }

    /** A new connection for holding advisory locks, whose session ends soon after its holder's host goes silent. */
    static Connection lockSession(Connector connector) throws SQLException {
        Connection c = connector.connect();
        try (Statement statement = c.createStatement()) {
            // the server's side of the socket: a holder's host gone silent ends its session, and frees the lock,
            // after 5 s idle and 3 unanswered probes 2 s apart
            statement.execute("set tcp_keepalives_idle = 5");
            statement.execute("set tcp_keepalives_interval = 2");
            statement.execute("set tcp_keepalives_count = 3");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void drop() {
        holding = false;
        connection.ifPresent(c -> {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debug("closing the job lease connection: {}", e.getMessage());
            }
        });
        connection = Optional.empty();
    }

    @Override
    public synchronized void close() {
        if (holding) {
            LOG.info("job lease given up");
        }
        drop();
    }
}
