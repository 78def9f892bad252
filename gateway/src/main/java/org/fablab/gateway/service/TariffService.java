package org.fablab.gateway.service;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.fablab.gateway.billing.FreeWindows;
import org.fablab.gateway.billing.MemberGroup;
import org.fablab.gateway.billing.PriceList;
import org.fablab.gateway.domain.AuditAction;
import org.fablab.gateway.domain.AuditEntry;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.port.TariffStore;
import org.fablab.gateway.port.TariffStore.Coupon;
import org.fablab.gateway.port.TariffStore.ItemRecord;
import org.fablab.gateway.port.TariffStore.PlanRecord;
import org.fablab.gateway.port.TariffStore.Settings;

/**
 * What the treasurer sets and what pricing reads: the prepaid minimum, price lists, plans and who is on one, groups,
 * free windows, the consumables catalogue and coupons. Changes the charging depends on at once (the minimum, a
 * member's plan) are handed to the {@link ChargingEngine}. Blocking; thread-safe.
 */
public final class TariffService {
    private final TariffStore store;
    private final ChargingEngine charging;
    private final Clock clock;
    private final String currency;
    private final Runnable accessChanged;

    /**
     * @param currency      ISO 4217 code of every amount, e.g. {@code EUR}
     * @param accessChanged called after a member's plan changes: the pass lists sent to partner labs may follow plans
     */
    public TariffService(TariffStore store, ChargingEngine charging, Clock clock, String currency,
                         Runnable accessChanged) {
        this.store = store;
        this.charging = charging;
        this.clock = clock;
        this.currency = currency;
        this.accessChanged = accessChanged;
    }

    public String currency() {
        return currency;
    }

    private AuditEntry audit(Principal actor, AuditAction action, String subjectType, String subjectId) {
        return AuditEntry.of(clock.instant(), actor.actor(), action, subjectType, subjectId);
    }

    public Settings settings() {
        return charging.settings();
    }

    public void saveSettings(Principal actor, Settings newSettings) {
        store.saveSettings(newSettings, audit(actor, AuditAction.BILLING_SETTINGS_CHANGED, "billing", "settings")
                .with("minimumBalanceCents", newSettings.minimumBalanceCents().orElse(null)));
        charging.settingsChanged(newSettings);
    }

    public List<PriceList> priceLists() {
        return store.priceLists();
    }

    public PriceList savePriceList(Principal actor, PriceList prices) {
        store.savePriceList(prices, clock.instant(), priceAudit(actor, AuditAction.PRICE_LIST_SAVED, "price-list",
                prices));
        return prices;
    }

    /** The network's price lists, which price the visits of partners whose agreement names them (docs/network.md). */
    public List<PriceList> networkPriceLists() {
        return store.networkPriceLists();
    }

    public PriceList saveNetworkPriceList(Principal actor, PriceList prices) {
        store.saveNetworkPriceList(prices, clock.instant(), priceAudit(actor, AuditAction.NETWORK_PRICE_LIST_SAVED,
                "network-price-list", prices));
        return prices;
    }

    /**
     * Visits priced from the network's lists are free on this kind from now on, as a kind without a price list is.
     *
     * @throws org.fablab.gateway.port.NotFound when the network has no price list for the kind
     */
    public void removeNetworkPriceList(Principal actor, String machineKind) {
        store.removeNetworkPriceList(machineKind, audit(actor, AuditAction.NETWORK_PRICE_LIST_REMOVED,
                "network-price-list", machineKind).with("machineKind", machineKind));
    }

    private AuditEntry priceAudit(Principal actor, AuditAction action, String subjectType, PriceList prices) {
        return audit(actor, action, subjectType, prices.machineKind()).with("machineKind", prices.machineKind())
                .with("wallMinutes", prices.wall() == null ? null : prices.wall().blockMinutes())
                .with("wallCents", prices.wall() == null ? null : prices.wall().centsPerBlock())
                .with("busyMinutes", prices.busy() == null ? null : prices.busy().blockMinutes())
                .with("busyCents", prices.busy() == null ? null : prices.busy().centsPerBlock())
                .with("sessionFeeCents", prices.sessionFeeCents()).with("minimumBillable", prices.minimumBillable())
                .with("dailyCapCents", prices.dailyCapCents()).with("vatBasisPoints", prices.vatBasisPoints());
    }

    public List<PlanRecord> plans() {
        return store.plans();
    }

    public PlanRecord savePlan(Principal actor, PlanRecord plan) {
        store.savePlan(plan, audit(actor, AuditAction.PLAN_SAVED, "plan", plan.id())
                .with("name", plan.plan().name()).with("monthlyFeeCents", plan.plan().monthlyFeeCents())
                .with("includedMinutes", plan.plan().includedMinutes()).with("active", plan.active()));
        return plan;
    }

    /**
     * Puts the member on a plan (or none) and has its fee charged if due; the pass lists to partners who receive the
     * members of some plans are rebuilt.
     */
    public void assignPlan(Principal actor, String memberId, Optional<String> planId) {
        store.assignPlan(memberId, planId, audit(actor, AuditAction.MEMBER_PLAN_CHANGED, "member", memberId).member(memberId)
                .with("plan", planId.orElse(null)));
        charging.chargeSoon();
        accessChanged.run();
    }

    public List<MemberGroup> groups() {
        return store.groups();
    }

    public MemberGroup saveGroup(Principal actor, MemberGroup group) {
        store.saveGroup(group, audit(actor, AuditAction.GROUP_SAVED, "group", group.name())
                .with("group", group.name()).with("discountBasisPoints", group.discountBasisPoints()));
        return group;
    }

    public FreeWindows freeWindows() {
        return store.freeWindows();
    }

    public FreeWindows saveFreeWindows(Principal actor, FreeWindows windows) {
        store.saveFreeWindows(windows, audit(actor, AuditAction.FREE_WINDOWS_SAVED, "billing", "free-windows")
                .with("windows", windows.windows().size()));
        return windows;
    }

    public List<ItemRecord> catalogue() {
        return store.catalogue();
    }

    public ItemRecord saveItem(Principal actor, ItemRecord item) {
        store.saveItem(item, audit(actor, AuditAction.CONSUMABLE_SAVED, "consumable", item.item().itemId())
                .with("item", item.item().itemId()).with("label", item.item().label())
                .with("unit", item.item().unit().symbol()).with("unitPriceCents", item.item().unitPriceCents())
                .with("active", item.active()));
        return item;
    }

    public List<Coupon> coupons() {
        return store.coupons();
    }

    public Coupon createCoupon(Principal actor, Coupon coupon) {
        store.createCoupon(coupon, clock.instant(), audit(actor, AuditAction.COUPON_CREATED, "coupon", coupon.code())
                .with("code", coupon.code()).with("amountCents", coupon.amountCents()).with("currency", currency)
                .with("maxRedemptions", coupon.maxRedemptions()));
        return coupon;
    }
}
