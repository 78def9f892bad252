package org.fablab.gateway.adapter.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.CodedMessage;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.port.Conflict;

/**
 * The few JDBC moves every store makes: run work in one transaction, bind parameters (instants as epoch
 * milliseconds, dates as ISO text, nulls typed), map rows, append the audit entry of a write.
 */
final class Sql {
    /** Rows fetched per round trip by {@link #stream}. */
    private static final int FETCH_SIZE = 500;

    private Sql() {
    }

    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Runs {@code work} in one transaction; a unique-key violation becomes {@link Conflict} with {@code onConflict}. */
    static <T> T transaction(DataSource dataSource, CodedMessage onConflict, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                throw new Conflict(onConflict);
            }
            throw new StoreException("database write failed: " + e.getMessage(), e);
        }
    }

    static <T> T read(DataSource dataSource, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException("database read failed: " + e.getMessage(), e);
        }
    }

    /** Whether {@code c} is SQLite's, where one write transaction runs at a time (see Database). */
    static boolean isSqlite(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().equals("SQLite");
    }

    /**
     * Runs {@code work} on a connection whose queries may be streamed with {@link #stream}: PostgreSQL's driver only
     * fetches rows a batch at a time inside a transaction and would otherwise load the whole result first. Nothing is
     * written: the transaction is rolled back.
     */
    static <T> T cursor(DataSource dataSource, Work<T> work) {
        return read(dataSource, c -> {
            if (isSqlite(c)) {
                // SQLite streams without a transaction, and its transactions take the write lock (see Database)
                return work.run(c);
            }
            c.setAutoCommit(false);
            try {
                return work.run(c);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        });
    }

    /**
     * Hands the rows of {@code sql}, mapped one at a time from a forward-only cursor, to {@code reader}: memory does
     * not grow with the result. On PostgreSQL the connection must come from {@link #cursor}.
     */
    static <T, R> R stream(Connection connection, String sql, RowMapper<T> mapper, Function<Iterator<T>, R> reader,
                           Object... parameters) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(FETCH_SIZE);
            bind(ps, parameters);
            try (ResultSet rs = ps.executeQuery()) {
                return reader.apply(new Rows<>(rs, mapper));
            }
        }
    }

    static <T> List<T> list(Connection connection, String sql, RowMapper<T> mapper, Object... parameters)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bind(ps, parameters);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        }
    }

    static <T> Optional<T> one(Connection connection, String sql, RowMapper<T> mapper, Object... parameters)
            throws SQLException {
        return list(connection, sql, mapper, parameters).stream().findFirst();
    }

    static int update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bind(ps, parameters);
            return ps.executeUpdate();
        }
    }

    static void audit(Connection connection, AuditEntry entry) throws SQLException {
        update(connection, """
                insert into audit_log (at, actor, action, subject_type, subject_id, member_id, machine_id, reason, params,
                                       detail)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                entry.at(), entry.actor(), entry.action(), entry.subjectType(), entry.subjectId(), entry.memberId(),
                entry.machineId(), entry.reason(), JdbcAuditLog.paramsJson(entry), entry.detail());
    }

    /** Appends an audit entry that goes with no other write. */
    static void audit(DataSource dataSource, AuditEntry entry) {
        transaction(dataSource, ErrorCode.REQUEST_CONFLICT.with(), c -> {
            audit(c, entry);
            return null;
        });
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    static LocalDate date(ResultSet rs, String column) throws SQLException {
        String text = rs.getString(column);
        return text == null ? null : LocalDate.parse(text);
    }

    private static void bind(PreparedStatement ps, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i];
            int index = i + 1;
            if (value == null) {
                ps.setNull(index, Types.NULL);
            } else if (value instanceof Instant instant) {
                ps.setLong(index, instant.toEpochMilli());
            } else if (value instanceof LocalDate date) {
                ps.setString(index, date.toString());
            } else {
                ps.setObject(index, value);
            }
        }
    }

    static boolean isUniqueViolation(SQLException e) {
        String message = String.valueOf(e.getMessage());
        return "23505".equals(e.getSQLState())
                || message.contains("UNIQUE constraint failed") || message.contains("PRIMARY KEY constraint failed");
    }

    /** The rows of a result set, mapped as they are read. */
    private static final class Rows<T> implements Iterator<T> {
        private final ResultSet rs;
        private final RowMapper<T> mapper;
        private Boolean ahead;

        Rows(ResultSet rs, RowMapper<T> mapper) {
            this.rs = rs;
            this.mapper = mapper;
        }

        @Override
        public boolean hasNext() {
            if (ahead == null) {
                try {
                    ahead = rs.next();
                } catch (SQLException e) {
                    throw new StoreException("database read failed: " + e.getMessage(), e);
                }
            }
            return ahead;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ahead = null;
            try {
                return mapper.map(rs);
            } catch (SQLException e) {
                throw new StoreException("database read failed: " + e.getMessage(), e);
            }
        }
    }
}
