package org.fablab.gateway.adapter.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.fablab.gateway.billing.Charge;
import org.fablab.gateway.billing.ChargeLine;
import org.fablab.gateway.billing.ConsumableRecord;
import org.fablab.gateway.billing.LedgerDraft;
import org.fablab.gateway.billing.LedgerEntry;
import org.fablab.gateway.billing.MemberGroup;
import org.fablab.gateway.billing.MemberTerms;
import org.fablab.gateway.billing.Periods;
import org.fablab.gateway.billing.Plan;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.network.VisitPricing;
import org.fablab.gateway.network.Visitor;
import org.fablab.gateway.port.ChargeStore;
import org.fablab.gateway.port.NotFound;
import org.fablab.gateway.port.TariffStore.PlanRecord;

/** {@link ChargeStore} over JDBC; charges go through {@link JdbcLedgerStore#chained} and its chaining. */
public final class JdbcChargeStore implements ChargeStore {
    private static final String RECORD_COLUMNS = """
            select r.id, r.member_id, r.node_id, r.session_id, r.item_id, r.quantity, r.recorded_at, r.recorded_by,
                   r.source,
                   (select s.machine_id from sessions s where s.session_id = r.session_id
                       and (r.node_id is null or s.node_id = r.node_id) order by s.started_at limit 1) machine_id,
                   (select coalesce(sum(e.amount_cents), 0) from ledger_entries e
                     where e.cause = 'consumable:' || r.id
                        or e.cause in (select 'reversal:' || o.sequence from ledger_entries o
                                        where o.cause = 'consumable:' || r.id)) charged
              from consumable_records r""";

    private final DataSource dataSource;
    private final Clock clock;
    private final ZoneId zone;

    /**
     * @param clock dates when facts were recorded (accounting dates are the caller's)
     * @param zone  the lab's zone, in which a day of a date filter starts and ends
     */
    public JdbcChargeStore(DataSource dataSource, Clock clock, ZoneId zone) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.zone = zone;
    }

    /** What a partner's agreement says of its visits' prices. */
    private record Agreement(long freeMinutes, VisitPricing pricing) {
    }

    @Override
    public MemberBilling memberBilling(String memberId) {
        Optional<String> partner = Visitor.partnerOf(memberId);
        if (partner.isPresent()) {
            return Sql.read(dataSource, c -> {
                Agreement agreement = Sql.one(c, """
                        select free_minutes_per_month, visit_pricing from partners where id = ?""",
                        rs -> new Agreement(rs.getLong("free_minutes_per_month"),
                                VisitPricing.fromWire(rs.getString("visit_pricing"))), partner.get())
                        .orElseThrow(() -> new NotFound(ErrorCode.PARTNER_NOT_FOUND, partner.get()));
                if (agreement.freeMinutes() == 0) {
                    return new MemberBilling(memberId, Optional.empty(), Optional.empty(), agreement.pricing());
                }
                // the agreement's free minutes work as a plan without fee on every machine kind, per visitor
                Set<String> kinds = new HashSet<>(Sql.list(c, "select distinct kind from machines",
                        rs -> rs.getString("kind")));
                return new MemberBilling(memberId, Optional.empty(), Optional.of(new PlanRecord("visa:"
                        + partner.get(), new Plan("visits from " + partner.get(), 0, agreement.freeMinutes(), kinds,
                        0), true)), agreement.pricing());
            });
        }
        return Sql.read(dataSource, c -> {
            Optional<String[]> member = Sql.one(c, "select member_group, plan_id from members where id = ?",
                    rs -> new String[] {rs.getString("member_group"), rs.getString("plan_id")}, memberId);
            if (member.isEmpty()) {
                throw new NotFound(ErrorCode.MEMBER_NOT_FOUND, memberId);
            }
            String groupName = member.get()[0];
            String planId = member.get()[1];
            Optional<MemberGroup> group = groupName == null ? Optional.empty()
                    : Sql.one(c, "select * from member_groups where name = ?", JdbcTariffStore::group, groupName);
            Optional<PlanRecord> plan = planId == null ? Optional.empty()
                    : Sql.one(c, "select * from plans where id = ?", JdbcTariffStore::plan, planId);
            return new MemberBilling(memberId, group, plan);
        });
    }

    @Override
    public MemberTerms terms(MemberBilling member, String machineKind, List<LocalDate> days) {
        if (days.isEmpty()) {
            throw new IllegalArgumentException("terms need at least one day");
        }
        LocalDate first = days.stream().min(LocalDate::compareTo).orElseThrow();
        LocalDate last = days.stream().max(LocalDate::compareTo).orElseThrow();
        Plan plan = member.plan().filter(PlanRecord::active).map(PlanRecord::plan).orElse(null);
        return Sql.read(dataSource, c -> {
            Map<YearMonth, Duration> planUsed = new HashMap<>();
            if (plan != null) {
                for (Object[] row : Sql.list(c, """
                        select day, plan_millis from charge_usage where member_id = ? and day >= ? and day <= ?""",
                        rs -> new Object[] {rs.getString("day"), rs.getLong("plan_millis")}, member.memberId(),
                        YearMonth.from(first).atDay(1), YearMonth.from(last).atEndOfMonth())) {
                    planUsed.merge(YearMonth.from(LocalDate.parse((String) row[0])), Duration.ofMillis((Long) row[1]),
                            Duration::plus);
                }
            }
            Map<LocalDate, Long> capped = new HashMap<>();
            for (Object[] row : Sql.list(c, """
                    select day, sum(capped_cents) capped from charge_usage
                     where member_id = ? and machine_kind = ? and day >= ? and day <= ? group by day""",
                    rs -> new Object[] {rs.getString("day"), rs.getLong("capped")}, member.memberId(), machineKind,
                    first, last)) {
                capped.put(LocalDate.parse((String) row[0]), (Long) row[1]);
            }
            return new MemberTerms(member.group().orElse(null), plan, planUsed, capped);
        });
    }

    @Override
    public List<PendingSession> pendingSessions(int limit) {
        return Sql.read(dataSource, c -> Sql.list(c, """
                select s.node_id, s.session_id, s.member_id, s.machine_id, m.kind, s.started_at, s.ended_at,
                       s.active_seconds
                  from sessions s join machines m on m.id = s.machine_id
                 where s.ended_at is not null and s.member_id is not null
                   and not exists (select 1 from ledger_causes c
                                    where c.cause = 'session:' || s.node_id || ':' || s.session_id)
                   and not exists (select 1 from billing_parked p
                                    where p.cause = 'session:' || s.node_id || ':' || s.session_id)
                 order by s.ended_at limit ?""", rs -> new PendingSession(rs.getString("node_id"),
                rs.getString("session_id"), rs.getString("member_id"), rs.getString("machine_id"),
                rs.getString("kind"), Sql.instant(rs, "started_at"), Sql.instant(rs, "ended_at"),
                rs.getLong("active_seconds") * 1000), limit));
    }

    @Override
    public List<ConsumableRecord> pendingConsumables(int limit) {
        return Sql.read(dataSource, c -> Sql.list(c, RECORD_COLUMNS + " " + """
                 where r.member_id is not null and exists (select 1 from consumable_items i where i.id = r.item_id)
                   and not exists (select 1 from ledger_causes c where c.cause = 'consumable:' || r.id)
                   and not exists (select 1 from billing_parked p where p.cause = 'consumable:' || r.id)
                 order by r.recorded_at limit ?""", JdbcChargeStore::record, limit));
    }

    @Override
    public List<PendingVisit> pendingVisits(int limit) {
        return Sql.read(dataSource, c -> Sql.list(c, """
                select r.partner_id, coalesce(p.name, r.partner_id) as partner_name, r.receipt_id, r.member_id,
                       r.machine_kind, r.visit_end, r.amount_cents, r.currency
                  from partner_receipts_in r left join partners p on p.id = r.partner_id
                 where r.treatment = 'charged'
                   and not exists (select 1 from ledger_causes c
                                    where c.cause = 'visit:' || r.partner_id || ':' || r.receipt_id)
                   and not exists (select 1 from billing_parked p
                                    where p.cause = 'visit:' || r.partner_id || ':' || r.receipt_id)
                 order by r.recorded_at, r.partner_id, r.receipt_id limit ?""", rs -> new PendingVisit(
                rs.getString("partner_id"), rs.getString("partner_name"), rs.getString("receipt_id"),
                rs.getString("member_id"), rs.getString("machine_kind"), Sql.instant(rs, "visit_end"),
                rs.getLong("amount_cents"), rs.getString("currency")), limit));
    }

    @Override
    public List<String> membersOwingPlanFee(YearMonth month) {
        return Sql.read(dataSource, c -> Sql.list(c, """
                select m.id from members m join plans p on p.id = m.plan_id
                 where p.active and m.active
                   and not exists (select 1 from ledger_causes c where c.cause = 'plan-fee:' || m.id || ':' || ?)
                   and not exists (select 1 from billing_parked p where p.cause = 'plan-fee:' || m.id || ':' || ?)
                 order by m.number""", rs -> rs.getString("id"), month.toString(), month.toString()));
    }

    @Override
    public void park(String cause, String memberId, String reason) {
        Sql.transaction(dataSource, ErrorCode.PARKED_STATE.with(cause), c -> Sql.update(c, """
                insert into billing_parked (cause, member_id, reason, parked_at) values (?, ?, ?, ?)
                    on conflict (cause) do nothing""", cause, memberId, reason, clock.instant()));
    }

    @Override
    public List<ParkedCause> parkedCauses() {
        return Sql.read(dataSource, c -> Sql.list(c, """
                select cause, member_id, reason, parked_at from billing_parked order by parked_at, cause""",
                rs -> new ParkedCause(rs.getString("cause"), rs.getString("member_id"), rs.getString("reason"),
                        Sql.instant(rs, "parked_at"))));
    }

    @Override
    public void unpark(String cause, AuditEntry audit) {
        Sql.transaction(dataSource, ErrorCode.PARKED_STATE.with(cause), c -> {
            if (Sql.update(c, "delete from billing_parked where cause = ?", cause) == 0) {
                throw new NotFound(ErrorCode.PARKED_NOT_FOUND, cause);
            }
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public ConsumableRecord recordConsumable(ConsumableRecord record, AuditEntry audit) {
        return Sql.transaction(dataSource, ErrorCode.CONSUMABLE_RECORD_EXISTS.with(record.id()), c -> {
            Sql.update(c, """
                    insert into consumable_records (id, member_id, node_id, session_id, item_id, quantity, recorded_at,
                                                    recorded_by, source)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", record.id(), record.memberId().orElse(null),
                    record.nodeId().orElse(null), record.sessionId().orElse(null), record.itemId(),
                    record.quantity(), record.recordedAt(), record.recordedBy(), record.source());
            Sql.audit(c, audit);
            return record;
        });
    }

    @Override
    public Optional<ConsumableRecord> consumableRecord(String id) {
        return Sql.read(dataSource, c -> Sql.one(c, RECORD_COLUMNS + " where r.id = ?", JdbcChargeStore::record, id));
    }

    @Override
    public List<ConsumableRecord> consumableRecords(Optional<String> memberId, Optional<LocalDate> from,
                                                    Optional<LocalDate> to, int limit) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder(RECORD_COLUMNS).append(" where 1 = 1");
        memberId.ifPresent(id -> {
            sql.append(" and r.member_id = ?");
            parameters.add(id);
        });
        from.ifPresent(day -> {
            sql.append(" and r.recorded_at >= ?");
            parameters.add(day.atStartOfDay(zone).toInstant());
        });
        to.ifPresent(day -> {
            sql.append(" and r.recorded_at < ?");
            parameters.add(day.plusDays(1).atStartOfDay(zone).toInstant());
        });
        sql.append(" order by r.recorded_at desc limit ?");
        parameters.add(limit);
        return Sql.read(dataSource, c -> Sql.list(c, sql.toString(), JdbcChargeStore::record, parameters.toArray()));
    }

    @Override
    public Optional<List<LedgerEntry>> writeCharge(ChargeWrite write) {
        Charge charge = write.charge();
        return JdbcLedgerStore.chained(dataSource, ErrorCode.CHARGE_REFUSED.with(charge.key()), c -> {
            Instant now = clock.instant();
            if (!JdbcLedgerStore.claimCause(c, charge.key(), write.account(), now)) {
                return Optional.empty();
            }
            Periods periods = JdbcPeriodStore.periodsForLedgerWrite(c);
            LocalDate date = periods.isClosed(write.date()) ? periods.closedThrough().plusMonths(1).atDay(1)
                    : write.date();
            List<LedgerDraft> drafts = charge.toLedger(date, write.currency(), write.account());
            List<LedgerEntry> entries = new ArrayList<>();
            LineFacts facts = write.facts();
            for (int i = 0; i < drafts.size(); i++) {
                LedgerEntry entry = JdbcLedgerStore.appendIn(c, drafts.get(i), now);
                ChargeLine line = charge.lines().get(i);
                Sql.update(c, """
                        insert into charge_lines (ledger_sequence, cause, node_id, session_id, machine_id, item_id,
                                                  quantity, unit, unit_price_cents, discount_cents)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", entry.sequence(), charge.key(),
                        facts.nodeId().orElse(null), facts.sessionId().orElse(null), facts.machineId().orElse(null),
                        facts.itemId().orElse(null), line.quantity(), line.unit(), line.unitPriceCents(),
                        line.discountCents());
                entries.add(entry);
            }
            for (Charge.DayUsage usage : charge.usage()) {
                Sql.update(c, """
                        insert into charge_usage (cause, member_id, machine_kind, day, plan_millis, capped_cents)
                        values (?, ?, ?, ?, ?, ?)""", charge.key(), charge.memberId(), facts.machineKind(),
                        usage.day(), usage.planTime().toMillis(), usage.cappedCents());
            }
            return Optional.of(List.copyOf(entries));
        });
    }

    private static ConsumableRecord record(ResultSet rs) throws SQLException {
        return ConsumableRecord.of(rs.getString("id"), rs.getString("item_id"), rs.getLong("quantity"))
                .member(Optional.ofNullable(rs.getString("member_id")))
                .node(Optional.ofNullable(rs.getString("node_id")))
                .session(Optional.ofNullable(rs.getString("session_id")))
                .machine(Optional.ofNullable(rs.getString("machine_id")))
                .recorded(Sql.instant(rs, "recorded_at"), rs.getString("recorded_by"), rs.getString("source"))
                .charged(rs.getLong("charged")).build();
    }
}
