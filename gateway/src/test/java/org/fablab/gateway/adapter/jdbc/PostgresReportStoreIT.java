package org.fablab.gateway.adapter.jdbc;

/** The impact report contract on the real PostgreSQL. */
class PostgresReportStoreIT extends ReportStoreContract {
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
