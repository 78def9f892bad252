package org.fablab.gateway.adapter.jdbc;

import javax.sql.DataSource;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.port.AclVersionStore;

/**
 * ACL versions from the database: a PostgreSQL sequence, which several gateway instances may draw from at once, or on
 * SQLite (one instance) a one-row counter moved and read in one transaction. Neither reads a clock, so a clock stepped
 * back cannot make a version smaller; both start past the epoch-millisecond versions of earlier gateways (V17).
 */
public final class JdbcAclVersions implements AclVersionStore {
    private final DataSource dataSource;
    private final boolean sqlite;

    public JdbcAclVersions(Database database) {
        this.dataSource = database.dataSource();
        this.sqlite = database.isSqlite();
    }

    @Override
    public long next() {
        return Sql.transaction(dataSource, ErrorCode.REQUEST_CONFLICT.with(), c -> Sql.one(c, sqlite
                ? "update acl_versions set last_issued = last_issued + 1 where id = 1 returning last_issued"
                : "select nextval('acl_versions')", rs -> rs.getLong(1)).orElseThrow());
    }
}
