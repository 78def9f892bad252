package org.fablab.gateway.adapter.jdbc;

/** The event store contract on the real PostgreSQL. */
class PostgresEventStoreIT extends EventStoreContract {
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
