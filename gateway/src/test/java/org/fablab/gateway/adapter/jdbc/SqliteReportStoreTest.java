package org.fablab.gateway.adapter.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteReportStoreTest extends ReportStoreContract {
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
}
