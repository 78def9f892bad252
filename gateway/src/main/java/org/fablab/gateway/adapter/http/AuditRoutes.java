package org.fablab.gateway.adapter.http;

import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.ZoneId;
import org.fablab.gateway.audit.AuditCsv;
import org.fablab.gateway.billing.CsvLayout;
import org.fablab.gateway.billing.TreasurerCsv;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.domain.auth.Permission;
import org.fablab.gateway.port.AuditLog;
import org.fablab.gateway.service.ExportService;

/**
 * {@code GET /audit} (a page of entries with names, newest first) and {@code GET /audit.csv} (every matching entry),
 * filtered by member, machine, actor, action and an inclusive period of the lab's days.
 */
final class AuditRoutes {
    private final AuditLog audit;
    private final AuditLog csvAudit;
    private final ZoneId zone;
    private final WorkerExecutor pool;

    /**
     * @param csvAudit the log as the CSV reads it, on the long jobs' own connections: however long the CSV takes, the
     *                 pages and the rest of the API keep theirs
     * @param pool     the long jobs' workers, which write the CSV
     */
    AuditRoutes(AuditLog audit, AuditLog csvAudit, ZoneId zone, WorkerExecutor pool) {
        this.audit = audit;
        this.csvAudit = csvAudit;
        this.zone = zone;
        this.pool = pool;
    }

    void mount(Router router) {
        router.get("/api/v1/audit").handler(this::entries);
        router.get("/api/v1/audit.csv").handler(this::csv);
    }

    private void entries(RoutingContext ctx) {
        Web.require(ctx, Permission.READ_AUDIT);
        AuditLog.Filter filter = filter(ctx);
        int limit = HttpApi.limit(ctx);
        int offset = HttpApi.offset(ctx);
        Web.reply(ctx, 200, () -> audit.entries(filter, offset, limit));
    }

    private void csv(RoutingContext ctx) {
        Web.require(ctx, Permission.READ_AUDIT);
        AuditLog.Filter filter = filter(ctx);
        String lang = Web.query(ctx, "lang").orElse("en");
        if (!lang.equals("en") && !lang.equals("fr")) {
            throw Problem.badRequest("lang", ErrorCode.FIELD_ONE_OF, "en, fr");
        }
        CsvLayout layout = ExportService.Request.layout(ExportRoutes.layoutChoice(ctx));
        ExportRoutes.download(ctx, pool, "audit.csv", layout.encoding(), out -> {
            Writer writer = TreasurerCsv.open(out, layout);
            try {
                csvAudit.stream(filter, lines -> {
                    try {
                        return AuditCsv.write(lines, writer, layout, zone, lang);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        });
    }

    private AuditLog.Filter filter(RoutingContext ctx) {
        Web.Days days = Web.days(ctx, zone);
        return new AuditLog.Filter(Web.query(ctx, "member"), Web.query(ctx, "machine"), Web.query(ctx, "actor"),
                Web.query(ctx, "action"), days.from(), days.until());
    }
}
