package org.fablab.gateway.adapter.jdbc;

/** The partner store contract on the real PostgreSQL, two pools as two gateway instances. */
class PostgresPartnerStoreIT extends PartnerStoreContract {
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
