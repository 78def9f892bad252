package org.fablab.gateway.adapter.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteLedgerStoreTest extends LedgerStoreContract {
    @TempDir
    Path folder;

    @Override
    Database openEmptyDatabase() {
        return Database.open("jdbc:sqlite:" + folder.resolve("gateway.db"), "", "", 2);
    }

    @Override
    void dropDatabase() {
        // the temporary folder goes with the test
    }

    @Override
    String dropAppendOnlyTriggers() {
        return "drop trigger ledger_entries_no_update;drop trigger ledger_entries_no_delete";
    }
}
