package org.fablab.gateway.adapter.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.fablab.gateway.billing.LedgerChain;
import org.fablab.gateway.billing.LedgerDraft;
import org.fablab.gateway.billing.LedgerEntry;
import org.fablab.gateway.billing.LedgerKind;
import org.fablab.gateway.port.Conflict;
import org.fablab.gateway.port.LedgerStore;

/**
 * {@link LedgerStore} over JDBC, and the append that {@link JdbcBillingStore} runs inside its transactions. Appends
 * serialise on the primary key: two writers racing for the same sequence make one of them fail and retry against the
 * new head.
 */
public final class JdbcLedgerStore implements LedgerStore {
    static final String COLUMNS = """
            select sequence, entry_date, member_id, kind, amount_cents, currency, cause, label, vat_basis_points,
                   previous_hash, hash from ledger_entries""";
    private static final int APPEND_ATTEMPTS = 5;

    private final DataSource dataSource;
    public JdbcLedgerStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Runs {@code work}, which appends to the ledger, in one transaction; when another writer took the sequence it
     * meant to use, runs it again against the new head. Any other unique-key violation is a {@link Conflict} with
     * {@code onConflict}.
     */
    static <T> T chained(DataSource dataSource, String onConflict, Sql.Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return Sql.transaction(dataSource, onConflict, work);
            } catch (SequenceTaken raced) {
                if (attempt == APPEND_ATTEMPTS) {
                    throw raced;
                }
            }
        }
    }

    /** Chains {@code draft} to the head seen by {@code c}'s transaction and inserts it. */
    static LedgerEntry appendIn(Connection c, LedgerDraft draft, Instant recordedAt) throws SQLException {
        LedgerEntry entry = LedgerChain.append(head(c).orElse(null), draft);
        try {
            Sql.update(c, """
                insert into ledger_entries (sequence, entry_date, member_id, kind, amount_cents, currency,
                                            cause, label, vat_basis_points, previous_hash, hash, recorded_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", entry.sequence(), entry.date(),
                entry.memberId(), entry.kind().wire(), entry.amountCents(), entry.currency(), entry.cause(),
                entry.label(), entry.vatBasisPoints(), entry.previousHash(), entry.hash(), recordedAt);
        } catch (SQLException e) {
            if (Sql.isUniqueViolation(e)) {
                throw new SequenceTaken();
            }
            throw e;
        }
        return entry;
    }

    static Optional<LedgerEntry> head(Connection c) throws SQLException {
        return Sql.one(c, COLUMNS + " order by sequence desc limit 1", JdbcLedgerStore::entry);
    }

    @Override
    public <T> T scan(Function<Iterator<LedgerEntry>, T> reader) {
        return Sql.cursor(dataSource, c -> Sql.stream(c, COLUMNS + " order by sequence", JdbcLedgerStore::entry,
                reader));
    }

    static LedgerEntry entry(ResultSet rs) throws SQLException {
        return new LedgerEntry(rs.getLong("sequence"), LocalDate.parse(rs.getString("entry_date")),
                rs.getString("member_id"), LedgerKind.fromWire(rs.getString("kind")), rs.getLong("amount_cents"),
                rs.getString("currency"), rs.getString("cause"), rs.getString("label"), rs.getInt("vat_basis_points"),
                rs.getString("previous_hash"), rs.getString("hash"));
    }

    /** Another transaction appended first: the head moved. */
    private static final class SequenceTaken extends RuntimeException {
        SequenceTaken() {
            super("another entry took this sequence", null, false, false);
        }
    }
}
