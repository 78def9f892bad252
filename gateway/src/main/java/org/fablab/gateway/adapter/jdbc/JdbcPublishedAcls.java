package org.fablab.gateway.adapter.jdbc;

import java.sql.PreparedStatement;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.port.PublishedAcls;

/**
 * The digests of the retained ACLs in {@code acl_publications}. On PostgreSQL a rebuild runs inside a transaction that
 * holds a transaction-level advisory lock, keyed by the schema, which every instance's rebuild takes: the server frees
 * it when the transaction ends, or when the holder's connection dies with its process, so no instance waits on a
 * crashed one. A rebuild waits at most {@link #LOCK_WAIT_SECONDS} for it, then fails and is retried like any failed
 * rebuild. Nothing is written on that transaction: its connection is idle while the rebuild reads and publishes with
 * others. On SQLite (one instance, enforced by the store's lock file) a lock in this process is enough, and no write
 * transaction stays open while ACLs are published.
 */
public final class JdbcPublishedAcls implements PublishedAcls {
    /** The advisory lock class of ACL rebuilds, beside the schema's hash: "acls" in ASCII. */
    private static final int ACL_REBUILDS = 0x61636c73;
    private static final int LOCK_WAIT_SECONDS = 60;

    private final DataSource dataSource;
    private final boolean sqlite;
    private final ReentrantLock local = new ReentrantLock();

    public JdbcPublishedAcls(Database database) {
        this.dataSource = database.dataSource();
        this.sqlite = database.isSqlite();
    }

    @Override
    public <T> T exclusively(Supplier<T> rebuild) {
        local.lock();
        try {
            if (sqlite) {
                return rebuild.get();
            }
            return Sql.transaction(dataSource, ErrorCode.REQUEST_CONFLICT.with(), c -> {
                Sql.one(c, "select set_config('lock_timeout', ?, true)", rs -> 1, LOCK_WAIT_SECONDS + "s");
                Sql.one(c, "select pg_advisory_xact_lock(?, hashtext(current_schema()))", rs -> 1, ACL_REBUILDS);
                return rebuild.get();
            });
        } finally {
            local.unlock();
        }
    }

    @Override
    public Map<String, String> digests() {
        return Sql.read(dataSource, c -> Sql.list(c, "select node_id, digest from acl_publications",
                        rs -> Map.entry(rs.getString(1), rs.getString(2))).stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    @Override
    public void record(Map<String, String> published, Set<String> nodes) {
        Sql.transaction(dataSource, ErrorCode.REQUEST_CONFLICT.with(), c -> {
            try (PreparedStatement upsert = c.prepareStatement("""
                    insert into acl_publications (node_id, digest) values (?, ?)
                    on conflict (node_id) do update set digest = excluded.digest""")) {
                for (Map.Entry<String, String> node : published.entrySet()) {
                    upsert.setString(1, node.getKey());
                    upsert.setString(2, node.getValue());
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            Set<String> gone = new HashSet<>(Sql.list(c, "select node_id from acl_publications", rs -> rs.getString(1)));
            gone.removeAll(nodes);
            try (PreparedStatement delete = c.prepareStatement("delete from acl_publications where node_id = ?")) {
                for (String node : gone) {
                    delete.setString(1, node);
                    delete.addBatch();
                }
                delete.executeBatch();
            }
            return null;
        });
    }
}
