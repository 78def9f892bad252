package org.fablab.gateway.adapter.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.Set;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.domain.UsageTag;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.service.UsageTagService;

/**
 * {@code PUT /sessions/{nodeId}/{sessionId}/tag} and {@code PUT /consumable-records/{id}/tag} with
 * {@code {"tag": "repair" | "reuse" | null}}: a member tags their own usage, a fabmanager anyone's.
 */
final class UsageTagRoutes {
    private final UsageTagService tags;

    UsageTagRoutes(UsageTagService tags) {
        this.tags = tags;
    }

    void mount(Router router) {
        router.put("/api/v1/sessions/:nodeId/:sessionId/tag").handler(this::tagSession);
        router.put("/api/v1/consumable-records/:id/tag").handler(this::tagRecord);
    }

    private void tagSession(RoutingContext ctx) {
        Principal actor = Web.principal(ctx);
        Optional<UsageTag> tag = tag(ctx);
        String nodeId = ctx.pathParam("nodeId");
        String sessionId = ctx.pathParam("sessionId");
        Web.reply(ctx, 204, () -> {
            tags.tagSession(actor, nodeId, sessionId, tag);
            return null;
        });
    }

    private void tagRecord(RoutingContext ctx) {
        Principal actor = Web.principal(ctx);
        Optional<UsageTag> tag = tag(ctx);
        String id = ctx.pathParam("id");
        Web.reply(ctx, 204, () -> {
            tags.tagConsumableRecord(actor, id, tag);
            return null;
        });
    }

    private static Optional<UsageTag> tag(RoutingContext ctx) {
        Body body = Body.of(ctx, Set.of("tag"));
        if (!body.has("tag")) {
            throw Problem.badRequest("tag", ErrorCode.FIELD_REQUIRED);
        }
        return body.text("tag").map(text -> {
            try {
                return UsageTag.fromWire(text);
            } catch (IllegalArgumentException e) {
                throw Problem.invalid("tag", e);
            }
        });
    }
}
