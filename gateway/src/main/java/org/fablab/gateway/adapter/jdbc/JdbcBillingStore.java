package org.fablab.gateway.adapter.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.fablab.gateway.billing.BlockRate;
import org.fablab.gateway.billing.CatalogueItem;
import org.fablab.gateway.billing.Charge;
import org.fablab.gateway.billing.ChargeLine;
import org.fablab.gateway.billing.FreeWindows;
import org.fablab.gateway.billing.LedgerChain;
import org.fablab.gateway.billing.LedgerDraft;
import org.fablab.gateway.billing.LedgerEntry;
import org.fablab.gateway.billing.LedgerKind;
import org.fablab.gateway.billing.MemberGroup;
import org.fablab.gateway.billing.MemberTerms;
import org.fablab.gateway.billing.Periods;
import org.fablab.gateway.billing.Plan;
import org.fablab.gateway.billing.PriceList;
import org.fablab.gateway.billing.Statement;
import org.fablab.gateway.billing.Statements;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.port.BillingStore;
import org.fablab.gateway.port.Conflict;
import org.fablab.gateway.port.NotFound;

/** {@link BillingStore} over JDBC; ledger writes go through {@link JdbcLedgerStore#chained} and its chaining. */
public final class JdbcBillingStore implements BillingStore {
    private static final String ENTRY_COLUMNS = """
            e.sequence, e.entry_date, e.member_id, e.kind, e.amount_cents, e.currency, e.cause, e.label,
            e.vat_basis_points, e.previous_hash, e.hash""";
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
    private static final String STATEMENT_COLUMNS = """
            select s.number, s.member_id, m.display_name, s.month, s.total_cents, s.ledger_sequence, s.ledger_head,
                   s.issued_at from statements s left join members m on m.id = s.member_id""";

    private final DataSource dataSource;
    private final Clock clock;
    private final ZoneId zone;

    /**
     * @param clock dates when facts were recorded (accounting dates are the caller's)
     * @param zone  the lab's zone, in which a day of a date filter starts and ends
     */
    public JdbcBillingStore(DataSource dataSource, Clock clock, ZoneId zone) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.zone = zone;
    }

    @Override
    public Settings settings() {
        return Sql.read(dataSource, c -> Sql.one(c, "select minimum_balance_cents from billing_settings where id = 1",
                rs -> new Settings(optionalLong(rs, "minimum_balance_cents"))).orElse(new Settings(Optional.empty())));
    }

    @Override
    public void saveSettings(Settings settings, AuditEntry audit) {
        Sql.transaction(dataSource, "settings changed meanwhile", c -> {
            Sql.update(c, """
                    insert into billing_settings (id, minimum_balance_cents, updated_at) values (1, ?, ?)
                    on conflict (id) do update set minimum_balance_cents = excluded.minimum_balance_cents,
                                                   updated_at = excluded.updated_at""",
                    settings.minimumBalanceCents().orElse(null), audit.at());
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public List<PriceList> priceLists() {
        return Sql.read(dataSource, c -> Sql.list(c, "select * from price_lists order by machine_kind", rs ->
                new PriceList(rs.getString("machine_kind"),
                        rate(rs, "wall_block_minutes", "wall_cents_per_block"),
                        rate(rs, "busy_block_minutes", "busy_cents_per_block"), rs.getLong("session_fee_cents"),
                        Duration.ofMinutes(rs.getLong("minimum_billable_minutes")), rs.getLong("daily_cap_cents"),
                        rs.getInt("vat_basis_points"))));
    }

    @Override
    public void savePriceList(PriceList prices, Instant at, AuditEntry audit) {
        Sql.transaction(dataSource, "price list changed meanwhile", c -> {
            Sql.update(c, """
                    insert into price_lists (machine_kind, wall_block_minutes, wall_cents_per_block,
                                             busy_block_minutes, busy_cents_per_block, session_fee_cents,
                                             minimum_billable_minutes, daily_cap_cents, vat_basis_points, updated_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (machine_kind) do update set
                        wall_block_minutes = excluded.wall_block_minutes,
                        wall_cents_per_block = excluded.wall_cents_per_block,
                        busy_block_minutes = excluded.busy_block_minutes,
                        busy_cents_per_block = excluded.busy_cents_per_block,
                        session_fee_cents = excluded.session_fee_cents,
                        minimum_billable_minutes = excluded.minimum_billable_minutes,
                        daily_cap_cents = excluded.daily_cap_cents,
                        vat_basis_points = excluded.vat_basis_points, updated_at = excluded.updated_at""",
                    prices.machineKind(), prices.wall() == null ? null : prices.wall().blockMinutes(),
                    prices.wall() == null ? null : prices.wall().centsPerBlock(),
                    prices.busy() == null ? null : prices.busy().blockMinutes(),
                    prices.busy() == null ? null : prices.busy().centsPerBlock(), prices.sessionFeeCents(),
                    prices.minimumBillable().toMinutes(), prices.dailyCapCents(), prices.vatBasisPoints(), at);
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public List<PlanRecord> plans() {
        return Sql.read(dataSource, c -> Sql.list(c, "select * from plans order by name", JdbcBillingStore::plan));
    }

    @Override
    public void savePlan(PlanRecord record, AuditEntry audit) {
        Plan plan = record.plan();
        Sql.transaction(dataSource, "plan changed meanwhile", c -> {
            Sql.update(c, """
                    insert into plans (id, name, monthly_fee_cents, included_minutes, machine_kinds, vat_basis_points,
                                       active)
                    values (?, ?, ?, ?, ?, ?, ?)
                    on conflict (id) do update set name = excluded.name,
                        monthly_fee_cents = excluded.monthly_fee_cents, included_minutes = excluded.included_minutes,
                        machine_kinds = excluded.machine_kinds, vat_basis_points = excluded.vat_basis_points,
                        active = excluded.active""",
                    record.id(), plan.name(), plan.monthlyFeeCents(), plan.includedMinutes(),
                    String.join(",", plan.machineKinds().stream().sorted().toList()), plan.vatBasisPoints(),
                    record.active());
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public void assignPlan(String memberId, Optional<String> planId, AuditEntry audit) {
        Sql.transaction(dataSource, "member changed meanwhile", c -> {
            if (planId.isPresent() && Sql.one(c, "select id from plans where id = ?", rs -> 1, planId.get()).isEmpty()) {
                throw new NotFound("no plan " + planId.get());
            }
            if (Sql.update(c, "update members set plan_id = ? where id = ?", planId.orElse(null), memberId) == 0) {
                throw new NotFound("no member " + memberId);
            }
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public List<MemberGroup> groups() {
        return Sql.read(dataSource, c -> Sql.list(c, "select * from member_groups order by name", JdbcBillingStore::group));
    }

    @Override
    public void saveGroup(MemberGroup group, AuditEntry audit) {
        Sql.transaction(dataSource, "group changed meanwhile", c -> {
            Sql.update(c, """
                    insert into member_groups (name, discount_basis_points) values (?, ?)
                    on conflict (name) do update set discount_basis_points = excluded.discount_basis_points""",
                    group.name(), group.discountBasisPoints());
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public FreeWindows freeWindows() {
        return Sql.read(dataSource, c -> new FreeWindows(Sql.list(c, "select * from free_windows order by position",
                rs -> new FreeWindows.Window(DayOfWeek.valueOf(rs.getString("day_of_week").toUpperCase(Locale.ROOT)),
                        LocalTime.parse(rs.getString("from_time")), LocalTime.parse(rs.getString("to_time"))))));
    }

    @Override
    public void saveFreeWindows(FreeWindows windows, AuditEntry audit) {
        Sql.transaction(dataSource, "free windows changed meanwhile", c -> {
            Sql.update(c, "delete from free_windows");
            int position = 0;
            for (FreeWindows.Window w : windows.windows()) {
                Sql.update(c, "insert into free_windows (position, day_of_week, from_time, to_time) values (?, ?, ?, ?)",
                        position++, w.day().name().toLowerCase(Locale.ROOT), w.from().toString(), w.to().toString());
            }
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public List<ItemRecord> catalogue() {
        return Sql.read(dataSource, c -> Sql.list(c, "select * from consumable_items order by label", rs ->
                new ItemRecord(new CatalogueItem(rs.getString("id"), rs.getString("label"),
                        unit(rs.getString("unit")), rs.getLong("unit_price_cents"), rs.getInt("vat_basis_points")),
                        rs.getBoolean("active"))));
    }

    @Override
    public void saveItem(ItemRecord record, AuditEntry audit) {
        CatalogueItem item = record.item();
        Sql.transaction(dataSource, "item changed meanwhile", c -> {
            Sql.update(c, """
                    insert into consumable_items (id, label, unit, unit_price_cents, vat_basis_points, active)
                    values (?, ?, ?, ?, ?, ?)
                    on conflict (id) do update set label = excluded.label, unit = excluded.unit,
                        unit_price_cents = excluded.unit_price_cents, vat_basis_points = excluded.vat_basis_points,
                        active = excluded.active""",
                    item.itemId(), item.label(), item.unit().symbol(), item.unitPriceCents(), item.vatBasisPoints(),
                    record.active());
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public MemberBilling memberBilling(String memberId) {
        return Sql.read(dataSource, c -> {
            Optional<String[]> member = Sql.one(c, "select member_group, plan_id from members where id = ?",
                    rs -> new String[] {rs.getString("member_group"), rs.getString("plan_id")}, memberId);
            if (member.isEmpty()) {
                throw new NotFound("no member " + memberId);
            }
            String groupName = member.get()[0];
            String planId = member.get()[1];
            Optional<MemberGroup> group = groupName == null ? Optional.empty()
                    : Sql.one(c, "select * from member_groups where name = ?", JdbcBillingStore::group, groupName);
            Optional<PlanRecord> plan = planId == null ? Optional.empty()
                    : Sql.one(c, "select * from plans where id = ?", JdbcBillingStore::plan, planId);
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
                 order by r.recorded_at limit ?""", JdbcBillingStore::record, limit));
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
        Sql.transaction(dataSource, "cause " + cause + " is parked", c -> Sql.update(c, """
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
        Sql.transaction(dataSource, "cause " + cause + " is not parked", c -> {
            if (Sql.update(c, "delete from billing_parked where cause = ?", cause) == 0) {
                throw new NotFound("no parked cause " + cause);
            }
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public ConsumableRecord recordConsumable(ConsumableRecord record, AuditEntry audit) {
        return Sql.transaction(dataSource, "consumable record " + record.id() + " exists", c -> {
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
        return Sql.read(dataSource, c -> Sql.one(c, RECORD_COLUMNS + " where r.id = ?", JdbcBillingStore::record, id));
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
        return Sql.read(dataSource, c -> Sql.list(c, sql.toString(), JdbcBillingStore::record, parameters.toArray()));
    }

    @Override
    public Optional<List<LedgerEntry>> writeCharge(ChargeWrite write) {
        Charge charge = write.charge();
        return JdbcLedgerStore.chained(dataSource, "charge " + charge.key() + " refused", c -> {
            Instant now = clock.instant();
            if (Sql.update(c, "insert into ledger_causes (cause, member_id, recorded_at) values (?, ?, ?)"
                    + " on conflict (cause) do nothing", charge.key(), charge.memberId(), now) == 0) {
                return Optional.empty();
            }
            Periods periods = periods(c);
            LocalDate date = periods.isClosed(write.date()) ? periods.closedThrough().plusMonths(1).atDay(1)
                    : write.date();
            List<LedgerDraft> drafts = charge.toLedger(date, write.currency());
            List<LedgerEntry> entries = new ArrayList<>();
            LineFacts facts = write.facts();
            for (int i = 0; i < drafts.size(); i++) {
                LedgerEntry entry = JdbcLedgerStore.appendIn(c, drafts.get(i), now);
                ChargeLine line = charge.lines().get(i);
                Sql.update(c, """
                        insert into charge_lines (ledger_sequence, cause, node_id, session_id, machine_id, item_id,
                                                  quantity, unit, unit_price_cents)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", entry.sequence(), charge.key(),
                        facts.nodeId().orElse(null), facts.sessionId().orElse(null), facts.machineId().orElse(null),
                        facts.itemId().orElse(null), line.quantity(), line.unit(), line.unitPriceCents());
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

    @Override
    public LedgerEntry writeEntry(LedgerDraft draft, AuditEntry audit) {
        return JdbcLedgerStore.chained(dataSource, draft.cause() + " is already in the ledger", c -> {
            LedgerEntry entry = appendManual(c, draft);
            Sql.audit(c, audit);
            return entry;
        });
    }

    /** Appends a manual entry after checking the member, the period and that its cause is new. */
    private LedgerEntry appendManual(Connection c, LedgerDraft draft) throws SQLException {
        if (Sql.one(c, "select id from members where id = ?", rs -> 1, draft.memberId()).isEmpty()) {
            throw new NotFound("no member " + draft.memberId());
        }
        if (periods(c).admit(draft) instanceof Periods.Admission.Refused refused) {
            throw new Conflict(refused.why());
        }
        Instant now = clock.instant();
        if (Sql.update(c, "insert into ledger_causes (cause, member_id, recorded_at) values (?, ?, ?)"
                + " on conflict (cause) do nothing", draft.cause(), draft.memberId(), now) == 0) {
            throw new Conflict(draft.cause() + " is already in the ledger");
        }
        return JdbcLedgerStore.appendIn(c, draft, now);
    }

    @Override
    public Optional<LedgerEntry> entry(long sequence) {
        return Sql.read(dataSource, c -> Sql.one(c, JdbcLedgerStore.COLUMNS + " where sequence = ?",
                JdbcLedgerStore::entry, sequence));
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

    @Override
    public List<LedgerEntry> entriesCausedBy(String cause) {
        return Sql.read(dataSource, c -> Sql.list(c, JdbcLedgerStore.COLUMNS + " where cause = ? order by sequence",
                JdbcLedgerStore::entry, cause));
    }

    @Override
    public List<LedgerLine> ledger(LedgerFilter filter) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select " + ENTRY_COLUMNS + ", m.display_name from ledger_entries e"
                + " left join members m on m.id = e.member_id where 1 = 1");
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
        return Sql.read(dataSource, c -> Sql.list(c, sql.toString(),
                rs -> new LedgerLine(JdbcLedgerStore.entry(rs), rs.getString("display_name")), parameters.toArray()));
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
    public List<Coupon> coupons() {
        return Sql.read(dataSource, c -> Sql.list(c, """
                select c.*, (select count(*) from coupon_redemptions r where r.code = c.code) redeemed
                  from coupons c order by c.created_at desc""", JdbcBillingStore::coupon));
    }

    @Override
    public void createCoupon(Coupon coupon, Instant at, AuditEntry audit) {
        Sql.transaction(dataSource, "coupon " + coupon.code() + " exists", c -> {
            Sql.update(c, """
                    insert into coupons (code, amount_cents, max_redemptions, valid_until, created_at, created_by)
                    values (?, ?, ?, ?, ?, ?)""", coupon.code(), coupon.amountCents(), coupon.maxRedemptions(),
                    coupon.validUntil().orElse(null), at, audit.actor());
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public LedgerEntry redeemCoupon(String code, String memberId, LocalDate date, String currency, Instant at,
                                    AuditEntry audit) {
        return JdbcLedgerStore.chained(dataSource, "coupon " + code + " was already used by this member", c -> {
            Coupon coupon = Sql.one(c, """
                    select c.*, (select count(*) from coupon_redemptions r where r.code = c.code) redeemed
                      from coupons c where c.code = ?""", JdbcBillingStore::coupon, code)
                    .orElseThrow(() -> new NotFound("no coupon " + code));
            if (coupon.validUntil().isPresent() && date.isAfter(coupon.validUntil().get())) {
                throw new Conflict("coupon " + code + " expired on " + coupon.validUntil().get());
            }
            if (coupon.redeemed() >= coupon.maxRedemptions()) {
                throw new Conflict("coupon " + code + " is used up");
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

    @Override
    public Periods periods() {
        return Sql.read(dataSource, JdbcBillingStore::periods);
    }

    private static Periods periods(Connection c) throws SQLException {
        return Sql.one(c, "select max(month) last_month from closed_periods",
                        rs -> Optional.ofNullable(rs.getString("last_month")))
                .flatMap(month -> month).map(month -> new Periods(YearMonth.parse(month)))
                .orElse(Periods.NONE_CLOSED);
    }

    @Override
    public List<ClosedPeriod> closedPeriods() {
        return Sql.read(dataSource, c -> Sql.list(c, "select * from closed_periods order by month desc",
                JdbcBillingStore::closed));
    }

    @Override
    public ClosedPeriod closePeriod(YearMonth month, Instant at, String actor, AuditEntry audit) {
        return Sql.transaction(dataSource, "period " + month + " was closed meanwhile", c -> {
            Periods periods = periods(c);
            if (periods.closedThrough() != null && !month.isAfter(periods.closedThrough())) {
                return Sql.one(c, "select * from closed_periods where month = ?", JdbcBillingStore::closed,
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
        return Sql.transaction(dataSource, "statements of " + month + " were issued meanwhile", c -> {
            if (!periods(c).isClosed(month.atDay(1))) {
                throw new Conflict("close " + month + " before issuing its statements");
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
            Sql.audit(c, audit.detail(owed.size() + " statements, ledger head " + sequence + " " + hash));
            return Sql.list(c, STATEMENT_COLUMNS + " where s.month = ? and s.issued_at = ? order by s.number",
                    JdbcBillingStore::issued, month.toString(), at);
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
        return Sql.read(dataSource, c -> Sql.list(c, sql.toString(), JdbcBillingStore::issued, parameters.toArray()));
    }

    @Override
    public IssuedWithLines statement(String number) {
        IssuedStatement issued = Sql.read(dataSource, c -> Sql.one(c, STATEMENT_COLUMNS + " where s.number = ?",
                JdbcBillingStore::issued, number)).orElseThrow(() -> new NotFound("no statement " + number));
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

    private static BlockRate rate(ResultSet rs, String minutes, String cents) throws SQLException {
        int blockMinutes = rs.getInt(minutes);
        return rs.wasNull() ? null : new BlockRate(blockMinutes, rs.getLong(cents));
    }

    private static PlanRecord plan(ResultSet rs) throws SQLException {
        String kinds = rs.getString("machine_kinds");
        Set<String> machineKinds = kinds.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(kinds.split(",")));
        return new PlanRecord(rs.getString("id"), new Plan(rs.getString("name"), rs.getLong("monthly_fee_cents"),
                rs.getLong("included_minutes"), machineKinds, rs.getInt("vat_basis_points")), rs.getBoolean("active"));
    }

    private static MemberGroup group(ResultSet rs) throws SQLException {
        return new MemberGroup(rs.getString("name"), rs.getInt("discount_basis_points"));
    }

    private static CatalogueItem.Unit unit(String symbol) {
        for (CatalogueItem.Unit unit : CatalogueItem.Unit.values()) {
            if (unit.symbol().equals(symbol)) {
                return unit;
            }
        }
        throw new IllegalStateException("stored unit '" + symbol + "' is not g, sheet or unit");
    }

    private static ConsumableRecord record(ResultSet rs) throws SQLException {
        return new ConsumableRecord(rs.getString("id"), Optional.ofNullable(rs.getString("member_id")),
                Optional.ofNullable(rs.getString("node_id")), Optional.ofNullable(rs.getString("session_id")),
                Optional.ofNullable(rs.getString("machine_id")), rs.getString("item_id"), rs.getLong("quantity"), Sql.instant(rs, "recorded_at"),
                rs.getString("recorded_by"), rs.getString("source"), rs.getLong("charged"));
    }

    private static Coupon coupon(ResultSet rs) throws SQLException {
        return new Coupon(rs.getString("code"), rs.getLong("amount_cents"), rs.getInt("max_redemptions"),
                Optional.ofNullable(Sql.date(rs, "valid_until")), rs.getInt("redeemed"));
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

    private static Optional<Long> optionalLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(value);
    }
}
