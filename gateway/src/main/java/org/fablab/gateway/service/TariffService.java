package org.fablab.gateway.service;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.fablab.gateway.billing.FreeWindows;
import org.fablab.gateway.billing.MemberGroup;
import org.fablab.gateway.billing.PriceList;
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

    /** @param currency ISO 4217 code of every amount, e.g. {@code EUR} */
    public TariffService(TariffStore store, ChargingEngine charging, Clock clock, String currency) {
        this.store = store;
        this.charging = charging;
        this.clock = clock;
        this.currency = currency;
    }

    public String currency() {
        return currency;
    }

    private AuditEntry audit(Principal actor, String action, String subjectType, String subjectId) {
        return AuditEntry.of(clock.instant(), actor.actor(), action, subjectType, subjectId);
    }

    public Settings settings() {
        return charging.settings();
    }

    public void saveSettings(Principal actor, Settings newSettings) {
        store.saveSettings(newSettings, audit(actor, "billing.settings.changed", "billing", "settings")
                .detail("minimum balance " + newSettings.minimumBalanceCents().map(ChargingEngine::cents)
                        .orElse("none")));
        charging.settingsChanged(newSettings);
    }

    public List<PriceList> priceLists() {
        return store.priceLists();
    }

    public PriceList savePriceList(Principal actor, PriceList prices) {
        store.savePriceList(prices, clock.instant(), audit(actor, "price-list.saved", "price-list",
                prices.machineKind()).detail(prices.toString()));
        return prices;
    }

    public List<PlanRecord> plans() {
        return store.plans();
    }

    public PlanRecord savePlan(Principal actor, PlanRecord plan) {
        store.savePlan(plan, audit(actor, "plan.saved", "plan", plan.id()).detail(plan.toString()));
        return plan;
    }

    /** Puts the member on a plan (or none) and has its fee charged if due. */
    public void assignPlan(Principal actor, String memberId, Optional<String> planId) {
        store.assignPlan(memberId, planId, audit(actor, "member.plan.changed", "member", memberId).member(memberId)
                .detail(planId.orElse("no plan")));
        charging.chargeSoon();
    }

    public List<MemberGroup> groups() {
        return store.groups();
    }

    public MemberGroup saveGroup(Principal actor, MemberGroup group) {
        store.saveGroup(group, audit(actor, "group.saved", "group", group.name()).detail(group.toString()));
        return group;
    }

    public FreeWindows freeWindows() {
        return store.freeWindows();
    }

    public FreeWindows saveFreeWindows(Principal actor, FreeWindows windows) {
        store.saveFreeWindows(windows, audit(actor, "free-windows.saved", "billing", "free-windows")
                .detail(windows.toString()));
        return windows;
    }

    public List<ItemRecord> catalogue() {
        return store.catalogue();
    }

    public ItemRecord saveItem(Principal actor, ItemRecord item) {
        store.saveItem(item, audit(actor, "consumable.saved", "consumable", item.item().itemId())
                .detail(item.toString()));
        return item;
    }

    public List<Coupon> coupons() {
        return store.coupons();
    }

    public Coupon createCoupon(Principal actor, Coupon coupon) {
        store.createCoupon(coupon, clock.instant(), audit(actor, "coupon.created", "coupon", coupon.code())
                .detail(ChargingEngine.cents(coupon.amountCents()) + " " + currency + " × " + coupon.maxRedemptions()));
        return coupon;
    }
}
