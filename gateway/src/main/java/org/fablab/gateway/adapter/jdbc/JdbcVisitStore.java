package org.fablab.gateway.adapter.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.YearMonth;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.network.NetworkAccount;
import org.fablab.gateway.network.VisitCharge;
import org.fablab.gateway.port.VisitStore;
import org.fablab.protocol.network.ReceiptAck;

/**
 * {@link VisitStore} over JDBC: {@code partner_receipts_out} and {@code partner_receipts_in}. Both keep the first row
 * of a key ({@code on conflict do nothing}), so two instances issuing or recording the same receipt keep it once.
 * {@code partner_settlements} holds each month's settlement state, its revision raised in the transaction of every
 * change to the month's receipts or to the partner's statement.
 */
public final class JdbcVisitStore implements VisitStore {
    private static final String ISSUED = """
            select partner_id, receipt_id, month, amount_cents, currency, wall_seconds, body, hash, created_at, sends,
                   acked_at from partner_receipts_out""";
    private static final String RECORDED = """
            select partner_id, receipt_id, member_id, month, amount_cents, currency, wall_seconds, machine_kind,
                   visit_start, visit_end, body, hash, treatment, recorded_at from partner_receipts_in""";
    private static final String SESSION_CAUSE = "session:";

    private final DataSource dataSource;

    public JdbcVisitStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public List<ChargedVisit> visitsWithoutReceipt(int limit) {
        return Sql.read(dataSource, c -> {
            // the causes first, then each one's session by its key: a join on the composed cause would scan sessions
            List<String[]> causes = Sql.list(c, """
                    select c.cause, c.member_id from ledger_causes c
                     where c.member_id like 'network:%' and c.cause like 'session:%'
                       and not exists (select 1 from partner_receipts_out r
                                        where r.partner_id = substr(c.member_id, 9) and r.receipt_id = c.cause)
                     order by c.recorded_at, c.cause limit ?""",
                    rs -> new String[] {rs.getString("cause"), rs.getString("member_id")}, limit);
            List<ChargedVisit> visits = new ArrayList<>();
            for (String[] cause : causes) {
                String stored = cause[0].substring(SESSION_CAUSE.length());
                int colon = stored.indexOf(':');
                String partner = NetworkAccount.partnerOf(cause[1]).orElseThrow();
                Sql.one(c, """
                        select s.member_id, m.kind, s.started_at, s.ended_at,
                               coalesce(s.wall_seconds, (s.ended_at - s.started_at) / 1000) as wall, s.active_seconds,
                               (select coalesce(sum(e.amount_cents), 0) from ledger_entries e where e.cause = ?) amount,
                               (select min(e.entry_date) from ledger_entries e where e.cause = ?) entry_date
                          from sessions s join machines m on m.id = s.machine_id
                         where s.node_id = ? and s.session_id = ?""",
                        rs -> new ChargedVisit(cause[0], partner, rs.getString("member_id"), rs.getString("kind"),
                                Sql.instant(rs, "started_at"), Sql.instant(rs, "ended_at"), rs.getLong("wall"),
                                rs.getLong("active_seconds"), rs.getLong("amount"),
                                Optional.ofNullable(Sql.date(rs, "entry_date"))),
                        cause[0], cause[0], stored.substring(0, colon), stored.substring(colon + 1))
                        .ifPresent(visits::add);
            }
            return visits;
        });
    }

    @Override
    public void issue(IssuedReceipt receipt) {
        Sql.transaction(dataSource, ErrorCode.RECEIPT_STATE.with(receipt.receiptId(), receipt.partnerId()), c -> {
            int inserted = Sql.update(c, """
                    insert into partner_receipts_out (partner_id, receipt_id, month, amount_cents, currency,
                                                      wall_seconds, body, hash, created_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (partner_id, receipt_id) do nothing""",
                    receipt.partnerId(), receipt.receiptId(), receipt.month(), receipt.amountCents(),
                    receipt.currency(), receipt.wallSeconds(), receipt.body(), receipt.hash(), receipt.createdAt());
            if (inserted == 1) {
                settlementChanged(c, receipt.partnerId(), receipt.month());
            }
            return inserted;
        });
    }

    @Override
    public List<IssuedReceipt> due(Instant now, int limit) {
        return Sql.read(dataSource, c -> Sql.list(c, ISSUED + " " + """
                 where acked_at is null and (next_send_at is null or next_send_at <= ?)
                   and exists (select 1 from partners p where p.id = partner_receipts_out.partner_id)
                 order by created_at, partner_id, receipt_id limit ?""", JdbcVisitStore::issued, now, limit));
    }

    @Override
    public void markSent(String partnerId, String receiptId, Instant at, Instant nextAt) {
        Sql.transaction(dataSource, ErrorCode.RECEIPT_STATE.with(receiptId, partnerId), c -> Sql.update(c, """
                update partner_receipts_out set sent_at = ?, sends = sends + 1, next_send_at = ?
                 where partner_id = ? and receipt_id = ?""", at, nextAt, partnerId, receiptId));
    }

    @Override
    public List<String> acknowledge(String partnerId, List<ReceiptAck.Recorded> recorded, Instant at) {
        return Sql.transaction(dataSource, ErrorCode.RECEIPT_STATE.with("*", partnerId), c -> {
            List<String> differing = new ArrayList<>();
            for (ReceiptAck.Recorded receipt : recorded) {
                Optional<String> ours = Sql.one(c, """
                        select hash from partner_receipts_out where partner_id = ? and receipt_id = ?""",
                        rs -> rs.getString("hash"), partnerId, receipt.receiptId());
                if (ours.isPresent() && !ours.get().equals(receipt.hash())) {
                    differing.add(receipt.receiptId());
                } else if (ours.isPresent()) {
                    Sql.update(c, """
                            update partner_receipts_out set acked_at = ?
                             where partner_id = ? and receipt_id = ? and acked_at is null""", at, partnerId,
                            receipt.receiptId());
                }
            }
            return differing;
        });
    }

    @Override
    public Kept record(RecordedReceipt receipt) {
        return Sql.transaction(dataSource, ErrorCode.RECEIPT_STATE.with(receipt.receiptId(), receipt.partnerId()),
                c -> {
                    int inserted = Sql.update(c, """
                            insert into partner_receipts_in (partner_id, receipt_id, member_id, month, amount_cents,
                                                             currency, wall_seconds, machine_kind, visit_start,
                                                             visit_end, body, hash, treatment, recorded_at)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                                on conflict (partner_id, receipt_id) do nothing""", receipt.partnerId(),
                            receipt.receiptId(), receipt.memberId(), receipt.month(), receipt.amountCents(),
                            receipt.currency(), receipt.wallSeconds(), receipt.machineKind(), receipt.start(),
                            receipt.end(), receipt.body(), receipt.hash(), receipt.treatment().wire(),
                            receipt.recordedAt());
                    if (inserted == 1) {
                        settlementChanged(c, receipt.partnerId(), receipt.month());
                    }
                    return new Kept(Sql.one(c, RECORDED + " where partner_id = ? and receipt_id = ?",
                            JdbcVisitStore::recorded, receipt.partnerId(), receipt.receiptId()).orElseThrow(),
                            inserted == 1);
                });
    }

    @Override
    public Optional<Boolean> onActivePlan(String memberId) {
        return Sql.read(dataSource, c -> Sql.one(c, """
                select m.id, p.active from members m left join plans p on p.id = m.plan_id where m.id = ?""",
                rs -> rs.getBoolean("active"), memberId));
    }

    @Override
    public List<IssuedReceipt> issued(String partnerId, YearMonth month) {
        return Sql.read(dataSource, c -> Sql.list(c, ISSUED + " where partner_id = ? and month = ? order by receipt_id",
                JdbcVisitStore::issued, partnerId, month.toString()));
    }

    @Override
    public List<RecordedReceipt> recorded(String partnerId, YearMonth month) {
        return Sql.read(dataSource, c -> Sql.list(c, RECORDED
                + " where partner_id = ? and month = ? order by receipt_id", JdbcVisitStore::recorded, partnerId,
                month.toString()));
    }

    @Override
    public Optional<YearMonth> closedThrough() {
        return Sql.read(dataSource, c -> Sql.one(c, "select max(month) as last_month from closed_periods",
                rs -> Optional.ofNullable(rs.getString("last_month")))).flatMap(month -> month).map(YearMonth::parse);
    }

    @Override
    public List<SettlementToCheck> settlementsToCheck(YearMonth through) {
        return Sql.read(dataSource, c -> Sql.list(c, """
                select s.partner_id, s.month, s.revision, s.sent_hash from partner_settlements s
                 where s.revision > s.checked_revision and s.month <= ?
                   and exists (select 1 from partners p where p.id = s.partner_id)
                 order by s.month, s.partner_id""", rs -> new SettlementToCheck(rs.getString("partner_id"),
                YearMonth.parse(rs.getString("month")), rs.getLong("revision"),
                Optional.ofNullable(rs.getString("sent_hash"))), through.toString()));
    }

    @Override
    public SettlementState settlement(String partnerId, YearMonth month) {
        return Sql.read(dataSource, c -> Sql.one(c, """
                select sent_hash, sent_at, their_statement, their_hash, received_at from partner_settlements
                 where partner_id = ? and month = ?""", rs -> new SettlementState(
                Optional.ofNullable(rs.getString("sent_hash")), Optional.ofNullable(Sql.instant(rs, "sent_at")),
                Optional.ofNullable(rs.getString("their_statement")), Optional.ofNullable(rs.getString("their_hash")),
                Optional.ofNullable(Sql.instant(rs, "received_at"))), partnerId, month.toString())
                .orElse(SettlementState.NONE));
    }

    @Override
    public boolean holdsSettlement(String partnerId, YearMonth month) {
        // every receipt issued or recorded, and every statement kept, makes or changes its month's row
        return Sql.read(dataSource, c -> Sql.one(c, """
                select 1 from partner_settlements where partner_id = ? and month = ?""", rs -> true, partnerId,
                month.toString())).isPresent();
    }

    @Override
    public void statementChecked(String partnerId, YearMonth month, long revision) {
        Sql.transaction(dataSource, ErrorCode.RECEIPT_STATE.with(month, partnerId), c -> Sql.update(c, """
                update partner_settlements set checked_revision = ?
                 where partner_id = ? and month = ? and checked_revision < ?""",
                revision, partnerId, month.toString(), revision));
    }

    @Override
    public void statementSent(String partnerId, YearMonth month, String hash, Instant at, long revision) {
        // both right-hand sides read the row as it was: a check that ended first keeps its revision and reopens it
        Sql.transaction(dataSource, ErrorCode.RECEIPT_STATE.with(month, partnerId), c -> Sql.update(c, """
                update partner_settlements
                   set sent_hash = ?, sent_at = ?,
                       revision = case when checked_revision >= ? then revision + 1 else revision end,
                       checked_revision = case when checked_revision >= ? then checked_revision else ? end
                 where partner_id = ? and month = ?""",
                hash, at, revision, revision, revision, partnerId, month.toString()));
    }

    @Override
    public void statementReceived(String partnerId, YearMonth month, String statement, String hash, Instant at) {
        Sql.transaction(dataSource, ErrorCode.RECEIPT_STATE.with(month, partnerId), c -> Sql.update(c, """
                insert into partner_settlements (partner_id, month, their_statement, their_hash, received_at,
                                                 revision)
                values (?, ?, ?, ?, ?, 1)
                    on conflict (partner_id, month) do update set their_statement = excluded.their_statement,
                                                                  their_hash = excluded.their_hash,
                                                                  received_at = excluded.received_at,
                                                                  revision = partner_settlements.revision + 1""",
                partnerId, month.toString(), statement, hash, at));
    }

    @Override
    public void audit(AuditEntry entry) {
        Sql.audit(dataSource, entry);
    }

    /** Has the job look at the month's settlement with the partner again; in the transaction of the change. */
    private static void settlementChanged(Connection c, String partnerId, String month) throws SQLException {
        Sql.update(c, """
                insert into partner_settlements (partner_id, month, revision) values (?, ?, 1)
                    on conflict (partner_id, month) do update set revision = partner_settlements.revision + 1""",
                partnerId, month);
    }

    private static IssuedReceipt issued(ResultSet rs) throws SQLException {
        return new IssuedReceipt(rs.getString("partner_id"), rs.getString("receipt_id"), rs.getString("month"),
                rs.getLong("amount_cents"), rs.getString("currency"), rs.getLong("wall_seconds"),
                rs.getString("body"), rs.getString("hash"), Sql.instant(rs, "created_at"), rs.getInt("sends"),
                Optional.ofNullable(Sql.instant(rs, "acked_at")));
    }

    private static RecordedReceipt recorded(ResultSet rs) throws SQLException {
        return new RecordedReceipt(rs.getString("partner_id"), rs.getString("receipt_id"), rs.getString("member_id"),
                rs.getString("month"), rs.getLong("amount_cents"), rs.getString("currency"),
                rs.getLong("wall_seconds"), rs.getString("machine_kind"), Sql.instant(rs, "visit_start"),
                Sql.instant(rs, "visit_end"), rs.getString("body"), rs.getString("hash"),
                VisitCharge.Treatment.fromWire(rs.getString("treatment")), Sql.instant(rs, "recorded_at"));
    }
}
