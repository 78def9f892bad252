package org.fablab.gateway.adapter.jdbc;

/** The enrollment contract on the real PostgreSQL. */
class PostgresEnrollmentIT extends EnrollmentContract {
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
