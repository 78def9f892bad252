package org.fablab.node.adapter.sqlite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import org.fablab.node.domain.InterruptedSession;
import org.fablab.node.port.NodeStore;
import org.fablab.protocol.EventData;
import org.fablab.protocol.MachineState;
import org.fablab.protocol.NodeEvent;
import org.sqlite.SQLiteCommitListener;
import org.sqlite.SQLiteConnection;

/**
 * The node's local state in one SQLite file (WAL, {@code synchronous=FULL}, so a committed write survives
 * power loss): the outbox with its seq counter, the last accepted ACL, the open session and the admin state.
 *
 * <p>The session journal and admin state are derived from the events appended, in the same transaction,
 * so the outbox and what a restart recovers can never disagree.
 *
 * <p>Seqs are reserved in durable blocks of {@link #SEQ_BLOCK}: the counter row holds the highest seq reserved, written
 * (and committed) before any seq of a new block is handed out, and the seqs inside a block are handed out from
 * memory. A {@code seq} for an {@code auth/request} therefore costs no commit but once per block, where a commit
 * each would sit on the live-decision path (docs/performance.md). After a crash the node resumes above the reserved
 * mark, so a seq is never reused and the unused rest of the block is a gap, which docs/protocol.md §10.1 allows; a
 * clean {@link #close()} gives the unused rest back, so a normal restart leaves none.
 *
 * <p>Thread-safe: one connection, every method synchronized. Writes are small and rare (a few per session).
 */
public final class SqliteNodeStore implements NodeStore {
    /** How many executed command ids are remembered; older ones are past the verifier's max command age anyway. */
    private static final int COMMAND_MEMORY = 1000;
    /** Seqs reserved by one write of the counter; a crash skips at most this many, and the contract allows gaps. */
    static final int SEQ_BLOCK = 1000;

    // Plain DDL on open: this database is a local cache and queue of one node, with no data worth
    // migrating between versions beyond these few tables, so a migration library would be overkill.
    private static final List<String> SCHEMA = List.of(
            // last_seq: the highest seq reserved; every seq handed out is at most this
            "CREATE TABLE IF NOT EXISTS seq_counter (id INTEGER PRIMARY KEY CHECK (id = 1), last_seq INTEGER NOT NULL)",
            "INSERT OR IGNORE INTO seq_counter (id, last_seq) VALUES (1, 0)",
            "CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, topic TEXT NOT NULL,"
                    + " type TEXT NOT NULL, payload BLOB NOT NULL)",
            "CREATE TABLE IF NOT EXISTS acl (id INTEGER PRIMARY KEY CHECK (id = 1), topic TEXT NOT NULL,"
                    + " payload BLOB NOT NULL)",
            "CREATE TABLE IF NOT EXISTS open_session (session_id TEXT PRIMARY KEY, started_at TEXT NOT NULL,"
                    + " wall_seconds INTEGER NOT NULL, active_seconds INTEGER NOT NULL, energy_wh REAL NOT NULL)",
            "CREATE TABLE IF NOT EXISTS admin_state (id INTEGER PRIMARY KEY CHECK (id = 1), state TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS seen_command (n INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE)");

    private final Connection db;
    /** The next seq to hand out. */
    private long nextSeq;
    /** The highest seq reserved in the database; {@link #nextSeq} above it needs a new block first. */
    private long reservedThrough;

    private SqliteNodeStore(Connection db, long reservedThrough) {
        this.db = db;
        this.reservedThrough = reservedThrough;
        this.nextSeq = reservedThrough + 1;
    }

    /** Opens (creating if needed) the store at {@code file}; its folder is created too. */
    public static SqliteNodeStore open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement st = db.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
                st.execute("PRAGMA busy_timeout=5000");
                for (String ddl : SCHEMA) {
                    st.execute(ddl);
                }
                try (ResultSet rs = st.executeQuery("SELECT last_seq FROM seq_counter WHERE id = 1")) {
                    rs.next();
                    return new SqliteNodeStore(db, rs.getLong(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder for " + file, e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the node store " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Entry append(LongFunction<Sealed> seal) {
        long seq = nextSeq;
        Entry entry = inTransaction(() -> {
            reserveBlockFor(seq);
            Sealed sealed = seal.apply(seq);
            NodeEvent event = sealed.event();
            if (event.seq() != seq) {
                throw new IllegalArgumentException("sealed event has seq " + event.seq() + ", expected " + seq);
            }
            String topic = event.topic().toString();
            update("INSERT INTO outbox (seq, id, topic, type, payload) VALUES (?, ?, ?, ?, ?)",
                    seq, event.id(), topic, event.data().type(), sealed.payload());
            journal(event.data());
            return new Entry(seq, event.id(), topic, sealed.payload());
        });
        handedOut(seq);
        return entry;
    }

    @Override
    public synchronized long nextSeq() {
        long seq = nextSeq;
        run(() -> reserveBlockFor(seq));
        handedOut(seq);
        return seq;
    }

    /** The reserved mark that covers {@code seq}: the current one, or a new block's when {@code seq} is past it. */
    private long markCovering(long seq) {
        return seq > reservedThrough ? seq + SEQ_BLOCK - 1 : reservedThrough;
    }

    /** Writes a new reserved mark when {@code seq} is past the current block; the caller commits it. */
    private void reserveBlockFor(long seq) throws SQLException {
        long mark = markCovering(seq);
        if (mark != reservedThrough) {
            update("UPDATE seq_counter SET last_seq = ? WHERE id = 1", mark);
        }
    }

    /** Moves the counter past {@code seq} once its reservation is committed. */
    private void handedOut(long seq) {
        reservedThrough = markCovering(seq);
        nextSeq = seq + 1;
    }

    private void journal(EventData data) throws SQLException {
        if (data instanceof EventData.SessionStarted started) {
            update("INSERT OR REPLACE INTO open_session VALUES (?, ?, 0, 0, 0.0)",
                    started.sessionId(), started.startedAt().toString());
        } else if (data instanceof EventData.SessionProgress progress) {
            update("UPDATE open_session SET wall_seconds = ?, active_seconds = ?, energy_wh = ? WHERE session_id = ?",
                    progress.wallSeconds(), progress.activeSeconds(), progress.energyWh(), progress.sessionId());
        } else if (data instanceof EventData.SessionEnded ended) {
            update("DELETE FROM open_session WHERE session_id = ?", ended.sessionId());
        } else if (data instanceof EventData.MachineStateChanged changed) {
            update("INSERT OR REPLACE INTO admin_state (id, state) VALUES (1, ?)", changed.state().wire());
        }
    }

    @Override
    public synchronized List<Entry> pending(int limit) {
        return query("SELECT seq, id, topic, payload FROM outbox ORDER BY seq LIMIT " + Math.max(0, limit), rs -> {
            List<Entry> entries = new ArrayList<>();
            while (rs.next()) {
                entries.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4)));
            }
            return entries;
        });
    }

    @Override
    public synchronized void remove(long seq) {
        run(() -> update("DELETE FROM outbox WHERE seq = ?", seq));
    }

    @Override
    public synchronized void saveAcl(StoredAcl acl) {
        run(() -> update("INSERT OR REPLACE INTO acl (id, topic, payload) VALUES (1, ?, ?)", acl.topic(),
                acl.payload()));
    }

    @Override
    public synchronized Optional<StoredAcl> loadAcl() {
        return query("SELECT topic, payload FROM acl WHERE id = 1",
                rs -> rs.next() ? Optional.of(new StoredAcl(rs.getString(1), rs.getBytes(2))) : Optional.empty());
    }

    @Override
    public synchronized List<InterruptedSession> openSessions() {
        return query("SELECT session_id, started_at, wall_seconds, active_seconds, energy_wh FROM open_session"
                + " ORDER BY started_at", rs -> {
                    List<InterruptedSession> sessions = new ArrayList<>();
                    while (rs.next()) {
                        sessions.add(new InterruptedSession(rs.getString(1), Instant.parse(rs.getString(2)),
                                rs.getLong(3), rs.getLong(4), rs.getDouble(5)));
                    }
                    return sessions;
                });
    }

    @Override
    public synchronized MachineState adminState() {
        return query("SELECT state FROM admin_state WHERE id = 1",
                rs -> rs.next() ? MachineState.fromWire(rs.getString(1)) : MachineState.IDLE);
    }

    @Override
    public synchronized boolean firstTimeCommand(String commandId) {
        return inTransaction(() -> {
            int inserted;
            try (PreparedStatement ps = db.prepareStatement("INSERT OR IGNORE INTO seen_command (id) VALUES (?)")) {
                ps.setString(1, commandId);
                inserted = ps.executeUpdate();
            }
            update("DELETE FROM seen_command WHERE n <= (SELECT MAX(n) FROM seen_command) - ?", COMMAND_MEMORY);
            return inserted == 1;
        });
    }

    /**
     * Gives the unused rest of the seq block back (unless another connection has reserved since), then closes the
     * database.
     */
    @Override
    public synchronized void close() {
        try {
            try {
                update("UPDATE seq_counter SET last_seq = ? WHERE id = 1 AND last_seq = ?", nextSeq - 1,
                        reservedThrough);
            } finally {
                db.close();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close the node store: " + e.getMessage(), e);
        }
    }

    /** Runs {@code listener} after every commit on this store's connection: lets tests count the durable writes. */
    void onCommit(Runnable listener) {
        try {
            db.unwrap(SQLiteConnection.class).addCommitListener(new SQLiteCommitListener() {
                @Override
                public void onCommit() {
                    listener.run();
                }

                @Override
                public void onRollback() {
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("not an SQLite connection", e);
        }
    }

    private void update(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    private <T> T query(String sql, ResultReader<T> reader) {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return reader.read(rs);
        } catch (SQLException e) {
            throw new IllegalStateException("node store query failed: " + e.getMessage(), e);
        }
    }

    private void run(SqlAction action) {
        try {
            action.run();
        } catch (SQLException e) {
            throw new IllegalStateException("node store write failed: " + e.getMessage(), e);
        }
    }

    private <T> T inTransaction(SqlWork<T> work) {
        try {
            db.setAutoCommit(false);
            try {
                T result = work.run();
                db.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("node store write failed: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    @FunctionalInterface
    private interface SqlAction {
        void run() throws SQLException;
    }

    @FunctionalInterface
    private interface ResultReader<T> {
        T read(ResultSet rs) throws SQLException;
    }
}
