package org.fablab.gateway.adapter.jdbc;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.port.BrokerUserStore;

/** {@link BrokerUserStore} over JDBC (table {@code broker_users}). */
public final class JdbcBrokerUsers implements BrokerUserStore {
    private final DataSource dataSource;

    public JdbcBrokerUsers(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Map<String, String> all() {
        return Sql.read(dataSource, c -> {
            Map<String, String> users = new LinkedHashMap<>();
            for (String[] row : Sql.list(c, "select node_id, password_hash from broker_users order by node_id",
                    rs -> new String[]{rs.getString("node_id"), rs.getString("password_hash")})) {
                users.put(row[0], row[1]);
            }
            return users;
        });
    }

    @Override
    public void put(String nodeId, String passwordHash, Instant at) {
        Sql.transaction(dataSource, ErrorCode.CHANGED_MEANWHILE.with(), c -> Sql.update(c, """
                insert into broker_users (node_id, password_hash, updated_at) values (?, ?, ?)
                on conflict (node_id) do update set password_hash = excluded.password_hash,
                                                    updated_at = excluded.updated_at""", nodeId, passwordHash, at));
    }

    @Override
    public void delete(String nodeId) {
        Sql.transaction(dataSource, ErrorCode.CHANGED_MEANWHILE.with(),
                c -> Sql.update(c, "delete from broker_users where node_id = ?", nodeId));
    }
}
