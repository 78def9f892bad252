package org.fablab.gateway.adapter.jdbc;

/** The ACL version contract on the real PostgreSQL. */
class PostgresAclVersionIT extends AclVersionContract {
    private final PostgresSchema schema = new PostgresSchema();

    @Override
    Database openDatabase() {
        return schema.openInstance();
    }

    @Override
    void dropDatabase() {
        schema.drop();
    }
}
