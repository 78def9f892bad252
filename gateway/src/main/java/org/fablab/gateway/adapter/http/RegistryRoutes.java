package org.fablab.gateway.adapter.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.MachineView;
import org.fablab.gateway.domain.NodeEntry;
import org.fablab.gateway.domain.NodeView;
import org.fablab.gateway.domain.auth.Permission;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.service.AccessService;
import org.fablab.gateway.service.NodeRegistry;
import org.fablab.protocol.OfflinePolicy;

/**
 * The registry of machines and nodes: reading it (fabmanagers and admins) and changing it (admins). The live board
 * stays at {@code GET /api/v1/machines} and the nodes' live view at {@code GET /api/v1/nodes}.
 */
final class RegistryRoutes {
    private final NodeRegistry registry;
    private final AccessService access;
    private final Supplier<List<MachineView>> board;

    RegistryRoutes(NodeRegistry registry, AccessService access, Supplier<List<MachineView>> board) {
        this.registry = registry;
        this.access = access;
        this.board = board;
    }

    void mount(Router router) {
        router.get("/api/v1/registry/machines").handler(this::machines);
        router.post("/api/v1/machines").handler(this::createMachine);
        router.patch("/api/v1/machines/:id").handler(this::updateMachine);
        router.post("/api/v1/machines/:id/retire").handler(this::retireMachine);
        router.get("/api/v1/registry/nodes").handler(this::nodes);
        router.post("/api/v1/nodes").handler(this::createNode);
        router.patch("/api/v1/nodes/:id").handler(this::updateNode);
        router.post("/api/v1/nodes/:id/retire").handler(this::retireNode);
        router.get("/api/v1/nodes/:id/keys").handler(this::keys);
    }

    private void machines(RoutingContext ctx) {
        Web.require(ctx, Permission.READ_REGISTRY);
        Web.reply(ctx, 200, registry::machines);
    }

    private void createMachine(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_REGISTRY);
        Body body = Body.of(ctx, Set.of("id", "name", "kind"));
        MachineRecord machine = new MachineRecord(body.requiredId("id", "laser-1"), body.requiredText("name"),
                kind(body).orElseThrow(() -> Problem.badRequest("kind", ErrorCode.FIELD_REQUIRED)));
        Web.reply(ctx, 201, () -> registry.createMachine(actor, machine));
    }

    private void updateMachine(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_REGISTRY);
        Body body = Body.of(ctx, Set.of("name", "kind"));
        NodeRegistry.MachineChange change = new NodeRegistry.MachineChange(body.text("name"), kind(body));
        if (change.name().isEmpty() && change.kind().isEmpty()) {
            throw Problem.badRequest(null, ErrorCode.NOTHING_TO_CHANGE, "name, kind");
        }
        Web.reply(ctx, 200, () -> registry.updateMachine(actor, ctx.pathParam("id"), change));
    }

    private void retireMachine(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_REGISTRY);
        Optional<String> reason = Body.of(ctx, Set.of("reason")).text("reason");
        Web.reply(ctx, 200, () -> registry.retireMachine(actor, ctx.pathParam("id"), reason));
    }

    private void nodes(RoutingContext ctx) {
        Web.require(ctx, Permission.READ_REGISTRY);
        Web.reply(ctx, 200, () -> {
            Map<String, NodeView> live = access.nodes(board.get()).stream()
                    .collect(Collectors.toMap(view -> view.mode().nodeId(), Function.identity()));
            return registry.nodes().stream().map(node -> NodeEntry.of(node, registry.sighting(node.id()).orElse(null),
                    live.get(node.id()))).toList();
        });
    }

    private void createNode(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_REGISTRY);
        Body body = Body.of(ctx, Set.of("id", "machineId", "offlinePolicy", "maxStaleness"));
        String id = body.requiredId("id", "laser-1");
        String machine = body.requiredId("machineId", "laser-1");
        OfflinePolicy policy = policy(body).orElse(NodeRegistry.DEFAULT_POLICY);
        Duration staleness = staleness(body).orElse(NodeRegistry.DEFAULT_MAX_STALENESS);
        Web.reply(ctx, 201, () -> registry.createNode(actor, id, machine, policy, staleness));
    }

    private void updateNode(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_REGISTRY);
        Body body = Body.of(ctx, Set.of("machineId", "offlinePolicy", "maxStaleness"));
        NodeRegistry.NodeChange change = new NodeRegistry.NodeChange(
                body.has("machineId") ? Optional.of(body.requiredId("machineId", "laser-1")) : Optional.empty(),
                policy(body), staleness(body));
        if (change.machineId().isEmpty() && change.offlinePolicy().isEmpty() && change.maxStaleness().isEmpty()) {
            throw Problem.badRequest(null, ErrorCode.NOTHING_TO_CHANGE, "machineId, offlinePolicy, maxStaleness");
        }
        Web.reply(ctx, 200, () -> registry.updateNode(actor, ctx.pathParam("id"), change));
    }

    private void retireNode(RoutingContext ctx) {
        Principal actor = Web.require(ctx, Permission.MANAGE_REGISTRY);
        Optional<String> reason = Body.of(ctx, Set.of("reason")).text("reason");
        Web.reply(ctx, 200, () -> registry.retireNode(actor, ctx.pathParam("id"), reason));
    }

    private void keys(RoutingContext ctx) {
        Web.require(ctx, Permission.READ_REGISTRY);
        Web.reply(ctx, 200, () -> registry.keys(ctx.pathParam("id")));
    }

    private static Optional<String> kind(Body body) {
        return body.has("kind") ? Optional.of(body.requiredId("kind", "laser-1")) : Optional.empty();
    }

    private static Optional<OfflinePolicy> policy(Body body) {
        return body.has("offlinePolicy") ? Optional.of(body.required("offlinePolicy", OfflinePolicy::fromWire))
                : Optional.empty();
    }

    private static Optional<Duration> staleness(Body body) {
        return body.text("maxStaleness").map(text -> {
            Duration duration;
            try {
                duration = Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw Problem.badRequest("maxStaleness", ErrorCode.FIELD_FORMAT, "PT15M");
            }
            if (duration.isNegative() || duration.isZero() || duration.compareTo(NodeRegistry.MAX_STALENESS_LIMIT) > 0) {
                throw Problem.badRequest("maxStaleness", ErrorCode.DURATION_OUT_OF_RANGE,
                        NodeRegistry.MAX_STALENESS_LIMIT.toDays());
            }
            return duration;
        });
    }
}
