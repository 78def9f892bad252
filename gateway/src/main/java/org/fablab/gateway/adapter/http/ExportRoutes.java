package org.fablab.gateway.adapter.http;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.fablab.gateway.domain.auth.Permission;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.service.ExportService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /exports/charges.csv}, {@code consumables.csv}, {@code journal.csv}, {@code members.csv} with
 * {@code ?from=&to=&layout=}. The CSV is written to a temporary file on the long jobs' own small worker pool,
 * holding a database connection only while it reads; the file is then sent without any worker thread, with
 * back-pressure. A client that stops reading therefore holds neither a worker nor a connection, only its socket, and
 * is cut off after {@link #STALL_MILLIS} without progress. Memory does not grow with the period either way.
 */
final class ExportRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ExportRoutes.class);
    static final long STALL_MILLIS = 120_000;

    private final ExportService exports;
    private final WorkerExecutor pool;

    /** @param pool the long jobs' own workers, so that exports never wait for or hold up the API's */
    ExportRoutes(ExportService exports, WorkerExecutor pool) {
        this.exports = exports;
        this.pool = pool;
    }

    void mount(Router router) {
        for (ExportService.Kind kind : ExportService.Kind.values()) {
            router.get("/api/v1/exports/" + kind.fileName()).handler(ctx -> export(ctx, kind));
        }
    }

    private record Written(Path file, long bytes) {
    }

    private void export(RoutingContext ctx, ExportService.Kind kind) {
        Principal principal = Web.require(ctx, Permission.EXPORT_BILLING);
        ExportService.Request request = ExportService.Request.parse(kind.word(), ctx.queryParams().get("from"),
                ctx.queryParams().get("to"), layoutChoice(ctx));
        String fileName = "%s-%s-%s.csv".formatted(kind.word(), request.from(), request.to());
        download(ctx, pool, fileName, request.layout().encoding(), out -> exports.write(principal.actor(), request, out));
    }

    /**
     * The CSV layout the caller asked for with {@code layout}, {@code separator}, {@code decimal}, {@code dateFormat}
     * and {@code encoding}; the separator is taken as given, a space or tab included.
     */
    static ExportService.LayoutChoice layoutChoice(RoutingContext ctx) {
        return new ExportService.LayoutChoice(Web.query(ctx, "layout"),
                Optional.ofNullable(ctx.queryParams().get("separator")), Web.query(ctx, "decimal"),
                Web.query(ctx, "dateFormat"), Web.query(ctx, "encoding"));
    }

    /** Writes a CSV file. */
    interface Writing {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Has {@code writing} fill a temporary file on {@code pool}, then sends it as the attachment {@code fileName} as
     * described above, and deletes it.
     */
    static void download(RoutingContext ctx, WorkerExecutor pool, String fileName, Charset charset, Writing writing) {
        pool.executeBlocking(() -> write(writing), false)
                .onFailure(ctx::fail)
                .onSuccess(written -> send(ctx, written, fileName, charset));
    }

    private static Written write(Writing writing) throws IOException {
        Path file = Files.createTempFile("fablab-export-", ".csv");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            writing.write(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new Written(file, Files.size(file));
    }

    private static void send(RoutingContext ctx, Written written, String fileName, Charset charset) {
        Vertx vertx = ctx.vertx();
        vertx.fileSystem().open(written.file().toString(), new OpenOptions().setRead(true)).onFailure(e -> {
            delete(vertx, written.file());
            ctx.fail(e);
        }).onSuccess(file -> {
            HttpServerResponse response = ctx.response()
                    .putHeader("Content-Type", "text/csv; charset=" + charset.name().toLowerCase(Locale.ROOT))
                    .putHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                    .putHeader("Content-Length", Long.toString(written.bytes()));
            long watch = watchForStall(vertx, response, fileName);
            file.pipeTo(response).onComplete(done -> {
                vertx.cancelTimer(watch);
                if (done.failed()) {
                    LOG.info("export download ended early [file: {}]: {}", fileName, done.cause().getMessage());
                }
                closeAndDelete(vertx, file, written.file());
            });
        });
    }

    /** Cuts off a client that has taken nothing for a whole period: the status is sent, so only a reset tells it. */
    private static long watchForStall(Vertx vertx, HttpServerResponse response, String fileName) {
        long[] lastSeen = {-1};
        return vertx.setPeriodic(STALL_MILLIS, id -> {
            long written = response.bytesWritten();
            if (written == lastSeen[0]) {
                LOG.warn("export download cut off: the client read nothing for {} s [file: {}]", STALL_MILLIS / 1000,
                        fileName);
                vertx.cancelTimer(id);
                response.reset();
            }
            lastSeen[0] = written;
        });
    }

    private static void closeAndDelete(Vertx vertx, AsyncFile file, Path path) {
        file.close().onComplete(closed -> delete(vertx, path));
    }

    private static void delete(Vertx vertx, Path path) {
        vertx.fileSystem().delete(path.toString()).onFailure(e ->
                LOG.warn("temporary export file left behind [path: {}]: {}", path, e.getMessage()));
    }
}
