package org.fablab.gateway.adapter.http;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.util.Locale;
import org.fablab.gateway.domain.auth.Permission;
import org.fablab.gateway.report.ImpactReport;
import org.fablab.gateway.report.ReportCsv;
import org.fablab.gateway.report.ReportLabels;
import org.fablab.gateway.report.ReportPdf;
import org.fablab.gateway.report.ReportPeriod;
import org.fablab.gateway.service.ReportService;

/**
 * {@code GET /reports/impact} (JSON), {@code /reports/impact.csv} and {@code /reports/impact.pdf} with
 * {@code ?from=&to=} (docs/impact.md). The figures are SQL aggregates computed, and the files written, on the long
 * jobs' workers; the report is small, so it is answered from memory.
 */
final class ReportRoutes {
    private final ReportService reports;
    private final WorkerExecutor pool;

    /** @param pool the long jobs' own workers, so that a report never waits for or holds up the API's */
    ReportRoutes(ReportService reports, WorkerExecutor pool) {
        this.reports = reports;
        this.pool = pool;
    }

    void mount(Router router) {
        router.get("/api/v1/reports/impact").handler(this::json);
        router.get("/api/v1/reports/impact.csv").handler(this::csv);
        router.get("/api/v1/reports/impact.pdf").handler(this::pdf);
    }

    private void json(RoutingContext ctx) {
        Web.require(ctx, Permission.READ_REPORTS);
        ReportPeriod period = period(ctx);
        pool.executeBlocking(() -> HttpApi.toJson(reports.report(period)), false).onFailure(ctx::fail)
                .onSuccess(json -> ctx.response().putHeader("Content-Type", Web.JSON).end(json));
    }

    private void csv(RoutingContext ctx) {
        Web.require(ctx, Permission.READ_REPORTS);
        ReportPeriod period = period(ctx);
        ReportCsv.Options options = ReportCsv.Options.parse(Web.query(ctx, "lang"), Web.query(ctx, "encoding"));
        String fileName = "impact-%s-%s-%s.csv".formatted(period.from(), period.to(),
                options.locale().getLanguage());
        pool.executeBlocking(() -> {
            ImpactReport report = reports.report(period);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ReportCsv.write(report, options, reports.currency(), out);
            return Buffer.buffer(out.toByteArray());
        }, false).onFailure(ctx::fail).onSuccess(csv -> ctx.response()
                .putHeader("Content-Type", "text/csv; charset=" + options.layout().encoding().name()
                        .toLowerCase(Locale.ROOT))
                .putHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                .end(csv));
    }

    /** The report as an A4 PDF with its charts, in {@code lang} en (default) or fr, money in the lab's currency. */
    private void pdf(RoutingContext ctx) {
        Web.require(ctx, Permission.READ_REPORTS);
        ReportPeriod period = period(ctx);
        Locale locale = ReportLabels.language(Web.query(ctx, "lang"));
        String fileName = "impact-%s-%s.pdf".formatted(period.from(), period.to());
        pool.executeBlocking(() -> Buffer.buffer(ReportPdf.render(reports.report(period), locale, reports.currency())),
                false).onFailure(ctx::fail).onSuccess(pdf -> ctx.response()
                .putHeader("Content-Type", "application/pdf")
                .putHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                .end(pdf));
    }

    private static ReportPeriod period(RoutingContext ctx) {
        return ReportService.period(ctx.queryParams().get("from"), ctx.queryParams().get("to"));
    }
}
