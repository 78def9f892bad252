package org.fablab.gateway.adapter.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.port.AuditLog;
import org.fablab.gateway.port.Page;

/**
 * Reads the {@code audit_log} table, which only ever grows (its triggers refuse updates and deletes), with the names
 * of actor, member and machine joined in the same query.
 */
public final class JdbcAuditLog implements AuditLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> PARAMS = new TypeReference<>() { };

    /** The actor is an account (named by its member when it has one) or {@code member:<id>} for a badge. */
    private static final String FROM = """
             from audit_log a
             left join accounts ac on ac.username = a.actor
             left join members am on am.id = coalesce(ac.member_id,
                  case when a.actor like 'member:%' then substr(a.actor, 8) end)
             left join members m on m.id = a.member_id
             left join machines mc on mc.id = a.machine_id
            where 1 = 1""";
    private static final String COLUMNS = """
            select a.id, a.at, a.actor, a.action, a.subject_type, a.subject_id, a.member_id, a.machine_id, a.reason,
                   a.params, a.detail, am.id as actor_member_id, am.display_name as actor_name, m.display_name as member_name,
                   mc.name as machine_name""";

    private final DataSource dataSource;

    public JdbcAuditLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The params column's text for {@code entry}: a JSON object, or null when the entry has none. */
    static String paramsJson(AuditEntry entry) {
        if (entry.params().isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(entry.params());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit parameters not written as JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public Page<Line> entries(Filter filter, int offset, int limit) {
        List<Object> parameters = new ArrayList<>();
        String where = where(filter, parameters);
        return Sql.read(dataSource, c -> {
            long total = Sql.one(c, "select count(*)" + FROM + where, rs -> rs.getLong(1), parameters.toArray())
                    .orElse(0L);
            List<Object> paged = new ArrayList<>(parameters);
            paged.add(limit);
            paged.add(offset);
            List<Line> lines = Sql.list(c, COLUMNS + FROM + where + " order by a.id desc limit ? offset ?",
                    JdbcAuditLog::line, paged.toArray());
            return new Page<>(lines, total, offset, limit);
        });
    }

    @Override
    public <R> R stream(Filter filter, Function<Iterator<Line>, R> reader) {
        List<Object> parameters = new ArrayList<>();
        String where = where(filter, parameters);
        return Sql.cursor(dataSource, c -> Sql.stream(c, COLUMNS + FROM + where + " order by a.id desc",
                JdbcAuditLog::line, reader, parameters.toArray()));
    }

    private static String where(Filter filter, List<Object> parameters) {
        StringBuilder sql = new StringBuilder();
        filter.member().ifPresent(member -> {
            sql.append(" and a.member_id = ?");
            parameters.add(member);
        });
        filter.machine().ifPresent(machine -> {
            sql.append(" and a.machine_id = ?");
            parameters.add(machine);
        });
        filter.actor().ifPresent(actor -> {
            sql.append(" and (a.actor = ? or lower(am.display_name) like ?)");
            parameters.add(actor);
            parameters.add("%" + actor.toLowerCase(Locale.ROOT).replace("%", "").replace("_", "") + "%");
        });
        filter.action().ifPresent(action -> {
            sql.append(" and a.action = ?");
            parameters.add(action);
        });
        filter.from().ifPresent(from -> {
            sql.append(" and a.at >= ?");
            parameters.add(from);
        });
        filter.until().ifPresent(until -> {
            sql.append(" and a.at < ?");
            parameters.add(until);
        });
        return sql.toString();
    }

    private static Line line(ResultSet rs) throws SQLException {
        AuditEntry entry = new AuditEntry(rs.getLong("id"), Sql.instant(rs, "at"), rs.getString("actor"),
                rs.getString("action"), rs.getString("subject_type"), rs.getString("subject_id"),
                rs.getString("member_id"), rs.getString("machine_id"), rs.getString("reason"),
                params(rs.getString("params")), rs.getString("detail"));
        return new Line(entry, rs.getString("actor_member_id"), rs.getString("actor_name"), rs.getString("member_name"), rs.getString("machine_name"));
    }

    private static Map<String, String> params(String json) throws SQLException {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, PARAMS);
        } catch (JsonProcessingException e) {
            throw new SQLException("audit parameters are not a JSON object of texts: " + e.getOriginalMessage(), e);
        }
    }
}
