package org.fablab.gateway.adapter.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteVisitStoreTest extends VisitStoreContract {
    @TempDir
    Path folder;

    @Override
    Database openDatabase() {
        return Database.open("jdbc:sqlite:" + folder.resolve("gateway.db"), "", "", 4);
    }

    @Override
    void dropDatabase() {
        // the temporary folder goes with the test
    }
}
