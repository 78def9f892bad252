package org.fablab.gateway.adapter.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.Set;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.domain.auth.Permission;
import org.fablab.gateway.domain.auth.Permissions;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.port.MemberStore;
import org.fablab.gateway.service.MemberService;

/** {@code /members}: search, create, read and change members. A maker reads only their own record. */
final class MemberRoutes {
    private static final Set<String> DRAFT_FIELDS = Set.of("name", "email", "group", "validUntil", "territory");
    private static final Set<String> CHANGE_FIELDS = Set.of("name", "email", "group", "validUntil", "active", "reason",
            "territory");
    /** A commune, a postcode or a district: short, so that it groups members rather than describes one. */
    static final int MAX_TERRITORY = 80;

    private final MemberService members;

    MemberRoutes(MemberService members) {
        this.members = members;
    }

    void mount(Router router) {
        router.get("/api/v1/members").handler(this::search);
        router.post("/api/v1/members").handler(this::create);
        router.get("/api/v1/members/:id").handler(this::read);
        router.patch("/api/v1/members/:id").handler(this::update);
        router.put("/api/v1/members/:id/network-visits").handler(this::setNetworkVisits);
    }

    /** 403 unless the caller may read {@code memberId}'s data. */
    static Principal requireReader(RoutingContext ctx, String memberId) {
        Principal principal = Web.principal(ctx);
        if (!Permissions.mayReadMember(principal, memberId)) {
            throw Problem.forbidden(ErrorCode.FORBIDDEN_OTHERS);
        }
        return principal;
    }

    private void search(RoutingContext ctx) {
        Web.require(ctx, Permission.READ_MEMBERS);
        String text = Optional.ofNullable(ctx.queryParams().get("q")).orElse("");
        Optional<Boolean> active = Optional.ofNullable(ctx.queryParams().get("active")).map(value -> switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw Problem.badRequest("active", ErrorCode.FIELD_ONE_OF, "true, false");
        });
        int limit = HttpApi.limit(ctx);
        Web.reply(ctx, 200, () -> members.search(new MemberStore.Search(text, active, limit)));
    }

    private void create(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_MEMBERS);
        Body body = Body.of(ctx, DRAFT_FIELDS);
        MemberStore.Draft draft = new MemberStore.Draft(body.requiredText("name"), email(body).orElseThrow(
                () -> Problem.badRequest("email", ErrorCode.FIELD_REQUIRED)), body.text("group").orElse(null),
                body.date("validUntil").orElse(null), territory(body).orElse(null));
        Web.reply(ctx, 201, () -> members.create(actor, draft));
    }

    private void read(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        requireReader(ctx, id);
        Web.reply(ctx, 200, () -> members.member(id));
    }

    private void update(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_MEMBERS);
        String id = ctx.pathParam("id");
        Body body = Body.of(ctx, CHANGE_FIELDS);
        if (body.has("name") && body.text("name").isEmpty()) {
            throw Problem.badRequest("name", ErrorCode.FIELD_REQUIRED);
        }
        if (body.has("email") && email(body).isEmpty()) {
            throw Problem.badRequest("email", ErrorCode.FIELD_REQUIRED);
        }
        MemberStore.Change change = new MemberStore.Change(body.text("name"), email(body),
                body.has("group") ? Optional.of(body.text("group")) : Optional.empty(),
                body.has("validUntil") ? Optional.of(body.date("validUntil")) : Optional.empty(),
                body.bool("active"), body.has("territory") ? Optional.of(territory(body)) : Optional.empty(),
                Optional.empty());
        Optional<String> reason = body.text("reason");
        Web.reply(ctx, 200, () -> members.update(actor, id, change, reason));
    }

    /**
     * The member's consent to be sent to partner labs as a visitor (docs/network.md): theirs to give or withdraw, or
     * staff's who manage members (a consent given on paper).
     */
    private void setNetworkVisits(RoutingContext ctx) {
        Principal actor = Web.principal(ctx);
        String id = ctx.pathParam("id");
        if (!actor.isMember(id) && !Permissions.allows(actor.role(), Permission.MANAGE_MEMBERS)) {
            throw Problem.forbidden(ErrorCode.FORBIDDEN_OTHERS);
        }
        Body body = Body.of(ctx, Set.of("networkVisits"));
        boolean consent = body.bool("networkVisits")
                .orElseThrow(() -> Problem.badRequest("networkVisits", ErrorCode.FIELD_REQUIRED));
        Web.reply(ctx, 200, () -> members.update(actor, id, MemberStore.Change.networkVisits(consent),
                Optional.empty()));
    }

    /** Trimmed; blank or null clears it. */
    private static Optional<String> territory(Body body) {
        Optional<String> territory = body.text("territory");
        territory.filter(t -> t.length() > MAX_TERRITORY).ifPresent(t -> {
            throw Problem.badRequest("territory", ErrorCode.FIELD_TOO_LONG, MAX_TERRITORY);
        });
        return territory;
    }

    private static Optional<String> email(Body body) {
        Optional<String> email = body.text("email");
        email.filter(e -> !e.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")).ifPresent(e -> {
            throw Problem.badRequest("email", ErrorCode.FIELD_FORMAT, "name@example.org");
        });
        return email;
    }
}
