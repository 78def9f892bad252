package org.fablab.gateway.adapter.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.port.Conflict;

/**
 * The few JDBC moves every store makes: run work in one transaction, bind parameters (instants as epoch
 * milliseconds, dates as ISO text, nulls typed), map rows, append the audit entry of a write.
 */
final class Sql {
    private Sql() {
    }

    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Runs {@code work} in one transaction; a unique-key violation becomes {@link Conflict} with {@code onConflict}. */
    static <T> T transaction(DataSource dataSource, String onConflict, Work<T> work) {
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
                insert into audit_log (at, actor, action, subject_type, subject_id, member_id, machine_id, reason, detail)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                entry.at(), entry.actor(), entry.action(), entry.subjectType(), entry.subjectId(), entry.memberId(),
                entry.machineId(), entry.reason(), entry.detail());
    }

    /** Appends an audit entry that goes with no other write. */
    static void audit(DataSource dataSource, AuditEntry entry) {
        transaction(dataSource, "", c -> {
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
}
