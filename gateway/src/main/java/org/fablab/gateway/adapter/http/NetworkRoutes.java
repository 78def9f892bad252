package org.fablab.gateway.adapter.http;

import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.fablab.gateway.billing.CsvLayout;
import org.fablab.gateway.billing.Journal;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.domain.auth.Permission;
import org.fablab.gateway.domain.auth.Permissions;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.network.Equivalence;
import org.fablab.gateway.network.Partner;
import org.fablab.gateway.network.SettlementDifference;
import org.fablab.gateway.network.VisitCharge;
import org.fablab.gateway.network.VisitPricing;
import org.fablab.gateway.network.VisitorPolicy;
import org.fablab.gateway.port.PartnerStore;
import org.fablab.gateway.service.ExportService;
import org.fablab.gateway.service.NetworkService;
import org.fablab.gateway.service.NetworkSettlements;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.network.SettlementStatement.Statement;

/**
 * The lab's partner labs (docs/network.md): admins add, change and remove them; fabmanagers set which of their
 * trainings count as ours; staff read them with the pass lists held from each. The role is checked before the body
 * is read, so a caller without the right learns nothing from a refusal of its body.
 */
final class NetworkRoutes {
    private final NetworkService network;
    private final NetworkSettlements settlements;
    private final Journal.Accounts accounts;
    private final WorkerExecutor pool;

    /**
     * @param accounts the chart of accounts of the settlement's journal rows
     * @param pool     the long jobs' own workers, which write the CSV files
     */
    NetworkRoutes(NetworkService network, NetworkSettlements settlements, Journal.Accounts accounts,
                  WorkerExecutor pool) {
        this.network = network;
        this.settlements = settlements;
        this.accounts = accounts;
        this.pool = pool;
    }

    void mount(Router router) {
        router.get("/api/v1/network").handler(this::identity);
        router.get("/api/v1/partners").handler(this::partners);
        router.post("/api/v1/partners").handler(this::add);
        router.get("/api/v1/partners/:id").handler(this::partner);
        router.patch("/api/v1/partners/:id").handler(this::change);
        router.delete("/api/v1/partners/:id").handler(this::remove);
        router.get("/api/v1/partners/:id/equivalences").handler(this::equivalences);
        router.put("/api/v1/partners/:id/equivalences").handler(this::setEquivalences);
        router.get("/api/v1/partners/:id/settlements/:month").handler(this::settlement);
        router.get("/api/v1/partners/:id/settlements/:month/statement.csv").handler(ctx -> settlementCsv(ctx,
                "statement", (actor, id, month, layout, out) -> settlements.writeStatement(actor, id, month, layout,
                        out)));
        router.get("/api/v1/partners/:id/settlements/:month/journal.csv").handler(ctx -> settlementCsv(ctx,
                "journal", (actor, id, month, layout, out) -> settlements.writeJournal(actor, id, month, layout,
                        accounts, out)));
        router.get("/api/v1/partners/:id/visits").handler(this::visits);
    }

    /** Writes one of a settlement's CSV files. */
    @FunctionalInterface
    private interface SettlementCsv {
        void write(String actor, String partnerId, YearMonth month, CsvLayout layout, OutputStream out)
                throws IOException;
    }

    private void settlementCsv(RoutingContext ctx, String what, SettlementCsv csv) {
        Principal principal = Web.require(ctx, Permission.EXPORT_BILLING);
        String id = ctx.pathParam("id");
        YearMonth month = Web.month("month", ctx.pathParam("month"));
        CsvLayout layout = ExportService.Request.layout(ExportRoutes.layoutChoice(ctx));
        ExportRoutes.download(ctx, pool, "settlement-%s-%s-%s.csv".formatted(id, month, what), layout.encoding(),
                out -> csv.write(principal.actor(), id, month, layout, out));
    }

    /** Staff who read every session read the visits; only who reads billing sees what they cost. */
    private void visits(RoutingContext ctx) {
        Principal reader = Web.require(ctx, Permission.READ_ALL_SESSIONS);
        String id = ctx.pathParam("id");
        YearMonth month = Web.query(ctx, "month").map(text -> Web.month("month", text))
                .orElseThrow(() -> Problem.badRequest("month", ErrorCode.FIELD_REQUIRED));
        boolean amounts = Permissions.allows(reader.role(), Permission.READ_BILLING);
        Web.reply(ctx, 200, () -> Map.of("visits", settlements.visits(id, month).stream()
                .map(visit -> VisitView.of(visit, amounts)).toList()));
    }

    private void settlement(RoutingContext ctx) {
        Web.require(ctx, Permission.READ_BILLING);
        String id = ctx.pathParam("id");
        YearMonth month = Web.month("month", ctx.pathParam("month"));
        Web.reply(ctx, 200, () -> SettlementView.of(settlements.view(id, month)));
    }

    private void identity(RoutingContext ctx) {
        Web.require(ctx, Permission.READ_TRAININGS);
        Web.reply(ctx, 200, network::identity);
    }

    private void partners(RoutingContext ctx) {
        Web.require(ctx, Permission.READ_TRAININGS);
        Web.reply(ctx, 200, () -> {
            Map<String, PartnerStore.HeldList> held = network.heldLists().stream()
                    .collect(Collectors.toMap(PartnerStore.HeldList::partnerId, Function.identity()));
            return network.partners().stream().map(p -> PartnerView.of(p, held.get(p.id()))).toList();
        });
    }

    private void partner(RoutingContext ctx) {
        Web.require(ctx, Permission.READ_TRAININGS);
        String id = ctx.pathParam("id");
        Web.reply(ctx, 200, () -> PartnerView.of(network.partner(id), network.heldLists().stream()
                .filter(h -> h.partnerId().equals(id)).findFirst().orElse(null)));
    }

    private void add(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_PARTNERS);
        Body body = Body.of(ctx, Set.of("id", "name", "publicKey", "visitors", "freeMinutesPerMonth", "visitorPlans",
                "visitPricing"));
        String id = body.requiredId("id", "fablab-rennes");
        String name = body.requiredText("name");
        String key = body.requiredText("publicKey").strip();
        try {
            Ed25519Keys.publicKey(key);
        } catch (IllegalArgumentException e) {
            throw Problem.invalid("publicKey", e);
        }
        VisitorPolicy visitors = body.optional("visitors", NetworkRoutes::visitors).orElse(VisitorPolicy.ALL);
        long freeMinutes = body.whole("freeMinutesPerMonth", 0, Partner.MAX_FREE_MINUTES).orElse(0L);
        List<String> visitorPlans = body.texts("visitorPlans");
        VisitPricing pricing = body.optional("visitPricing", VisitPricing::fromWire).orElse(VisitPricing.HOST);
        Web.reply(ctx, 201, () -> PartnerView.of(network.add(actor, id, name, key, visitors, freeMinutes,
                visitorPlans, pricing), null));
    }

    private void change(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_PARTNERS);
        Body body = Body.of(ctx, Set.of("visitors", "freeMinutesPerMonth", "visitorPlans", "visitPricing"));
        if (!body.has("visitors") && !body.has("freeMinutesPerMonth") && !body.has("visitorPlans")
                && !body.has("visitPricing")) {
            throw Problem.badRequest("visitors", ErrorCode.FIELD_REQUIRED);
        }
        Optional<VisitorPolicy> visitors = body.optional("visitors", NetworkRoutes::visitors);
        Optional<Long> freeMinutes = body.whole("freeMinutesPerMonth", 0, Partner.MAX_FREE_MINUTES);
        Optional<List<String>> visitorPlans = body.has("visitorPlans") ? Optional.of(body.texts("visitorPlans"))
                : Optional.empty();
        Optional<VisitPricing> pricing = body.optional("visitPricing", VisitPricing::fromWire);
        String id = ctx.pathParam("id");
        Web.reply(ctx, 200, () -> PartnerView.of(network.setTerms(actor, id, visitors, freeMinutes, visitorPlans,
                pricing), null));
    }

    private void remove(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_PARTNERS);
        String id = ctx.pathParam("id");
        Web.reply(ctx, 204, () -> {
            network.remove(actor, id);
            return null;
        });
    }

    private void equivalences(RoutingContext ctx) {
        Web.require(ctx, Permission.READ_TRAININGS);
        String id = ctx.pathParam("id");
        Web.reply(ctx, 200, () -> Map.of("equivalences", network.equivalences(id)));
    }

    private void setEquivalences(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_TRAININGS);
        String id = ctx.pathParam("id");
        Body body = Body.of(ctx, Set.of("equivalences"));
        if (!body.has("equivalences")) {
            throw Problem.badRequest("equivalences", ErrorCode.FIELD_REQUIRED);
        }
        List<Body> items = body.objects("equivalences", Set.of("theirTraining", "ourTraining"));
        List<Equivalence> equivalences = items.stream().map(item -> new Equivalence(
                item.requiredId("theirTraining", "laser-basics"), item.requiredId("ourTraining", "laser-safety")))
                .toList();
        Web.reply(ctx, 200, () -> Map.of("equivalences", network.setEquivalences(actor, id, equivalences)));
    }

    /**
     * A month's settlement with a partner as the API shows it: {@code theirs}, {@code theirHash}, {@code receivedAt},
     * {@code sentAt} and {@code firstDifference} are {@code null} until known.
     */
    record SettlementView(String partner, String month, boolean closed, Statement statement, String hash,
                          Instant sentAt, Statement theirs, String theirHash, Instant receivedAt, boolean agrees,
                          SettlementDifference firstDifference) {
        static SettlementView of(NetworkSettlements.View view) {
            return new SettlementView(view.partnerId(), view.month().toString(), view.closed(), view.ours(),
                    view.hash(), view.sentAt().orElse(null), view.theirs().orElse(null),
                    view.theirHash().orElse(null), view.receivedAt().orElse(null), view.agrees(),
                    view.firstDifference().orElse(null));
        }
    }

    /**
     * A visit as the API shows it: {@code direction} {@code hosted} (the partner's member here) or {@code abroad} (ours
     * there); {@code amountCents} and {@code currency} {@code null} for a reader without billing rights;
     * {@code treatment} {@code null} for a visit here.
     */
    record VisitView(String receiptId, String direction, String memberId, String machineKind, Instant start,
                     Instant end, long wallSeconds, Long amountCents, String currency, VisitCharge.Treatment treatment,
                     boolean acknowledged) {
        static VisitView of(NetworkSettlements.Visit visit, boolean amounts) {
            return new VisitView(visit.receiptId(), visit.hostedHere() ? "hosted" : "abroad", visit.memberId(),
                    visit.machineKind(), visit.start(), visit.end(), visit.wallSeconds(),
                    amounts ? visit.amountCents() : null, amounts ? visit.currency() : null,
                    visit.treatment().orElse(null), visit.acknowledged());
        }
    }

    private static VisitorPolicy visitors(String wire) {
        return VisitorPolicy.fromWire(wire);
    }

    /**
     * A partner as the API shows it.
     *
     * @param passList the pass list held from it, {@code null} before its first
     */
    record PartnerView(String id, String name, String publicKey, String fingerprint, VisitorPolicy visitors,
                       long freeMinutesPerMonth, List<String> visitorPlans, VisitPricing visitPricing,
                       Instant addedAt, PartnerStore.HeldList passList) {
        static PartnerView of(Partner partner, PartnerStore.HeldList held) {
            return new PartnerView(partner.id(), partner.name(), partner.publicKey(), partner.fingerprint(),
                    partner.visitors(), partner.freeMinutesPerMonth(), partner.visitorPlans(), partner.visitPricing(),
                    partner.addedAt(),
                    held);
        }
    }
}
