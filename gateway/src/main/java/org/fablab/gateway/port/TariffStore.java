package org.fablab.gateway.port;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.fablab.gateway.billing.CatalogueItem;
import org.fablab.gateway.billing.FreeWindows;
import org.fablab.gateway.billing.MemberGroup;
import org.fablab.gateway.billing.Plan;
import org.fablab.gateway.billing.PriceList;
import org.fablab.gateway.domain.AuditEntry;

/**
 * What the treasurer configures: the prepaid minimum, prices (ours and the network's), plans and who is on one, groups, free windows, the
 * consumables catalogue and coupons. Every write stores its audit entry in its transaction. Blocking; thread-safe.
 */
public interface TariffStore {

    /** @param minimumBalanceCents empty when the lab does not use prepaid accounts */
    record Settings(Optional<Long> minimumBalanceCents) {
    }

    record PlanRecord(String id, Plan plan, boolean active) {
    }

    record ItemRecord(CatalogueItem item, boolean active) {
    }

    record Coupon(String code, long amountCents, int maxRedemptions, Optional<LocalDate> validUntil, int redeemed) {
    }

    Settings settings();

    void saveSettings(Settings settings, AuditEntry audit);

    List<PriceList> priceLists();

    void savePriceList(PriceList prices, Instant at, AuditEntry audit);

    /** The network's price lists (docs/network.md), which price the visits of partners whose agreement says so. */
    List<PriceList> networkPriceLists();

    void saveNetworkPriceList(PriceList prices, Instant at, AuditEntry audit);

    /** @throws NotFound when the network has no price list for the kind */
    void removeNetworkPriceList(String machineKind, AuditEntry audit);

    List<PlanRecord> plans();

    void savePlan(PlanRecord plan, AuditEntry audit);

    /** @throws NotFound when the member or the plan does not exist */
    void assignPlan(String memberId, Optional<String> planId, AuditEntry audit);

    List<MemberGroup> groups();

    void saveGroup(MemberGroup group, AuditEntry audit);

    FreeWindows freeWindows();

    void saveFreeWindows(FreeWindows windows, AuditEntry audit);

    List<ItemRecord> catalogue();

    void saveItem(ItemRecord item, AuditEntry audit);

    List<Coupon> coupons();

    /** @throws Conflict when the code exists */
    void createCoupon(Coupon coupon, Instant at, AuditEntry audit);
}
