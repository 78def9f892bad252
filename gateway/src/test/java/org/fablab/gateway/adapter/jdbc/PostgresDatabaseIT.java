package org.fablab.gateway.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Opening a PostgreSQL schema as the one-shot commands do ({@code fablab admin create}, {@code ledger verify}, …). */
class PostgresDatabaseIT {
    private final PostgresSchema schema = new PostgresSchema();

    @AfterEach
    void drop() {
        schema.drop();
    }

    @Test
    void aPoolOfOne_migratesANewSchema_andServesIt() {
        schema.create();

        try (Database database = Database.open(schema.url(), "", "", 1)) {
            assertThat(new JdbcLabDirectory(database.dataSource(), Clock.systemUTC()).machines()).isEmpty();
        }
    }
}
