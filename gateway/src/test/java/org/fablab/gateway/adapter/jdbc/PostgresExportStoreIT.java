package org.fablab.gateway.adapter.jdbc;

/** The export contract on the real PostgreSQL. */
class PostgresExportStoreIT extends ExportStoreContract {
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
