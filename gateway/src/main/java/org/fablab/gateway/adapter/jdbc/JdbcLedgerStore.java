package org.fablab.gateway.adapter.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.fablab.gateway.billing.LedgerChain;
import org.fablab.gateway.billing.LedgerDraft;
import org.fablab.gateway.billing.LedgerEntry;
import org.fablab.gateway.billing.LedgerKind;
import org.fablab.gateway.billing.PaymentMethod;
import org.fablab.gateway.billing.Periods;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.CodedMessage;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.port.Conflict;
import org.fablab.gateway.port.LedgerStore;
import org.fablab.gateway.port.NotFound;
import org.fablab.gateway.port.TariffStore.Coupon;

/**
 * {@link LedgerStore} over JDBC, and the append that {@link JdbcChargeStore} runs inside its transactions. Appends
 * serialise on the primary key: two writers racing for the same sequence make one of them fail and retry against the
 * new head.
 */
public final class JdbcLedgerStore implements LedgerStore {
    static final String COLUMNS = """
            select sequence, entry_date, member_id, kind, amount_cents, currency, cause, label, vat_basis_points,
                   previous_hash, hash from ledger_entries""";
    private static final String LINE_COLUMNS = """
            e.sequence, e.entry_date, e.member_id, e.kind, e.amount_cents, e.currency, e.cause, e.label,
            e.vat_basis_points, e.previous_hash, e.hash""";
    /**
     * Entries with their member, payment method and what their charge line names; a correction takes the line of the
     * entry it reverses, so a reversed session charge still names its session.
     */
    private static final String LEDGER_LINES = """
            select %s, m.display_name, p.method, l.node_id as line_node, l.session_id as line_session,
                   l.machine_id as line_machine, mc.name as machine_name, s.started_at as session_started,
                   coalesce(s.wall_seconds, (s.ended_at - s.started_at) / 1000) as session_wall, i.label as item_label
              from ledger_entries e
              left join members m on m.id = e.member_id
              left join payment_methods p on p.ledger_sequence = e.sequence
              left join charge_lines l on l.ledger_sequence = coalesce(%s, e.sequence)
              left join sessions s on s.node_id = l.node_id and s.session_id = l.session_id
              left join machines mc on mc.id = l.machine_id
              left join consumable_items i on i.id = l.item_id""".formatted(LINE_COLUMNS, JdbcExports.REVERSED);
    /** Per written cause among the {@code %s} placeholders: its entries plus the corrections that reverse them. */
    private static final String CAUSE_TOTALS = """
            select c.cause, coalesce(sum(e.amount_cents), 0) + coalesce(sum(r.amount_cents), 0) as net
              from ledger_causes c
              left join ledger_entries e on e.cause = c.cause
              left join ledger_entries r on r.cause = 'reversal:' || e.sequence
             where c.cause in (%s)
             group by c.cause""";
    private static final int APPEND_ATTEMPTS = 5;

    private final DataSource dataSource;
    private final Clock clock;

    /** @param clock dates when entries were recorded (accounting dates are the caller's) */
    public JdbcLedgerStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * Runs {@code work}, which appends to the ledger, in one transaction; when another writer took the sequence it
     * meant to use, runs it again against the new head. Any other unique-key violation is a {@link Conflict} with
     * {@code onConflict}.
     */
    static <T> T chained(DataSource dataSource, CodedMessage onConflict, Sql.Work<T> work) {
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

    /** Records {@code cause} as written to the ledger; false when it already was. */
    static boolean claimCause(Connection c, String cause, String memberId, Instant at) throws SQLException {
        return Sql.update(c, "insert into ledger_causes (cause, member_id, recorded_at) values (?, ?, ?)"
                + " on conflict (cause) do nothing", cause, memberId, at) == 1;
    }

    static Optional<LedgerEntry> head(Connection c) throws SQLException {
        return Sql.one(c, COLUMNS + " order by sequence desc limit 1", JdbcLedgerStore::entry);
    }

    @Override
    public <T> T scan(Function<Iterator<LedgerEntry>, T> reader) {
        return Sql.cursor(dataSource, c -> Sql.stream(c, COLUMNS + " order by sequence", JdbcLedgerStore::entry,
                reader));
    }

    @Override
    public LedgerEntry writeEntry(LedgerDraft draft, AuditEntry audit) {
        return chained(dataSource, ErrorCode.LEDGER_DUPLICATE.with(draft.cause()), c -> {
            LedgerEntry entry = appendManual(c, draft);
            Sql.audit(c, audit);
            return entry;
        });
    }

    @Override
    public LedgerEntry writePayment(LedgerDraft draft, PaymentMethod method, AuditEntry audit) {
        if (draft.kind() != LedgerKind.PAYMENT) {
            throw new IllegalArgumentException("a " + draft.kind().wire() + " entry has no payment method");
        }
        return chained(dataSource, ErrorCode.LEDGER_DUPLICATE.with(draft.cause()), c -> {
            LedgerEntry entry = appendManual(c, draft);
            Sql.update(c, "insert into payment_methods (ledger_sequence, method) values (?, ?)", entry.sequence(),
                    method.wire());
            Sql.audit(c, audit);
            return entry;
        });
    }

    @Override
    public LedgerEntry redeemCoupon(String code, String memberId, LocalDate date, String currency, Instant at,
                                    AuditEntry audit) {
        return chained(dataSource, ErrorCode.COUPON_ALREADY_REDEEMED.with(code), c -> {
            Coupon coupon = Sql.one(c, """
                    select c.*, (select count(*) from coupon_redemptions r where r.code = c.code) redeemed
                      from coupons c where c.code = ?""", JdbcTariffStore::coupon, code)
                    .orElseThrow(() -> new NotFound(ErrorCode.COUPON_NOT_FOUND, code));
            if (coupon.validUntil().isPresent() && date.isAfter(coupon.validUntil().get())) {
                throw new Conflict(ErrorCode.COUPON_EXPIRED, code, coupon.validUntil().get());
            }
            if (coupon.redeemed() >= coupon.maxRedemptions()) {
                throw new Conflict(ErrorCode.COUPON_USED_UP, code);
            }
            LedgerEntry entry = appendManual(c, new LedgerDraft(date, memberId, LedgerKind.CREDIT,
                    -coupon.amountCents(), currency, "coupon:" + code + ":" + memberId, "coupon " + code, 0));
            Sql.update(c, """
                    insert into coupon_redemptions (code, member_id, ledger_sequence, redeemed_at)
                    values (?, ?, ?, ?)""", code, memberId, entry.sequence(), at);
            Sql.audit(c, audit);
            return entry;
        });
    }

    /** Appends a manual entry after checking the member, the period and that its cause is new. */
    private LedgerEntry appendManual(Connection c, LedgerDraft draft) throws SQLException {
        if (Sql.one(c, "select id from members where id = ?", rs -> 1, draft.memberId()).isEmpty()) {
            throw new NotFound(ErrorCode.MEMBER_NOT_FOUND, draft.memberId());
        }
        if (JdbcPeriodStore.periodsForLedgerWrite(c).admit(draft) instanceof Periods.Admission.Refused refused) {
            throw new Conflict(ErrorCode.PERIOD_CLOSED, YearMonth.from(draft.date()));
        }
        Instant now = clock.instant();
        if (!claimCause(c, draft.cause(), draft.memberId(), now)) {
            throw new Conflict(ErrorCode.LEDGER_DUPLICATE, draft.cause());
        }
        return appendIn(c, draft, now);
    }

    @Override
    public Optional<LedgerEntry> entry(long sequence) {
        return Sql.read(dataSource, c -> Sql.one(c, COLUMNS + " where sequence = ?",
                JdbcLedgerStore::entry, sequence));
    }

    @Override
    public List<LedgerEntry> entriesCausedBy(String cause) {
        return Sql.read(dataSource, c -> Sql.list(c, COLUMNS + " where cause = ? order by sequence",
                JdbcLedgerStore::entry, cause));
    }

    @Override
    public List<LedgerLine> ledger(LedgerFilter filter) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder(LEDGER_LINES + " where 1 = 1");
        filter.memberId().ifPresent(id -> {
            sql.append(" and e.member_id = ?");
            parameters.add(id);
        });
        filter.kind().ifPresent(kind -> {
            sql.append(" and e.kind = ?");
            parameters.add(kind.wire());
        });
        filter.from().ifPresent(day -> {
            sql.append(" and e.entry_date >= ?");
            parameters.add(day);
        });
        filter.to().ifPresent(day -> {
            sql.append(" and e.entry_date <= ?");
            parameters.add(day);
        });
        filter.before().ifPresent(sequence -> {
            sql.append(" and e.sequence < ?");
            parameters.add(sequence);
        });
        sql.append(" order by e.sequence desc limit ?");
        parameters.add(filter.limit());
        return Sql.read(dataSource, c -> Sql.list(c, sql.toString(), JdbcLedgerStore::line, parameters.toArray()));
    }

    private static LedgerLine line(ResultSet rs) throws SQLException {
        Optional<ChargedSession> session = Optional.empty();
        String sessionId = rs.getString("line_session");
        if (sessionId != null) {
            long started = rs.getLong("session_started");
            Instant startedAt = rs.wasNull() ? null : Instant.ofEpochMilli(started);
            long wall = rs.getLong("session_wall");
            session = Optional.of(new ChargedSession(rs.getString("line_node"), sessionId, rs.getString("line_machine"),
                    rs.getString("machine_name"), startedAt, rs.wasNull() ? null : wall));
        }
        return new LedgerLine(entry(rs), rs.getString("display_name"),
                Optional.ofNullable(rs.getString("method")).map(PaymentMethod::fromWire), session,
                Optional.ofNullable(rs.getString("item_label")));
    }

    @Override
    public Map<String, CauseTotal> causeTotals(Collection<String> causes) {
        if (causes.isEmpty()) {
            return Map.of();
        }
        String marks = String.join(", ", Collections.nCopies(causes.size(), "?"));
        return Sql.read(dataSource, c -> {
            Map<String, CauseTotal> totals = new HashMap<>();
            for (CauseTotal total : Sql.list(c, CAUSE_TOTALS.formatted(marks),
                    rs -> new CauseTotal(rs.getString("cause"), rs.getLong("net")), causes.toArray())) {
                totals.put(total.cause(), total);
            }
            return totals;
        });
    }

    /** The machines as {@link #ledger} names them, through {@code LEDGER_LINES}: one query for all the causes. */
    @Override
    public Map<String, String> machineNames(Collection<String> causes) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(causes));
        if (distinct.isEmpty()) {
            return Map.of();
        }
        String marks = String.join(", ", Collections.nCopies(distinct.size(), "?"));
        return Sql.read(dataSource, c -> {
            Map<String, String> names = new HashMap<>();
            for (LedgerLine line : Sql.list(c, LEDGER_LINES + " where e.cause in (" + marks + ")",
                    JdbcLedgerStore::line, distinct.toArray())) {
                line.session().map(ChargedSession::machineName)
                        .ifPresent(name -> names.put(line.entry().cause(), name));
            }
            return names;
        });
    }

    @Override
    public List<Balance> balances() {
        return Sql.read(dataSource, c -> Sql.list(c, """
                select m.id, m.display_name, m.number, coalesce(sum(e.amount_cents), 0) owed
                  from members m left join ledger_entries e on e.member_id = m.id
                 group by m.id, m.display_name, m.number order by m.number""",
                rs -> new Balance(rs.getString("id"), rs.getString("display_name"), rs.getLong("number"),
                        rs.getLong("owed"))));
    }

    @Override
    public Map<String, Long> owedByMember() {
        return Sql.read(dataSource, c -> {
            Map<String, Long> owed = new HashMap<>();
            for (Balance b : Sql.list(c, "select member_id, sum(amount_cents) owed from ledger_entries group by member_id",
                    rs -> new Balance(rs.getString("member_id"), "", 0, rs.getLong("owed")))) {
                owed.put(b.memberId(), b.owedCents());
            }
            return owed;
        });
    }

    @Override
    public long owed(String memberId) {
        return Sql.read(dataSource, c -> Sql.one(c,
                "select coalesce(sum(amount_cents), 0) from ledger_entries where member_id = ?",
                rs -> rs.getLong(1), memberId).orElse(0L));
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
