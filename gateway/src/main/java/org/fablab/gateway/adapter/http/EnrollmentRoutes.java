package org.fablab.gateway.adapter.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fablab.gateway.adapter.qr.QrSvg;
import org.fablab.gateway.domain.BadArgument;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.domain.auth.Permission;
import org.fablab.gateway.service.EnrollmentService;
import org.fablab.protocol.Names;

/**
 * Enrollments (admin), their redemption by a node ({@code POST /enroll}: no login, the one-time token is the
 * credential) and key rotation ({@code POST /nodes/{id}/key}: no login, signed by the node's current key). Mounted
 * before the login requirement; the admin routes check it themselves.
 */
final class EnrollmentRoutes {
    private static final Set<String> CREATE = Set.of("nodeId", "machineId", "ttlMinutes");
    private static final Set<String> REDEEM = Set.of("token", "publicKey", "softwareVersion");
    private static final Set<String> ROTATE = Set.of("publicKey", "ts", "signature");

    private final EnrollmentService enrollments;

    EnrollmentRoutes(EnrollmentService enrollments) {
        this.enrollments = enrollments;
    }

    void mount(Router router) {
        router.post("/api/v1/enrollments").handler(this::create);
        router.get("/api/v1/enrollments").handler(this::open);
        router.post("/api/v1/enroll").handler(this::redeem);
        router.post("/api/v1/nodes/:id/key").handler(this::rotate);
    }

    private void create(RoutingContext ctx) {
        String actor = Web.require(ctx, Permission.MANAGE_REGISTRY).actor();
        Body body = Body.of(ctx, CREATE);
        String nodeId = body.required("nodeId", id -> Names.requireId("nodeId", id));
        String machineId = body.required("machineId", id -> Names.requireId("machineId", id));
        Duration ttl = Duration.ofMinutes(body.integer("ttlMinutes", 1, (int) EnrollmentService.MAX_TTL.toMinutes())
                .orElse((int) EnrollmentService.DEFAULT_TTL.toMinutes()));
        Web.reply(ctx, 201, () -> {
            EnrollmentService.Created created = enrollments.create(actor, nodeId, machineId, Optional.of(ttl));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("nodeId", created.nodeId());
            answer.put("machineId", created.machineId());
            answer.put("token", created.token());
            answer.put("expiresAt", created.expiresAt());
            answer.put("qrSvg", QrSvg.of(created.token()));
            return answer;
        });
    }

    private void open(RoutingContext ctx) {
        Web.require(ctx, Permission.MANAGE_REGISTRY);
        Web.reply(ctx, 200, enrollments::open);
    }

    private void redeem(RoutingContext ctx) {
        Body body = Body.of(ctx, REDEEM);
        String token = body.requiredText("token");
        String publicKey = body.requiredText("publicKey");
        String version = body.text("softwareVersion").orElse("unknown");
        String client = Web.client(ctx);
        Web.blocking(ctx, () -> enrollments.redeem(token, publicKey, version, client)).onSuccess(outcome -> {
            if (outcome instanceof EnrollmentService.Redemption.Enrolled enrolled) {
                Web.json(ctx, 200, enrolled.grant());
            } else if (outcome instanceof EnrollmentService.Redemption.Refused refused) {
                ctx.fail(new Problem(401, "Unauthorized", refused.detail(), "token",
                        ErrorCode.ENROLLMENT_REFUSED.with()));
            } else if (outcome instanceof EnrollmentService.Redemption.Throttled throttled) {
                tooMany(ctx, throttled.retryAfter());
            }
        });
    }

    private void rotate(RoutingContext ctx) {
        String nodeId = ctx.pathParam("id");
        if (!Names.isId(nodeId)) {
            throw Problem.badRequest("id", ErrorCode.FIELD_ID_FORMAT, "laser-1");
        }
        Body body = Body.of(ctx, ROTATE);
        String publicKey = body.requiredText("publicKey");
        String signature = body.requiredText("signature");
        Instant ts = body.required("ts", text -> {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new BadArgument("ts", ErrorCode.FIELD_FORMAT, "2026-12-03T10:00:00Z");
            }
        });
        String client = Web.client(ctx);
        Web.blocking(ctx, () -> enrollments.rotate(nodeId, publicKey, ts, signature, client)).onSuccess(outcome -> {
            if (outcome instanceof EnrollmentService.Rotation.Rotated rotated) {
                Web.json(ctx, 200, Map.of("nodeId", nodeId, "fingerprint", rotated.fingerprint()));
            } else if (outcome instanceof EnrollmentService.Rotation.Refused refused) {
                ctx.fail(new Problem(401, "Unauthorized", refused.detail(), "signature",
                        ErrorCode.ENROLLMENT_REFUSED.with()));
            } else if (outcome instanceof EnrollmentService.Rotation.Throttled throttled) {
                tooMany(ctx, throttled.retryAfter());
            }
        });
    }

    private static void tooMany(RoutingContext ctx, Duration wait) {
        long seconds = Math.max(1, wait.toSeconds());
        ctx.response().putHeader("Retry-After", Long.toString(seconds));
        ctx.fail(Problem.tooManyRequests(ErrorCode.ENROLLMENT_TOO_MANY, seconds));
    }
}
