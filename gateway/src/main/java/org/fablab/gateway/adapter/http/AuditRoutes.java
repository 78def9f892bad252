package org.fablab.gateway.adapter.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.fablab.gateway.domain.auth.Permission;
import org.fablab.gateway.port.AuditLog;

/** {@code GET /audit}, filtered by member, machine or actor. */
final class AuditRoutes {
    private final AuditLog audit;

    AuditRoutes(AuditLog audit) {
        this.audit = audit;
    }

    void mount(Router router) {
        router.get("/api/v1/audit").handler(this::entries);
    }

    private void entries(RoutingContext ctx) {
        Web.require(ctx, Permission.READ_AUDIT);
        AuditLog.Filter filter = new AuditLog.Filter(Web.query(ctx, "member"), Web.query(ctx, "machine"),
                Web.query(ctx, "actor"),
                HttpApi.limit(ctx));
        Web.reply(ctx, 200, () -> audit.entries(filter));
    }
}
