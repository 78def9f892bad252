package org.fablab.gateway.adapter.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import org.fablab.gateway.billing.BlockRate;
import org.fablab.gateway.billing.CatalogueItem;
import org.fablab.gateway.billing.FreeWindows;
import org.fablab.gateway.billing.MemberGroup;
import org.fablab.gateway.billing.Plan;
import org.fablab.gateway.billing.PriceList;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.domain.auth.Permission;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.port.TariffStore;
import org.fablab.gateway.service.TariffService;

/**
 * What the treasurer configures: settings, price lists (ours and the network's), plans and who is on them, groups,
 * free windows and the consumables catalogue. Everyone signed in reads them (makers see what they will pay); only
 * {@link Permission#MANAGE_BILLING} changes them.
 */
final class BillingRoutes {
    static final long MAX_CENTS = 100_000_000;
    private static final Set<String> SETTINGS_FIELDS = Set.of("minimumBalanceCents");
    private static final Set<String> PRICE_FIELDS = Set.of("wall", "busy", "sessionFeeCents",
            "minimumBillableMinutes", "dailyCapCents", "vatBasisPoints");
    private static final Set<String> RATE_FIELDS = Set.of("blockMinutes", "centsPerBlock");
    private static final Set<String> PLAN_FIELDS = Set.of("name", "monthlyFeeCents", "includedMinutes",
            "machineKinds", "vatBasisPoints", "active");
    private static final Set<String> ASSIGN_FIELDS = Set.of("planId");
    private static final Set<String> GROUP_FIELDS = Set.of("discountBasisPoints");
    private static final Set<String> WINDOWS_FIELDS = Set.of("windows");
    private static final Set<String> ITEM_FIELDS = Set.of("label", "unit", "unitPriceCents", "vatBasisPoints",
            "active");
    private static final String SLUG = "[a-z0-9][a-z0-9-]{0,62}";

    private final TariffService billing;

    BillingRoutes(TariffService billing) {
        this.billing = billing;
    }

    void mount(Router router) {
        router.get("/api/v1/billing/settings").handler(this::settings);
        router.put("/api/v1/billing/settings").handler(this::saveSettings);
        router.get("/api/v1/prices").handler(ctx -> read(ctx, () -> billing.priceLists().stream()
                .map(PriceView::of).toList()));
        router.put("/api/v1/prices/:kind").handler(ctx -> savePrices(ctx, billing::savePriceList));
        router.get("/api/v1/network/prices").handler(ctx -> read(ctx, () -> billing.networkPriceLists().stream()
                .map(PriceView::of).toList()));
        router.put("/api/v1/network/prices/:kind").handler(ctx -> savePrices(ctx, billing::saveNetworkPriceList));
        router.delete("/api/v1/network/prices/:kind").handler(this::removeNetworkPrices);
        router.get("/api/v1/plans").handler(ctx -> read(ctx, () -> billing.plans().stream().map(PlanView::of).toList()));
        router.put("/api/v1/plans/:id").handler(this::savePlan);
        router.put("/api/v1/members/:id/plan").handler(this::assignPlan);
        router.get("/api/v1/groups").handler(ctx -> read(ctx, billing::groups));
        router.put("/api/v1/groups/:name").handler(this::saveGroup);
        router.get("/api/v1/free-windows").handler(ctx -> read(ctx, () -> WindowView.of(billing.freeWindows())));
        router.put("/api/v1/free-windows").handler(this::saveWindows);
        router.get("/api/v1/consumables").handler(ctx -> read(ctx, () -> billing.catalogue().stream()
                .map(ItemView::of).toList()));
        router.put("/api/v1/consumables/:id").handler(this::saveItem);
    }

    private static void read(RoutingContext ctx, Callable<?> work) {
        Web.principal(ctx);
        Web.reply(ctx, 200, work);
    }

    record SettingsView(String currency, Long minimumBalanceCents) {
    }

    private SettingsView settingsView() {
        return new SettingsView(billing.currency(), billing.settings().minimumBalanceCents().orElse(null));
    }

    private void settings(RoutingContext ctx) {
        Web.principal(ctx);
        Web.json(ctx, 200, settingsView());
    }

    private void saveSettings(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_BILLING);
        Body body = Body.of(ctx, SETTINGS_FIELDS);
        Optional<Long> minimum = body.whole("minimumBalanceCents", -MAX_CENTS, MAX_CENTS);
        Web.reply(ctx, 200, () -> {
            billing.saveSettings(actor, new TariffStore.Settings(minimum));
            return settingsView();
        });
    }

    record RateView(int blockMinutes, long centsPerBlock) {
    }

    record PriceView(String machineKind, RateView wall, RateView busy, long sessionFeeCents,
                     long minimumBillableMinutes, long dailyCapCents, int vatBasisPoints) {
        static PriceView of(PriceList p) {
            return new PriceView(p.machineKind(), rate(p.wall()), rate(p.busy()), p.sessionFeeCents(),
                    p.minimumBillable().toMinutes(), p.dailyCapCents(), p.vatBasisPoints());
        }

        private static RateView rate(BlockRate rate) {
            return rate == null ? null : new RateView(rate.blockMinutes(), rate.centsPerBlock());
        }
    }

    /** Our price lists or the network's: the same body, the same checks. */
    private void savePrices(RoutingContext ctx, BiFunction<Principal, PriceList, PriceList> save) {
        Principal actor = Web.require(ctx, Permission.MANAGE_BILLING);
        String kind = slug(ctx, "kind");
        Body body = Body.of(ctx, PRICE_FIELDS);
        BlockRate wall = rate(body, "wall");
        BlockRate busy = rate(body, "busy");
        PriceList prices = PriceList.forKind(kind).wall(wall).busy(busy)
                .sessionFeeCents(body.whole("sessionFeeCents", 0, MAX_CENTS).orElse(0L))
                .minimumBillable(Duration.ofMinutes(body.whole("minimumBillableMinutes", 0, 24 * 60).orElse(0L)))
                .dailyCapCents(body.whole("dailyCapCents", 0, MAX_CENTS).orElse(0L)).vatBasisPoints(vat(body)).build();
        Web.reply(ctx, 200, () -> PriceView.of(save.apply(actor, prices)));
    }

    private void removeNetworkPrices(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_BILLING);
        String kind = slug(ctx, "kind");
        Web.reply(ctx, 204, () -> {
            billing.removeNetworkPriceList(actor, kind);
            return null;
        });
    }

    private static BlockRate rate(Body body, String field) {
        return body.object(field, RATE_FIELDS).map(rate -> new BlockRate(
                Math.toIntExact(rate.whole("blockMinutes", 1, 24 * 60).orElseThrow(
                        () -> Problem.badRequest(field + ".blockMinutes", ErrorCode.FIELD_REQUIRED))),
                rate.whole("centsPerBlock", 0, MAX_CENTS).orElseThrow(
                        () -> Problem.badRequest(field + ".centsPerBlock", ErrorCode.FIELD_REQUIRED))))
                .orElse(null);
    }

    private static int vat(Body body) {
        return (int) body.requiredWhole("vatBasisPoints", 0, 10_000);
    }

    record PlanView(String id, String name, long monthlyFeeCents, long includedMinutes, List<String> machineKinds,
                    int vatBasisPoints, boolean active) {
        static PlanView of(TariffStore.PlanRecord r) {
            Plan p = r.plan();
            return new PlanView(r.id(), p.name(), p.monthlyFeeCents(), p.includedMinutes(),
                    p.machineKinds().stream().sorted().toList(), p.vatBasisPoints(), r.active());
        }
    }

    private void savePlan(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_BILLING);
        String id = slug(ctx, "id");
        Body body = Body.of(ctx, PLAN_FIELDS);
        Set<String> kinds = new HashSet<>(body.texts("machineKinds"));
        TariffStore.PlanRecord plan = new TariffStore.PlanRecord(id, new Plan(body.requiredText("name"),
                body.requiredWhole("monthlyFeeCents", 0, MAX_CENTS), body.whole("includedMinutes", 0, 744 * 60)
                .orElse(0L), kinds, vat(body)), body.bool("active").orElse(true));
        Web.reply(ctx, 200, () -> PlanView.of(billing.savePlan(actor, plan)));
    }

    private void assignPlan(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_BILLING);
        String memberId = ctx.pathParam("id");
        Body body = Body.of(ctx, ASSIGN_FIELDS);
        Optional<String> planId = body.text("planId");
        Web.reply(ctx, 204, () -> {
            billing.assignPlan(actor, memberId, planId);
            return null;
        });
    }

    private void saveGroup(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_BILLING);
        String name = ctx.pathParam("name").strip();
        if (name.isEmpty() || name.length() > 64) {
            throw Problem.badRequest("name", ErrorCode.FIELD_TOO_LONG, 64);
        }
        Body body = Body.of(ctx, GROUP_FIELDS);
        MemberGroup group = new MemberGroup(name, (int) body.requiredWhole("discountBasisPoints", 0, 10_000));
        Web.reply(ctx, 200, () -> billing.saveGroup(actor, group));
    }

    record WindowView(String day, String from, String to) {
        static List<WindowView> of(FreeWindows windows) {
            return windows.windows().stream().map(w -> new WindowView(w.day().name().toLowerCase(Locale.ROOT),
                    w.from().toString(), w.to().toString())).toList();
        }
    }

    private void saveWindows(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_BILLING);
        Body body = Body.of(ctx, WINDOWS_FIELDS);
        List<FreeWindows.Window> windows = new ArrayList<>();
        List<Body> items = body.objects("windows", Set.of("day", "from", "to"));
        for (int i = 0; i < items.size(); i++) {
            Body item = items.get(i);
            String field = "windows[" + i + "]";
            DayOfWeek day = item.required("day", BillingRoutes::day);
            LocalTime from = time(item, "from", field);
            LocalTime to = time(item, "to", field);
            try {
                windows.add(new FreeWindows.Window(day, from, to));
            } catch (IllegalArgumentException e) {
                throw Problem.invalid(field, e);
            }
        }
        FreeWindows free = new FreeWindows(windows);
        Web.reply(ctx, 200, () -> WindowView.of(billing.saveFreeWindows(actor, free)));
    }

    private static DayOfWeek day(String text) {
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().equalsIgnoreCase(text)) {
                return day;
            }
        }
        throw new IllegalArgumentException("day must be monday … sunday, was '" + text + "'");
    }

    private static LocalTime time(Body item, String name, String field) {
        String text = item.text(name)
                .orElseThrow(() -> Problem.badRequest(field + "." + name, ErrorCode.FIELD_REQUIRED));
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            throw Problem.badRequest(field + "." + name, ErrorCode.FIELD_FORMAT, "08:30");
        }
    }

    record ItemView(String id, String label, String unit, long unitPriceCents, int vatBasisPoints, boolean active) {
        static ItemView of(TariffStore.ItemRecord r) {
            CatalogueItem i = r.item();
            return new ItemView(i.itemId(), i.label(), i.unit().symbol(), i.unitPriceCents(), i.vatBasisPoints(),
                    r.active());
        }
    }

    private void saveItem(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_BILLING);
        String id = slug(ctx, "id");
        Body body = Body.of(ctx, ITEM_FIELDS);
        CatalogueItem.Unit unit = body.required("unit", BillingRoutes::unit);
        TariffStore.ItemRecord item = new TariffStore.ItemRecord(new CatalogueItem(id, body.requiredText("label"),
                unit, body.requiredWhole("unitPriceCents", 0, MAX_CENTS), vat(body)), body.bool("active").orElse(true));
        Web.reply(ctx, 200, () -> ItemView.of(billing.saveItem(actor, item)));
    }

    private static CatalogueItem.Unit unit(String symbol) {
        for (CatalogueItem.Unit unit : CatalogueItem.Unit.values()) {
            if (unit.symbol().equals(symbol)) {
                return unit;
            }
        }
        throw new IllegalArgumentException("unit must be g, sheet or unit, was '" + symbol + "'");
    }

    private static String slug(RoutingContext ctx, String param) {
        String value = ctx.pathParam(param);
        if (!value.matches(SLUG)) {
            throw Problem.badRequest(param, ErrorCode.FIELD_ID_FORMAT, "laser-cutter");
        }
        return value;
    }
}
