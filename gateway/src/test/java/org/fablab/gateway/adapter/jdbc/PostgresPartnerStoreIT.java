package org.fablab.gateway.adapter.jdbc;

/** The partner store contract on the real PostgreSQL, two pools as two gateway instances. */
class PostgresPartnerStoreIT extends PartnerStoreContract {
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
