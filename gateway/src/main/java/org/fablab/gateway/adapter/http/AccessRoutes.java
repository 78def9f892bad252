package org.fablab.gateway.adapter.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.fablab.gateway.access.BadgeStatus;
import org.fablab.gateway.access.MachineAvailability;
import org.fablab.gateway.access.Training;
import org.fablab.gateway.access.TrainingCategory;
import org.fablab.gateway.access.TrainingValidity;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.domain.MachineView;
import org.fablab.gateway.domain.NodeMode;
import org.fablab.gateway.domain.auth.Permission;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.service.AccessService;
import org.fablab.protocol.CredentialId;
import org.fablab.protocol.CommandAction;
import org.fablab.protocol.MachineState;
import org.fablab.protocol.Names;

/**
 * Trainings and their trainers, members' certifications and badges, machine availability and node
 * modes. Each handler checks the caller's role; the service checks what depends on data (a trainer's
 * own trainings).
 */
final class AccessRoutes {
    private static final Set<String> TRAINING_FIELDS = Set.of("id", "name", "category", "machineKinds", "validity");
    private static final Set<String> VALIDITY_FIELDS = Set.of("kind", "days", "until");

    private final AccessService access;
    private final ZoneId zone;
    private final Supplier<List<MachineView>> machines;

    /** @param zone the lab's, for "valid until" days; @param machines the live board */
    AccessRoutes(AccessService access, ZoneId zone, Supplier<List<MachineView>> machines) {
        this.access = access;
        this.zone = zone;
        this.machines = machines;
    }

    void mount(Router router) {
        router.get("/api/v1/trainings").handler(this::trainings);
        router.post("/api/v1/trainings").handler(this::createTraining);
        router.patch("/api/v1/trainings/:id").handler(this::updateTraining);
        router.get("/api/v1/trainings/:id/certifications").handler(this::holders);
        router.put("/api/v1/trainings/:id/trainers/:member").handler(this::addTrainer);
        router.delete("/api/v1/trainings/:id/trainers/:member").handler(this::removeTrainer);
        router.get("/api/v1/certifications/expiring").handler(this::expiring);
        router.get("/api/v1/members/:id/certifications").handler(this::memberCertifications);
        router.post("/api/v1/members/:id/certifications").handler(this::grant);
        router.post("/api/v1/members/:id/certifications/:cert/revoke").handler(this::revoke);
        router.get("/api/v1/members/:id/badges").handler(this::badges);
        router.post("/api/v1/members/:id/badges").handler(this::enroll);
        router.patch("/api/v1/members/:id/badges/:badge").handler(this::badgeStatus);
        router.post("/api/v1/machines/:id/availability").handler(this::availability);
        router.get("/api/v1/nodes").handler(this::nodes);
        router.post("/api/v1/nodes/:id/mode").handler(this::mode);
        router.post("/api/v1/nodes/:id/commands").handler(this::command);
        router.get("/api/v1/me/machines").handler(this::myMachines);
    }

    /** Any signed-in account, about itself only: an account that is no member's uses no machine. */
    private void myMachines(RoutingContext ctx) {
        Principal me = Web.principal(ctx);
        Web.reply(ctx, 200, () -> me.memberId() == null ? List.of() : access.standingsOf(me.memberId()));
    }

    private void trainings(RoutingContext ctx) {
        Web.require(ctx, Permission.READ_TRAININGS);
        Web.reply(ctx, 200, access::trainings);
    }

    private void createTraining(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_TRAININGS);
        Body body = Body.of(ctx, TRAINING_FIELDS);
        Training training = training(body.requiredId("id", "laser-safety"), body, Optional.empty());
        Web.reply(ctx, 201, () -> access.createTraining(actor, training));
    }

    private void updateTraining(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_TRAININGS);
        String id = ctx.pathParam("id");
        Body body = Body.of(ctx, TRAINING_FIELDS);
        if (body.has("id") && !body.requiredText("id").equals(id)) {
            throw Problem.badRequest("id", ErrorCode.FIELD_READ_ONLY);
        }
        Web.blocking(ctx, () -> access.trainingDefinition(id)).onSuccess(current ->
                Web.reply(ctx, 200, () -> access.updateTraining(actor, training(id, body, Optional.of(current)))));
    }

    /** A training from a request body; missing fields come from {@code current} when updating. */
    private static Training training(String id, Body body, Optional<Training> current) {
        String name = body.text("name").or(() -> current.map(Training::name))
                .orElseThrow(() -> Problem.badRequest("name", ErrorCode.FIELD_REQUIRED));
        TrainingCategory category = body.has("category") || current.isEmpty()
                ? body.required("category", TrainingCategory::fromWire) : current.get().category();
        Set<String> kinds = body.has("machineKinds") ? new HashSet<>(body.texts("machineKinds"))
                : current.map(Training::machineKinds).orElse(Set.of());
        if (kinds.isEmpty() || !kinds.stream().allMatch(Names::isId)) {
            throw Problem.badRequest("machineKinds", ErrorCode.FIELD_ID_FORMAT, "laser-cutter");
        }
        Optional<Body> given = body.object("validity", VALIDITY_FIELDS);
        if (given.isEmpty() && current.isEmpty()) {
            throw Problem.badRequest("validity", ErrorCode.FIELD_REQUIRED);
        }
        TrainingValidity validity;
        try {
            validity = given.isPresent() ? TrainingValidity.of(given.get().text("kind").orElse(null),
                    given.get().integer("days", 1, 36_500).orElse(null), given.get().date("until").orElse(null))
                    : current.get().validity();
        } catch (IllegalArgumentException e) {
            throw Problem.invalid("validity", e);
        }
        return new Training(id, name, category, kinds, validity);
    }

    private void holders(RoutingContext ctx) {
        Web.require(ctx, Permission.READ_MEMBERS);
        String id = ctx.pathParam("id");
        Web.reply(ctx, 200, () -> access.certifications(Optional.empty(), Optional.of(id)));
    }

    private void addTrainer(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_TRAININGS);
        Web.reply(ctx, 204, () -> {
            access.addTrainer(actor, ctx.pathParam("id"), ctx.pathParam("member"));
            return null;
        });
    }

    private void removeTrainer(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_TRAININGS);
        Web.reply(ctx, 204, () -> {
            access.removeTrainer(actor, ctx.pathParam("id"), ctx.pathParam("member"));
            return null;
        });
    }

    private void expiring(RoutingContext ctx) {
        Web.require(ctx, Permission.READ_MEMBERS);
        String raw = Optional.ofNullable(ctx.queryParams().get("days")).orElse("30");
        int days;
        try {
            days = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            days = -1;
        }
        if (days < 1 || days > 3650) {
            throw Problem.badRequest("days", ErrorCode.FIELD_OUT_OF_RANGE, 1, 3650);
        }
        Duration window = Duration.ofDays(days);
        Web.reply(ctx, 200, () -> access.expiring(window));
    }

    private void memberCertifications(RoutingContext ctx) {
        String member = ctx.pathParam("id");
        MemberRoutes.requireReader(ctx, member);
        Web.reply(ctx, 200, () -> access.certifications(Optional.of(member), Optional.empty()));
    }

    private void grant(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.GRANT_CERTIFICATIONS);
        String member = ctx.pathParam("id");
        Body body = Body.of(ctx, Set.of("trainingId", "validUntil", "reason"));
        String training = body.requiredText("trainingId");
        Optional<Instant> until = body.date("validUntil")
                .map(day -> day.plusDays(1).atStartOfDay(zone).toInstant());
        Optional<String> reason = body.text("reason");
        Web.reply(ctx, 201, () -> access.grant(actor, member, training, until, reason));
    }

    private void revoke(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_CERTIFICATIONS);
        String reason = Body.of(ctx, Set.of("reason")).requiredText("reason");
        Web.reply(ctx, 200, () -> access.revoke(actor, ctx.pathParam("id"), ctx.pathParam("cert"), reason));
    }

    private void badges(RoutingContext ctx) {
        String member = ctx.pathParam("id");
        Principal reader = MemberRoutes.requireReader(ctx, member);
        Web.reply(ctx, 200, () -> access.badges(reader, member));
    }

    private void enroll(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_MEMBERS);
        Body body = Body.of(ctx, Set.of("type", "uid", "label"));
        String type = body.required("type", CredentialId::requireType);
        CredentialId uid = body.required("uid", raw -> CredentialId.of(type, raw));
        Optional<String> label = body.text("label");
        Web.reply(ctx, 201, () -> access.enroll(actor, ctx.pathParam("id"), uid, label));
    }

    private void badgeStatus(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_MEMBERS);
        Body body = Body.of(ctx, Set.of("status", "reason"));
        BadgeStatus status = body.required("status", BadgeStatus::fromWire);
        String reason = body.requiredText("reason");
        Web.reply(ctx, 200, () -> access.setBadgeStatus(actor, ctx.pathParam("id"), ctx.pathParam("badge"), status,
                reason));
    }

    private void availability(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_MACHINES);
        Body body = Body.of(ctx, Set.of("availability", "reason"));
        MachineAvailability availability = body.required("availability", MachineAvailability::fromWire);
        String reason = body.requiredText("reason");
        String machine = ctx.pathParam("id");
        Web.reply(ctx, 200, () -> {
            access.setAvailability(actor, machine, availability, reason);
            return access.cards(machines.get()).stream().filter(card -> card.live().id().equals(machine))
                    .findFirst().orElseThrow();
        });
    }

    private void nodes(RoutingContext ctx) {
        Web.require(ctx, Permission.SET_NODE_MODE);
        Web.reply(ctx, 200, () -> access.nodes(machines.get()));
    }

    private void mode(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.SET_NODE_MODE);
        Body body = Body.of(ctx, Set.of("mode", "memberId", "trainingId"));
        NodeMode.Kind kind = body.required("mode", NodeMode.Kind::fromWire);
        Optional<String> member = body.text("memberId");
        Optional<String> training = body.text("trainingId");
        if (kind == NodeMode.Kind.ENROLL && member.isEmpty()) {
            throw Problem.badRequest("memberId", ErrorCode.FIELD_REQUIRED_FOR, kind.wire());
        }
        if (kind == NodeMode.Kind.TRAIN && training.isEmpty()) {
            throw Problem.badRequest("trainingId", ErrorCode.FIELD_REQUIRED_FOR, kind.wire());
        }
        Web.reply(ctx, 200, () -> access.setMode(actor, ctx.pathParam("id"), kind, member, training));
    }

    private void command(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.SEND_NODE_COMMANDS);
        Body body = Body.of(ctx, Set.of("action", "reason", "state"));
        CommandAction action = body.required("action", CommandAction::fromWire);
        Map<String, String> args = new TreeMap<>();
        body.text("reason").filter(reason -> !reason.isBlank()).ifPresent(reason -> args.put("reason", reason));
        if (action == CommandAction.FORCE_OFF && !args.containsKey("reason")) {
            throw Problem.badRequest("reason", ErrorCode.FIELD_REQUIRED_FOR, action.wire());
        }
        if (action == CommandAction.SET_STATE) {
            MachineState state = body.required("state", MachineState::fromWire);
            if (!AccessService.SETTABLE_STATES.contains(state)) {
                throw Problem.badRequest("state", ErrorCode.FIELD_ONE_OF, AccessService.SETTABLE_STATES.stream()
                        .map(MachineState::wire).sorted().collect(Collectors.joining(", ")));
            }
            args.put("state", state.wire());
        } else if (body.has("state")) {
            throw Problem.badRequest("state", ErrorCode.FIELD_NOT_ALLOWED_FOR, action.wire());
        }
        Web.reply(ctx, 202, () -> access.sendCommand(actor, ctx.pathParam("id"), action, args));
    }
}
