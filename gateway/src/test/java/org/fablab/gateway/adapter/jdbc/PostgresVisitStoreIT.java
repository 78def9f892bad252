package org.fablab.gateway.adapter.jdbc;

/** The receipts and settlements contract on the real PostgreSQL, two pools as two gateway instances. */
class PostgresVisitStoreIT extends VisitStoreContract {
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
