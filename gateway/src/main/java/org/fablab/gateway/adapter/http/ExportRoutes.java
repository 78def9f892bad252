package org.fablab.gateway.adapter.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.fablab.gateway.domain.auth.Permission;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.service.ExportService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /exports/charges.csv}, {@code consumables.csv}, {@code journal.csv}, {@code members.csv} with
 * {@code ?from=&to=&layout=}: streamed from a worker thread to the client with back-pressure, never built whole in
 * memory.
 */
final class ExportRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ExportRoutes.class);

    private final ExportService exports;

    ExportRoutes(ExportService exports) {
        this.exports = exports;
    }

    void mount(Router router) {
        for (ExportService.Kind kind : ExportService.Kind.values()) {
            router.get("/api/v1/exports/" + kind.fileName()).handler(ctx -> export(ctx, kind));
        }
    }

    private void export(RoutingContext ctx, ExportService.Kind kind) {
        Principal principal = Web.require(ctx, Permission.EXPORT_BILLING);
        ExportService.Request request;
        try {
            request = ExportService.Request.parse(kind.word(), ctx.queryParams().get("from"),
                    ctx.queryParams().get("to"), Optional.ofNullable(ctx.queryParams().get("layout")));
        } catch (ExportService.BadArgument e) {
            throw Problem.badRequest(e.field(), e.getMessage());
        }
        String fileName = "%s-%s-%s.csv".formatted(kind.word(), request.from(), request.to());
        HttpServerResponse response = ctx.response().setChunked(true)
                .putHeader("Content-Type", "text/csv; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
        ResponseStream out = new ResponseStream(ctx.vertx().getOrCreateContext(), response);
        ctx.vertx().executeBlocking(() -> exports.write(principal.actor(), request, out), false)
                .onSuccess(result -> response.end())
                .onFailure(e -> {
                    if (!out.started()) {
                        response.headers().remove("Content-Disposition");
                        ctx.fail(e);
                        return;
                    }
                    // the status is sent: breaking the connection is the only way to tell the client it is incomplete
                    LOG.warn("export cut off [file: {}, actor: {}]: {}", fileName, principal.actor(), e.getMessage());
                    response.reset();
                });
    }
}
