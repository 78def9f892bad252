package org.fablab.gateway.adapter.jdbc;

/** The billing store contract on the real PostgreSQL. */
class PostgresBillingStoreIT extends BillingStoreContract {
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
