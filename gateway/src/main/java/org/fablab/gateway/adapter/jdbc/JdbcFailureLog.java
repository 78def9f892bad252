package org.fablab.gateway.adapter.jdbc;

import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.port.FailureLog;

/** Throttle failures in table {@code throttle_failures} (V18), one row per failure and key. */
public final class JdbcFailureLog implements FailureLog {
    private final DataSource dataSource;

    public JdbcFailureLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public List<Instant> failuresAfter(String scope, String key, Instant after) {
        return Sql.read(dataSource, c -> Sql.list(c,
                "select failed_at from throttle_failures where scope = ? and throttle_key = ? and failed_at > ?",
                rs -> Sql.instant(rs, "failed_at"), scope, key, after));
    }

    @Override
    public void record(String scope, List<String> keys, Instant at, Instant forget) {
        Sql.transaction(dataSource, ErrorCode.REQUEST_CONFLICT.with(), c -> {
            Sql.update(c, "delete from throttle_failures where scope = ? and failed_at <= ?", scope, forget);
            for (String key : keys) {
                Sql.update(c, "insert into throttle_failures (scope, throttle_key, failed_at) values (?, ?, ?)",
                        scope, key, at);
            }
            return null;
        });
    }

    @Override
    public void clear(String scope, String key) {
        Sql.transaction(dataSource, ErrorCode.REQUEST_CONFLICT.with(),
                c -> Sql.update(c, "delete from throttle_failures where scope = ? and throttle_key = ?", scope, key));
    }
}
