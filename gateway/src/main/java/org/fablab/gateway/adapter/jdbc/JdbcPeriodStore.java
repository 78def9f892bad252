package org.fablab.gateway.adapter.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.fablab.gateway.billing.LedgerChain;
import org.fablab.gateway.billing.LedgerEntry;
import org.fablab.gateway.billing.Periods;
import org.fablab.gateway.billing.Statement;
import org.fablab.gateway.billing.Statements;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.port.Conflict;
import org.fablab.gateway.port.NotFound;
import org.fablab.gateway.port.PeriodStore;

/** {@link PeriodStore} over JDBC. */
public final class JdbcPeriodStore implements PeriodStore {
    private static final String STATEMENT_COLUMNS = """
            select s.number, s.member_id, m.display_name, s.month, s.total_cents, s.ledger_sequence, s.ledger_head,
                   s.issued_at from statements s left join members m on m.id = s.member_id""";

    /** The advisory lock class of ledger writes and closings, beside the schema's hash (see AdvisoryLease). */
    private static final int LEDGER_WRITES = 0x6c656467;

    private final DataSource dataSource;

    public JdbcPeriodStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Periods periods() {
        return Sql.read(dataSource, JdbcPeriodStore::periods);
    }

    static Periods periods(Connection c) throws SQLException {
        return Sql.one(c, "select max(month) last_month from closed_periods",
                        rs -> Optional.ofNullable(rs.getString("last_month")))
                .flatMap(month -> month).map(month -> new Periods(YearMonth.parse(month)))
                .orElse(Periods.NONE_CLOSED);
    }

    /**
     * The closed periods as a transaction that writes to the ledger or closes a month must see them: on PostgreSQL it
     * first takes a transaction-level advisory lock that every such transaction takes, so an entry checked against an
     * open month is committed before another instance's closing reads the ledger head, and a closing is committed
     * before the next entry is checked. Without it an entry dated in a month could land after that month's closing
     * head. SQLite needs none: its write transactions take the one write lock as they begin (see Database).
     */
    static Periods periodsForLedgerWrite(Connection c) throws SQLException {
        if (!Sql.isSqlite(c)) {
            Sql.one(c, "select pg_advisory_xact_lock(?, hashtext(current_schema()))", rs -> 1, LEDGER_WRITES);
        }
        return periods(c);
    }

    @Override
    public List<ClosedPeriod> closedPeriods() {
        return Sql.read(dataSource, c -> Sql.list(c, "select * from closed_periods order by month desc",
                JdbcPeriodStore::closed));
    }

    @Override
    public ClosedPeriod closePeriod(YearMonth month, Instant at, String actor, AuditEntry audit) {
        return Sql.transaction(dataSource, ErrorCode.PERIOD_CLOSED.with(month), c -> {
            Periods periods = periodsForLedgerWrite(c);
            if (periods.closedThrough() != null && !month.isAfter(periods.closedThrough())) {
                return Sql.one(c, "select * from closed_periods where month = ?", JdbcPeriodStore::closed,
                        periods.closedThrough().toString()).orElseThrow();
            }
            Optional<LedgerEntry> head = JdbcLedgerStore.head(c);
            ClosedPeriod closed = new ClosedPeriod(month, at, actor, head.map(LedgerEntry::sequence).orElse(0L),
                    head.map(LedgerEntry::hash).orElse(LedgerChain.GENESIS));
            Sql.update(c, """
                    insert into closed_periods (month, closed_at, closed_by, ledger_sequence, ledger_head)
                    values (?, ?, ?, ?, ?)""", month.toString(), at, actor, closed.ledgerSequence(),
                    closed.ledgerHead());
            Sql.audit(c, audit);
            return closed;
        });
    }

    @Override
    public List<IssuedStatement> issueStatements(YearMonth month, Instant at, AuditEntry audit) {
        return Sql.transaction(dataSource, ErrorCode.STATEMENTS_ISSUED.with(month), c -> {
            if (!periods(c).isClosed(month.atDay(1))) {
                throw new Conflict(ErrorCode.PERIOD_NOT_CLOSED, month);
            }
            Optional<LedgerEntry> head = JdbcLedgerStore.head(c);
            long sequence = head.map(LedgerEntry::sequence).orElse(0L);
            String hash = head.map(LedgerEntry::hash).orElse(LedgerChain.GENESIS);
            long next = Sql.one(c, "select coalesce(max(number_in_year), 0) last from statements where statement_year = ?",
                    rs -> rs.getLong("last"), month.getYear()).orElse(0L) + 1;
            List<String[]> owed = Sql.list(c, """
                    select e.member_id, sum(e.amount_cents) total from ledger_entries e
                      join members m on m.id = e.member_id
                     where e.entry_date >= ? and e.entry_date <= ?
                       and not exists (select 1 from statements s where s.member_id = e.member_id and s.month = ?)
                     group by e.member_id, m.number order by m.number""",
                    rs -> new String[] {rs.getString("member_id"), Long.toString(rs.getLong("total"))},
                    month.atDay(1), month.atEndOfMonth(), month.toString());
            for (String[] member : owed) {
                Sql.update(c, """
                        insert into statements (number, statement_year, number_in_year, member_id, month, total_cents,
                                                ledger_sequence, ledger_head, issued_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", Statements.number(month.getYear(), next),
                        month.getYear(), next, member[0], month.toString(), Long.parseLong(member[1]), sequence, hash,
                        at);
                next++;
            }
            Sql.audit(c, audit.with("statements", owed.size()).with("ledgerHead", sequence).with("ledgerHash", hash));
            return Sql.list(c, STATEMENT_COLUMNS + " where s.month = ? and s.issued_at = ? order by s.number",
                    JdbcPeriodStore::issued, month.toString(), at);
        });
    }

    @Override
    public List<IssuedStatement> statements(Optional<YearMonth> month, Optional<String> memberId) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder(STATEMENT_COLUMNS).append(" where 1 = 1");
        month.ifPresent(m -> {
            sql.append(" and s.month = ?");
            parameters.add(m.toString());
        });
        memberId.ifPresent(id -> {
            sql.append(" and s.member_id = ?");
            parameters.add(id);
        });
        sql.append(" order by s.number desc");
        return Sql.read(dataSource, c -> Sql.list(c, sql.toString(), JdbcPeriodStore::issued, parameters.toArray()));
    }

    @Override
    public IssuedWithLines statement(String number) {
        IssuedStatement issued = Sql.read(dataSource, c -> Sql.one(c, STATEMENT_COLUMNS + " where s.number = ?",
                JdbcPeriodStore::issued, number)).orElseThrow(() -> new NotFound(ErrorCode.STATEMENT_NOT_FOUND, number));
        return new IssuedWithLines(issued, build(number, issued.memberId(), issued.month()));
    }

    @Override
    public Statement draftStatement(String memberId, YearMonth month) {
        return build("draft", memberId, month);
    }

    private Statement build(String number, String memberId, YearMonth month) {
        List<LedgerEntry> entries = Sql.read(dataSource, c -> Sql.list(c, JdbcLedgerStore.COLUMNS
                        + " where member_id = ? and entry_date >= ? and entry_date <= ? order by sequence",
                JdbcLedgerStore::entry, memberId, month.atDay(1), month.atEndOfMonth()));
        return Statements.build(number, memberId, month, entries.iterator());
    }

    @Override
    public List<RecordedHead> recordedHeads() {
        return Sql.read(dataSource, c -> Sql.list(c, """
                select 'closing of ' || month source, ledger_sequence, ledger_head from closed_periods
                union all
                select 'statement ' || number source, ledger_sequence, ledger_head from statements
                order by ledger_sequence desc""", rs -> new RecordedHead(rs.getString("source"),
                rs.getLong("ledger_sequence"), rs.getString("ledger_head"))));
    }

    private static ClosedPeriod closed(ResultSet rs) throws SQLException {
        return new ClosedPeriod(YearMonth.parse(rs.getString("month")), Sql.instant(rs, "closed_at"),
                rs.getString("closed_by"), rs.getLong("ledger_sequence"), rs.getString("ledger_head"));
    }

    private static IssuedStatement issued(ResultSet rs) throws SQLException {
        return new IssuedStatement(rs.getString("number"), rs.getString("member_id"), rs.getString("display_name"),
                YearMonth.parse(rs.getString("month")), rs.getLong("total_cents"), rs.getLong("ledger_sequence"),
                rs.getString("ledger_head"), Sql.instant(rs, "issued_at"));
    }
}
