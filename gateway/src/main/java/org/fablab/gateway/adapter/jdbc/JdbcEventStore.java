package org.fablab.gateway.adapter.jdbc;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.fablab.gateway.domain.RejectionLimiter;
import org.fablab.gateway.domain.SecurityEvent;
import org.fablab.gateway.domain.SessionRecord;
import org.fablab.gateway.port.EventStore;
import org.fablab.gateway.port.Page;
import org.fablab.protocol.EndReason;
import org.fablab.protocol.EventData;
import org.fablab.protocol.Json;
import org.fablab.protocol.MachineState;
import org.fablab.protocol.NodeEvent;
import org.fablab.protocol.Rejection;

/**
 * {@link EventStore} over JDBC. One SQL dialect serves SQLite and PostgreSQL ({@code on conflict}
 * upserts exist in both), so the statements live here beside the code that binds them.
 */
public final class JdbcEventStore implements EventStore {
    private static final String INSERT_EVENT = """
            insert into node_events (node_id, seq, event_id, type, ts, received_at, body)
            values (?, ?, ?, ?, ?, ?, ?) on conflict (node_id, seq) do nothing""";
    private static final String EXISTING_EVENT_ID = "select event_id from node_events where node_id = ? and seq = ?";
    private static final String SESSION_STARTED = """
            insert into sessions (node_id, session_id, machine_id, member_id, credential_hash, started_at,
                                  active_seconds, energy_wh, interrupted, offline)
            values (?, ?, (select machine_id from nodes where id = ?),
                    coalesce(?, (select member_id from badges where credential_hash = ?)), ?, ?, 0, 0, false, ?)
            on conflict (node_id, session_id) do update
               set member_id = coalesce(sessions.member_id, excluded.member_id),
                   credential_hash = excluded.credential_hash,
                   offline = excluded.offline""";
    private static final String SESSION_PROGRESS = """
            update sessions set active_seconds = ?, energy_wh = ?
             where node_id = ? and session_id = ? and ended_at is null""";
    private static final String SESSION_ENDED = """
            insert into sessions (node_id, session_id, machine_id, credential_hash, started_at, ended_at,
                                  wall_seconds, active_seconds, energy_wh, end_reason, interrupted, offline)
            values (?, ?, (select machine_id from nodes where id = ?), '', ?, ?, ?, ?, ?, ?, ?, false)
            on conflict (node_id, session_id) do update
               set ended_at = excluded.ended_at, wall_seconds = excluded.wall_seconds,
                   active_seconds = excluded.active_seconds, energy_wh = excluded.energy_wh,
                   end_reason = excluded.end_reason, interrupted = excluded.interrupted""";
    private static final String CONSUMABLE_RECORDED = """
            insert into consumable_records (id, member_id, node_id, session_id, item_id, quantity, recorded_at,
                                            recorded_by, source)
            values (?, (select member_id from sessions where node_id = ? and session_id = ?), ?, ?, ?, ?, ?, ?, 'node')
            on conflict (id) do nothing""";
    private static final String BADGE_DENIED = """
            insert into access_refusals (node_id, seq, machine_id, occurred_at, reason)
            values (?, ?, coalesce((select machine_id from nodes where id = ?), ''), ?, ?)
            on conflict (node_id, seq) do nothing""";
    /**
     * A session's member is named as the lab knows them; a partner lab's visitor (member id {@code {partner}:{id}},
     * docs/network.md) by the name on that partner's pass list, with the partner's name as their home lab.
     */
    private static final String SESSION_COLUMNS = """
            select s.session_id, s.node_id, s.machine_id, s.member_id,
                   coalesce(m.display_name, (select v.display_name || ' (' || p.name || ')'
                                               from partner_visitors v join partners p on p.id = v.partner_id
                                              where v.partner_id || ':' || v.visitor_id = s.member_id limit 1)),
                   s.started_at, s.ended_at, s.wall_seconds, s.active_seconds, s.energy_wh, s.end_reason,
                   s.interrupted, s.offline
              from sessions s left join members m on m.id = s.member_id""";
    private static final String ONE_SESSION = SESSION_COLUMNS + " where s.node_id = ? and s.session_id = ?";
    private static final String MACHINE_STATE_TYPE = EventData.typeOf(EventData.MachineStateChanged.class);
    private static final String NEWEST_MACHINE_STATE =
            "select body from node_events where node_id = ? and type = ? order by seq desc limit 1";
    private static final String INSERT_SECURITY_EVENT = """
            insert into security_events (id, occurred_at, node_id, topic, reason, detail) values (?, ?, ?, ?, ?, ?)""";

    private static final String ADD_REFUSALS = """
            insert into security_event_counts (node_id, reason, minute, refused) values (?, ?, ?, ?)
                on conflict (node_id, reason, minute) do update
                set refused = security_event_counts.refused + excluded.refused""";

    private final DataSource dataSource;

    public JdbcEventStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public List<Outcome> store(List<AcceptedEvent> events, List<SecurityEvent> rejected,
                               List<RejectionLimiter.Count> counts, RefusalBound bound) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Outcome[] outcomes = new Outcome[events.size()];
                try (PreparedStatement insert = connection.prepareStatement(INSERT_EVENT)) {
                    for (int i : inLockOrder(events)) {
                        outcomes[i] = storeOne(connection, insert, events.get(i), bound);
                    }
                }
                for (SecurityEvent securityEvent : rejected) {
                    insertSecurityEvent(connection, securityEvent);
                }
                for (RejectionLimiter.Count count : counts) {
                    addRefusals(connection, count);
                }
                connection.commit();
                return List.of(outcomes);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("storing " + events.size() + " events failed: " + e.getMessage(), e);
        }
    }

    /**
     * The indexes of {@code events} by node and sequence. Instances sharing ingestion store batches at the same time
     * that hold events of the same nodes and sessions; taking their rows' locks in one order everywhere keeps two
     * such transactions from deadlocking on PostgreSQL.
     */
    private static int[] inLockOrder(List<AcceptedEvent> events) {
        return IntStream.range(0, events.size()).boxed()
                .sorted(Comparator.comparing((Integer i) -> events.get(i).event().node())
                        .thenComparingLong(i -> events.get(i).event().seq()))
                .mapToInt(Integer::intValue).toArray();
    }

    private Outcome storeOne(Connection connection, PreparedStatement insert, AcceptedEvent accepted,
                             RefusalBound bound) throws SQLException {
        NodeEvent event = accepted.event();
        insert.setString(1, event.node());
        insert.setLong(2, event.seq());
        insert.setString(3, event.id());
        insert.setString(4, event.data().type());
        insert.setLong(5, event.ts().toEpochMilli());
        insert.setLong(6, accepted.receivedAt().toEpochMilli());
        insert.setString(7, accepted.body());
        if (insert.executeUpdate() == 0) {
            return existingOrReplayed(connection, accepted, bound);
        }
        Optional<String> session = project(connection, event);
        return new Outcome.Stored(session.isEmpty() ? Optional.empty() : session(connection, event.node(), session.get()));
    }

    private Outcome existingOrReplayed(Connection connection, AcceptedEvent accepted, RefusalBound bound)
            throws SQLException {
        NodeEvent event = accepted.event();
        try (PreparedStatement select = connection.prepareStatement(EXISTING_EVENT_ID)) {
            select.setString(1, event.node());
            select.setLong(2, event.seq());
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                String existingId = rs.getString(1);
                if (existingId.equals(event.id())) {
                    return new Outcome.Duplicate();
                }
                SecurityEvent securityEvent = new SecurityEvent(UUID.randomUUID().toString(), accepted.receivedAt(),
                        event.node(), event.topic().toString(), Rejection.REPLAYED_SEQ,
                        "seq " + event.seq() + " is already stored with another id");
                boolean keptInFull = bound.keepInFull(event.node(), Rejection.REPLAYED_SEQ);
                if (keptInFull) {
                    insertSecurityEvent(connection, securityEvent);
                }
                addRefusals(connection, new RejectionLimiter.Count(event.node(), Rejection.REPLAYED_SEQ,
                        accepted.receivedAt().truncatedTo(ChronoUnit.MINUTES), 1));
                return new Outcome.Replayed(securityEvent, keptInFull);
            }
        }
    }

    /** Applies the event to the session, consumable and refusal tables; returns the session id it touched. */
    private static Optional<String> project(Connection connection, NodeEvent event) throws SQLException {
        String node = event.node();
        if (event.data() instanceof EventData.SessionStarted started) {
            try (PreparedStatement ps = connection.prepareStatement(SESSION_STARTED)) {
                ps.setString(1, node);
                ps.setString(2, started.sessionId());
                ps.setString(3, node);
                setNullableString(ps, 4, started.memberId());
                ps.setString(5, started.credential().hash());
                ps.setString(6, started.credential().hash());
                ps.setLong(7, started.startedAt().toEpochMilli());
                ps.setBoolean(8, started.offline());
                ps.executeUpdate();
            }
            return Optional.of(started.sessionId());
        }
        if (event.data() instanceof EventData.SessionProgress progress) {
            try (PreparedStatement ps = connection.prepareStatement(SESSION_PROGRESS)) {
                ps.setLong(1, progress.activeSeconds());
                ps.setDouble(2, progress.energyWh());
                ps.setString(3, node);
                ps.setString(4, progress.sessionId());
                ps.executeUpdate();
            }
            return Optional.empty();
        }
        if (event.data() instanceof EventData.SessionEnded ended) {
            try (PreparedStatement ps = connection.prepareStatement(SESSION_ENDED)) {
                ps.setString(1, node);
                ps.setString(2, ended.sessionId());
                ps.setString(3, node);
                ps.setLong(4, ended.startedAt().toEpochMilli());
                ps.setLong(5, ended.endedAt().toEpochMilli());
                ps.setLong(6, ended.wallSeconds());
                ps.setLong(7, ended.activeSeconds());
                ps.setDouble(8, ended.energyWh());
                ps.setString(9, ended.reason().wire());
                ps.setBoolean(10, ended.interrupted());
                ps.executeUpdate();
            }
            return Optional.of(ended.sessionId());
        }
        if (event.data() instanceof EventData.BadgeDenied denied) {
            try (PreparedStatement ps = connection.prepareStatement(BADGE_DENIED)) {
                ps.setString(1, node);
                ps.setLong(2, event.seq());
                ps.setString(3, node);
                ps.setLong(4, event.ts().toEpochMilli());
                ps.setString(5, denied.reason());
                ps.executeUpdate();
            }
            return Optional.empty();
        }
        if (event.data() instanceof EventData.ConsumableRecorded used) {
            try (PreparedStatement ps = connection.prepareStatement(CONSUMABLE_RECORDED)) {
                ps.setString(1, event.id());
                ps.setString(2, node);
                setNullableString(ps, 3, used.sessionId());
                ps.setString(4, node);
                setNullableString(ps, 5, used.sessionId());
                ps.setString(6, used.item());
                ps.setLong(7, used.quantity());
                ps.setLong(8, event.ts().toEpochMilli());
                ps.setString(9, "node:" + node);
                ps.executeUpdate();
            }
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<SessionRecord> session(Connection connection, String node, String sessionId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(ONE_SESSION)) {
            ps.setString(1, node);
            ps.setString(2, sessionId);
            return readSessions(ps).stream().findFirst();
        }
    }

    @Override
    public List<SessionRecord> sessions(Optional<String> machine, Optional<String> member, int limit) {
        String sql = SESSION_COLUMNS + " where 1 = 1" + (machine.isPresent() ? " and s.machine_id = ?" : "")
                + (member.isPresent() ? " and s.member_id = ?" : "") + " order by s.started_at desc limit ?";
        try (Connection connection = dataSource.getConnection(); PreparedStatement ps = connection.prepareStatement(sql)) {
            int index = 1;
            if (machine.isPresent()) {
                ps.setString(index++, machine.get());
            }
            if (member.isPresent()) {
                ps.setString(index++, member.get());
            }
            ps.setInt(index, limit);
            return readSessions(ps);
        } catch (SQLException e) {
            throw new StoreException("reading sessions failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<SessionRecord> openSessions() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement(SESSION_COLUMNS + " where s.ended_at is null")) {
            return readSessions(ps);
        } catch (SQLException e) {
            throw new StoreException("reading open sessions failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<SessionRecord> session(String nodeId, String sessionId) {
        return Sql.read(dataSource, c -> session(c, nodeId, sessionId));
    }

    @Override
    public Optional<MachineState> machineState(String nodeId) {
        Optional<String> body = Sql.read(dataSource, c -> Sql.one(c, NEWEST_MACHINE_STATE, rs -> rs.getString(1),
                nodeId, MACHINE_STATE_TYPE));
        try {
            return body.isEmpty() ? Optional.empty() : Optional.of(((EventData.MachineStateChanged) Json.mapper()
                    .readValue(body.get(), NodeEvent.class).data()).state());
        } catch (IOException | RuntimeException e) {
            throw new StoreException("the newest machine state of node " + nodeId + " does not read: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public boolean isSessionOf(String sessionId, String memberId) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement ps = connection.prepareStatement(
                "select 1 from sessions where session_id = ? and member_id = ? limit 1")) {
            ps.setString(1, sessionId);
            ps.setString(2, memberId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new StoreException("reading a session's member failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Page<SecurityEvent> securityEvents(SecurityFilter filter, int offset, int limit) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        List<Object> parameters = new ArrayList<>();
        filter.node().ifPresent(node -> {
            where.append(" and node_id = ?");
            parameters.add(node);
        });
        filter.reason().ifPresent(reason -> {
            where.append(" and reason = ?");
            parameters.add(reason.wire());
        });
        filter.from().ifPresent(from -> {
            where.append(" and occurred_at >= ?");
            parameters.add(from);
        });
        filter.until().ifPresent(until -> {
            where.append(" and occurred_at < ?");
            parameters.add(until);
        });
        List<Object> paged = new ArrayList<>(parameters);
        paged.add(limit);
        paged.add(offset);
        return Sql.read(dataSource, c -> new Page<>(Sql.list(c, """
                select id, occurred_at, node_id, topic, reason, detail from security_events""" + where
                        + " order by occurred_at desc, id limit ? offset ?",
                rs -> new SecurityEvent(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                        rs.getString(4), rejection(rs.getString(5)), rs.getString(6)), paged.toArray()),
                Sql.one(c, "select count(*) from security_events" + where, rs -> rs.getLong(1), parameters.toArray())
                        .orElse(0L), offset, limit));
    }

    @Override
    public List<RefusalTotal> refusalTotals(Instant since) {
        String sql = """
                select node_id, reason, sum(refused), max(minute) from security_event_counts where minute >= ?
                 group by node_id, reason order by sum(refused) desc, node_id, reason""";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setLong(1, since.toEpochMilli());
            List<RefusalTotal> totals = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    totals.add(new RefusalTotal(rs.getString(1), rejection(rs.getString(2)), rs.getLong(3),
                            Instant.ofEpochMilli(rs.getLong(4))));
                }
            }
            return totals;
        } catch (SQLException e) {
            throw new StoreException("reading refusal counts failed: " + e.getMessage(), e);
        }
    }

    @Override
    public int pruneSecurityLog(Instant before) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement events = connection.prepareStatement(
                     "delete from security_events where occurred_at < ?");
             PreparedStatement counts = connection.prepareStatement(
                     "delete from security_event_counts where minute < ?")) {
            events.setLong(1, before.toEpochMilli());
            counts.setLong(1, before.toEpochMilli());
            return events.executeUpdate() + counts.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("pruning the security log failed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean isHealthy() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void addRefusals(Connection connection, RejectionLimiter.Count count) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(ADD_REFUSALS)) {
            ps.setString(1, count.node());
            ps.setString(2, count.reason().wire());
            ps.setLong(3, count.minute().toEpochMilli());
            ps.setLong(4, count.refused());
            ps.executeUpdate();
        }
    }

    private static void insertSecurityEvent(Connection connection, SecurityEvent event) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(INSERT_SECURITY_EVENT)) {
            ps.setString(1, event.id());
            ps.setLong(2, event.occurredAt().toEpochMilli());
            setNullableString(ps, 3, event.node());
            ps.setString(4, truncate(event.topic(), 300));
            ps.setString(5, event.reason().wire());
            ps.setString(6, truncate(event.detail(), 500));
            ps.executeUpdate();
        }
    }

    private static List<SessionRecord> readSessions(PreparedStatement ps) throws SQLException {
        List<SessionRecord> sessions = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long endedAt = rs.getLong(7);
                Instant ended = rs.wasNull() ? null : Instant.ofEpochMilli(endedAt);
                long wall = rs.getLong(8);
                Long wallSeconds = rs.wasNull() ? null : wall;
                String reason = rs.getString(11);
                sessions.add(new SessionRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), Instant.ofEpochMilli(rs.getLong(6)), ended, wallSeconds, rs.getLong(9),
                        rs.getDouble(10), reason == null ? null : EndReason.fromWire(reason), rs.getBoolean(12),
                        rs.getBoolean(13)));
            }
        }
        return sessions;
    }

    private static Rejection rejection(String wire) {
        for (Rejection r : Rejection.values()) {
            if (r.wire().equals(wire)) {
                return r;
            }
        }
        throw new IllegalStateException("unknown rejection code in the database: " + wire);
    }

    private static void setNullableString(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
