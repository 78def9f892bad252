package org.fablab.gateway.adapter.jdbc;

/** The admin store contract on the real PostgreSQL. */
class PostgresAdminStoreIT extends AdminStoreContract {
    private final PostgresSchema schema = new PostgresSchema();

    @Override
    Database openEmptyDatabase() {
        return schema.open();
    }

    @Override
    void dropDatabase() {
        schema.drop();
    }
}
