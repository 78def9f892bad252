package org.fablab.gateway.adapter.jdbc;

/** The registry store contract on the real PostgreSQL. */
class PostgresRegistryStoreIT extends RegistryStoreContract {
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
