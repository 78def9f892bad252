package org.fablab.gateway.adapter.jdbc;

/** The ACL version contract on the real PostgreSQL. */
class PostgresAclVersionIT extends AclVersionContract {
    private final PostgresSchema schema = new PostgresSchema();
    private boolean created;

    @Override
    Database openDatabase() {
        if (created) {
            return schema.connect();
        }
        created = true;
        return schema.open();
    }

    @Override
    void dropDatabase() {
        schema.drop();
    }
}
