package org.fablab.gateway.adapter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.fablab.gateway.domain.MachineView;
import org.fablab.gateway.port.EventStore;
import org.fablab.protocol.Json;
import org.fablab.protocol.Names;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API under {@code /api/v1}, the SSE stream, {@code /health} and the dashboard's static files.
 * Handlers never block: database reads run through {@code executeBlocking} on worker threads.
 */
public final class HttpApi extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final long KEEPALIVE_MS = 15_000;
    private static final String JSON = "application/json; charset=utf-8";

    /** A named check shown by /health; {@code up} may block: it runs on a worker thread. */
    public record HealthCheck(String name, BooleanSupplier up) {
    }

    private final String host;
    private final int port;
    private final Supplier<List<MachineView>> machines;
    private final EventStore store;
    private final List<HealthCheck> checks;
    private final Supplier<String> metrics;
    private HttpServer server;

    /** @param metrics renders the Prometheus text exposition; must not block */
    public HttpApi(String host, int port, Supplier<List<MachineView>> machines, EventStore store,
                   List<HealthCheck> checks, Supplier<String> metrics) {
        this.host = host;
        this.port = port;
        this.machines = machines;
        this.store = store;
        this.checks = List.copyOf(checks);
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.route("/api/*").handler(ctx -> {
            ctx.response().putHeader("Cache-Control", "no-store");
            ctx.next();
        });
        router.get("/health").handler(this::health);
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.get()));
        router.get("/api/v1/openapi.json").handler(ctx -> ctx.response()
                .putHeader("Content-Type", JSON).sendFile("api/openapi.json").onFailure(ctx::fail));
        router.get("/api/v1/machines").handler(ctx -> json(ctx, 200, machines.get()));
        router.get("/api/v1/sessions").handler(this::sessions);
        router.get("/api/v1/security-events").handler(this::securityEvents);
        router.get("/api/v1/stream").handler(this::stream);
        router.route("/api/*").handler(ctx -> ctx.fail(new Problem(404, "Not Found",
                "no resource at " + ctx.request().path(), null)));
        router.route("/*").handler(StaticHandler.create("fablab-dashboard").setCachingEnabled(false));
        router.route().failureHandler(this::failure);
        return vertx.createHttpServer().requestHandler(router).listen(port, host).onSuccess(s -> {
            server = s;
            LOG.info("http listening [address: http://{}:{}]", host, s.actualPort());
        });
    }

    /** The bound port; differs from the configured one when that was 0. */
    public int actualPort() {
        return server.actualPort();
    }

    private void health(RoutingContext ctx) {
        vertx.executeBlocking(() -> {
            Map<String, String> results = new java.util.LinkedHashMap<>();
            for (HealthCheck check : checks) {
                results.put(check.name(), check.up().getAsBoolean() ? "UP" : "DOWN");
            }
            return results;
        }, false).onSuccess(results -> {
            boolean up = !results.containsValue("DOWN");
            json(ctx, up ? 200 : 503, Map.of("status", up ? "UP" : "DOWN", "checks", results));
        }).onFailure(ctx::fail);
    }

    private void sessions(RoutingContext ctx) {
        int limit = limit(ctx);
        Optional<String> machine = Optional.ofNullable(ctx.queryParams().get("machine"));
        machine.ifPresent(m -> {
            if (!Names.isId(m)) {
                throw Problem.badRequest("machine", "machine must be a machine id such as laser-1");
            }
        });
        vertx.executeBlocking(() -> store.sessions(machine, limit), false)
                .onSuccess(list -> json(ctx, 200, list)).onFailure(ctx::fail);
    }

    private void securityEvents(RoutingContext ctx) {
        int limit = limit(ctx);
        vertx.executeBlocking(() -> store.securityEvents(limit), false)
                .onSuccess(list -> json(ctx, 200, list)).onFailure(ctx::fail);
    }

    private static int limit(RoutingContext ctx) {
        String raw = ctx.queryParams().get("limit");
        if (raw == null) {
            return 100;
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= 1000) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        throw Problem.badRequest("limit", "limit must be a whole number from 1 to 1000, was '" + raw + "'");
    }

    private void stream(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        response.write("retry: 2000\n: connected\n\n");
        List<MessageConsumer<String>> consumers = new ArrayList<>();
        consumers.add(vertx.eventBus().<String>consumer(LiveUpdates.MACHINE,
                m -> response.write("event: machine\ndata: " + m.body() + "\n\n")));
        consumers.add(vertx.eventBus().<String>consumer(LiveUpdates.SESSION,
                m -> response.write("event: session\ndata: " + m.body() + "\n\n")));
        long timer = vertx.setPeriodic(KEEPALIVE_MS, id -> response.write(": keepalive\n\n"));
        response.closeHandler(v -> {
            vertx.cancelTimer(timer);
            consumers.forEach(MessageConsumer::unregister);
        });
    }

    private void failure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        Problem problem;
        if (failure instanceof Problem p) {
            problem = p;
        } else if (ctx.statusCode() == 404) {
            problem = new Problem(404, "Not Found", "no resource at " + ctx.request().path(), null);
        } else {
            LOG.error("request failed [method: {}, path: {}]", ctx.request().method(), ctx.request().path(), failure);
            problem = new Problem(ctx.statusCode() >= 400 ? ctx.statusCode() : 500, "Internal Server Error",
                    "the gateway could not answer; see its log", null);
        }
        JsonObject body = new JsonObject().put("type", "about:blank").put("title", problem.title())
                .put("status", problem.status()).put("detail", problem.getMessage());
        if (problem.field() != null) {
            body.put("field", problem.field());
        }
        ctx.response().setStatusCode(problem.status())
                .putHeader("Content-Type", "application/problem+json")
                .end(body.encode());
    }

    /** Serialises with the contract's JSON settings (ISO-8601 instants, wire names of enums). */
    public static String toJson(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response values always serialise", e);
        }
    }

    private static void json(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(toJson(body));
    }
}
