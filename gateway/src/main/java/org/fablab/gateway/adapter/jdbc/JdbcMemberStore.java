package org.fablab.gateway.adapter.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.domain.Member;
import org.fablab.gateway.port.MemberStore;
import org.fablab.gateway.port.NotFound;

/** {@link MemberStore} over JDBC, one dialect for SQLite and PostgreSQL. */
public final class JdbcMemberStore implements MemberStore {
    private static final String COLUMNS = """
            select id, number, display_name, email, member_group, valid_until, active, created_at, plan_id, territory,
                   network_visits
              from members""";

    private final DataSource dataSource;

    public JdbcMemberStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public List<Member> search(Search search) {
        StringBuilder sql = new StringBuilder(COLUMNS).append(" where 1 = 1");
        List<Object> parameters = new ArrayList<>();
        String text = search.text().strip().toLowerCase(Locale.ROOT);
        if (!text.isEmpty()) {
            String pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            sql.append(" and (lower(display_name) like ? escape '\\' or lower(coalesce(email, '')) like ? escape '\\'"
                    + " or cast(number as text) = ?)");
            parameters.add(pattern);
            parameters.add(pattern);
            parameters.add(text);
        }
        search.active().ifPresent(active -> {
            sql.append(" and active = ?");
            parameters.add(active);
        });
        sql.append(" order by display_name, number limit ?");
        parameters.add(search.limit());
        return Sql.read(dataSource, c -> Sql.list(c, sql.toString(), JdbcMemberStore::member, parameters.toArray()));
    }

    @Override
    public Optional<Member> member(String id) {
        return Sql.read(dataSource, c -> find(c, id));
    }

    @Override
    public Member create(Draft draft, Instant at, Function<Member, AuditEntry> audit) {
        String id = "m-" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        return Sql.transaction(dataSource, ErrorCode.CHANGED_MEANWHILE.with(), c -> {
            Sql.update(c, """
                    insert into members (id, number, display_name, email, member_group, valid_until, active, created_at,
                                         territory)
                    values (?, (select coalesce(max(number), 0) + 1 from members), ?, ?, ?, ?, ?, ?, ?)""",
                    id, draft.name(), draft.email(), draft.group(), draft.validUntil(), true, at, draft.territory());
            Member created = find(c, id).orElseThrow();
            Sql.audit(c, audit.apply(created));
            return created;
        });
    }

    @Override
    public Member update(String id, Change change, AuditEntry audit) {
        return Sql.transaction(dataSource, ErrorCode.CHANGED_MEANWHILE.with(), c -> {
            Member current = find(c, id).orElseThrow(() -> new NotFound(ErrorCode.MEMBER_NOT_FOUND, id));
            Sql.update(c, """
                    update members set display_name = ?, email = ?, member_group = ?, valid_until = ?, active = ?,
                                       territory = ?, network_visits = ?
                     where id = ?""",
                    change.name().orElse(current.name()), change.email().orElse(current.email()),
                    change.group().orElse(Optional.ofNullable(current.group())).orElse(null),
                    change.validUntil().orElse(current.membershipEnd()).orElse(null),
                    change.active().orElse(current.active()),
                    change.territory().orElse(Optional.ofNullable(current.territory())).orElse(null),
                    change.networkVisits().orElse(current.networkVisits()), id);
            Sql.audit(c, audit);
            return find(c, id).orElseThrow();
        });
    }

    private static Optional<Member> find(Connection connection, String id) throws SQLException {
        return Sql.one(connection, COLUMNS + " where id = ?", JdbcMemberStore::member, id);
    }

    private static Member member(ResultSet rs) throws SQLException {
        return new Member(rs.getString("id"), rs.getLong("number"), rs.getString("display_name"),
                rs.getString("email"), rs.getString("member_group"), Sql.date(rs, "valid_until"),
                rs.getBoolean("active"), Instant.ofEpochMilli(rs.getLong("created_at")), rs.getString("plan_id"),
                rs.getString("territory"), rs.getBoolean("network_visits"));
    }
}
