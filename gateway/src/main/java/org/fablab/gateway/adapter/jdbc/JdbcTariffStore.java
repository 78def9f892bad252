package org.fablab.gateway.adapter.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.fablab.gateway.billing.BlockRate;
import org.fablab.gateway.billing.CatalogueItem;
import org.fablab.gateway.billing.FreeWindows;
import org.fablab.gateway.billing.MemberGroup;
import org.fablab.gateway.billing.Plan;
import org.fablab.gateway.billing.PriceList;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.port.NotFound;
import org.fablab.gateway.port.TariffStore;
import org.fablab.gateway.port.TariffStore.Coupon;
import org.fablab.gateway.port.TariffStore.PlanRecord;

/** {@link TariffStore} over JDBC. */
public final class JdbcTariffStore implements TariffStore {
    private final DataSource dataSource;

    public JdbcTariffStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Settings settings() {
        return Sql.read(dataSource, c -> Sql.one(c, "select minimum_balance_cents from billing_settings where id = 1",
                rs -> new Settings(optionalLong(rs, "minimum_balance_cents"))).orElse(new Settings(Optional.empty())));
    }

    @Override
    public void saveSettings(Settings settings, AuditEntry audit) {
        Sql.transaction(dataSource, ErrorCode.CHANGED_MEANWHILE.with(), c -> {
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
        return priceLists(PriceTable.OURS);
    }

    @Override
    public void savePriceList(PriceList prices, Instant at, AuditEntry audit) {
        savePriceList(PriceTable.OURS, prices, at, audit);
    }

    @Override
    public List<PriceList> networkPriceLists() {
        return priceLists(PriceTable.NETWORK);
    }

    @Override
    public void saveNetworkPriceList(PriceList prices, Instant at, AuditEntry audit) {
        savePriceList(PriceTable.NETWORK, prices, at, audit);
    }

    @Override
    public void removeNetworkPriceList(String machineKind, AuditEntry audit) {
        Sql.transaction(dataSource, ErrorCode.CHANGED_MEANWHILE.with(), c -> {
            if (Sql.update(c, "delete from network_price_lists where machine_kind = ?", machineKind) == 0) {
                throw new NotFound(ErrorCode.NETWORK_PRICE_LIST_NOT_FOUND, machineKind);
            }
            Sql.audit(c, audit);
            return null;
        });
    }

    /** The two tables of one shape: our members' price lists and the network's. Names from here only, never input. */
    private enum PriceTable {
        OURS("price_lists"),
        NETWORK("network_price_lists");

        private final String table;

        PriceTable(String table) {
            this.table = table;
        }
    }

    private List<PriceList> priceLists(PriceTable from) {
        return Sql.read(dataSource, c -> Sql.list(c, "select * from " + from.table + " order by machine_kind", rs ->
                PriceList.forKind(rs.getString("machine_kind"))
                        .wall(rate(rs, "wall_block_minutes", "wall_cents_per_block"))
                        .busy(rate(rs, "busy_block_minutes", "busy_cents_per_block"))
                        .sessionFeeCents(rs.getLong("session_fee_cents"))
                        .minimumBillable(Duration.ofMinutes(rs.getLong("minimum_billable_minutes")))
                        .dailyCapCents(rs.getLong("daily_cap_cents")).vatBasisPoints(rs.getInt("vat_basis_points"))
                        .build()));
    }

    private void savePriceList(PriceTable into, PriceList prices, Instant at, AuditEntry audit) {
        Sql.transaction(dataSource, ErrorCode.CHANGED_MEANWHILE.with(), c -> {
            Sql.update(c, "insert into " + into.table + """
                     (machine_kind, wall_block_minutes, wall_cents_per_block, busy_block_minutes,
                      busy_cents_per_block, session_fee_cents, minimum_billable_minutes, daily_cap_cents,
                      vat_basis_points, updated_at)
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
        return Sql.read(dataSource, c -> Sql.list(c, "select * from plans order by name", JdbcTariffStore::plan));
    }

    @Override
    public void savePlan(PlanRecord record, AuditEntry audit) {
        Plan plan = record.plan();
        Sql.transaction(dataSource, ErrorCode.CHANGED_MEANWHILE.with(), c -> {
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
        Sql.transaction(dataSource, ErrorCode.CHANGED_MEANWHILE.with(), c -> {
            if (planId.isPresent() && Sql.one(c, "select id from plans where id = ?", rs -> 1, planId.get()).isEmpty()) {
                throw new NotFound(ErrorCode.PLAN_NOT_FOUND, planId.get());
            }
            if (Sql.update(c, "update members set plan_id = ? where id = ?", planId.orElse(null), memberId) == 0) {
                throw new NotFound(ErrorCode.MEMBER_NOT_FOUND, memberId);
            }
            Sql.audit(c, audit);
            return null;
        });
    }

    @Override
    public List<MemberGroup> groups() {
        return Sql.read(dataSource, c -> Sql.list(c, "select * from member_groups order by name", JdbcTariffStore::group));
    }

    @Override
    public void saveGroup(MemberGroup group, AuditEntry audit) {
        Sql.transaction(dataSource, ErrorCode.CHANGED_MEANWHILE.with(), c -> {
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
        Sql.transaction(dataSource, ErrorCode.CHANGED_MEANWHILE.with(), c -> {
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
        Sql.transaction(dataSource, ErrorCode.CHANGED_MEANWHILE.with(), c -> {
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
    public List<Coupon> coupons() {
        return Sql.read(dataSource, c -> Sql.list(c, """
                select c.*, (select count(*) from coupon_redemptions r where r.code = c.code) redeemed
                  from coupons c order by c.created_at desc""", JdbcTariffStore::coupon));
    }

    @Override
    public void createCoupon(Coupon coupon, Instant at, AuditEntry audit) {
        Sql.transaction(dataSource, ErrorCode.COUPON_EXISTS.with(coupon.code()), c -> {
            Sql.update(c, """
                    insert into coupons (code, amount_cents, max_redemptions, valid_until, created_at, created_by)
                    values (?, ?, ?, ?, ?, ?)""", coupon.code(), coupon.amountCents(), coupon.maxRedemptions(),
                    coupon.validUntil().orElse(null), at, audit.actor());
            Sql.audit(c, audit);
            return null;
        });
    }

    private static BlockRate rate(ResultSet rs, String minutes, String cents) throws SQLException {
        int blockMinutes = rs.getInt(minutes);
        return rs.wasNull() ? null : new BlockRate(blockMinutes, rs.getLong(cents));
    }

    static PlanRecord plan(ResultSet rs) throws SQLException {
        String kinds = rs.getString("machine_kinds");
        Set<String> machineKinds = kinds.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(kinds.split(",")));
        return new PlanRecord(rs.getString("id"), new Plan(rs.getString("name"), rs.getLong("monthly_fee_cents"),
                rs.getLong("included_minutes"), machineKinds, rs.getInt("vat_basis_points")), rs.getBoolean("active"));
    }

    static MemberGroup group(ResultSet rs) throws SQLException {
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

    static Coupon coupon(ResultSet rs) throws SQLException {
        return new Coupon(rs.getString("code"), rs.getLong("amount_cents"), rs.getInt("max_redemptions"),
                Optional.ofNullable(Sql.date(rs, "valid_until")), rs.getInt("redeemed"));
    }

    private static Optional<Long> optionalLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(value);
    }
}
