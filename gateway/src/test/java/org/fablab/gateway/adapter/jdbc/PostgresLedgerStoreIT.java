package org.fablab.gateway.adapter.jdbc;

/** The ledger store contract on the real PostgreSQL. */
class PostgresLedgerStoreIT extends LedgerStoreContract {
    private final PostgresSchema schema = new PostgresSchema();

    @Override
    Database openEmptyDatabase() {
        return schema.open();
    }

    @Override
    void dropDatabase() {
        schema.drop();
    }

    @Override
    String dropAppendOnlyTriggers() {
        return "drop trigger ledger_entries_no_change on ledger_entries";
    }
}
