package org.fablab.gateway.adapter.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteAclVersionTest extends AclVersionContract {
    @TempDir
    Path folder;

    @Override
    Database openDatabase() {
        return Database.open("jdbc:sqlite:" + folder.resolve("gateway.db"), "", "", 2);
    }

    @Override
    void dropDatabase() {
        // the temporary folder goes with the test
    }
}
