package org.fablab.gateway.adapter.http;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.fablab.gateway.billing.ChargeKey;
import org.fablab.gateway.billing.SessionCost;
import org.fablab.gateway.domain.BadArgument;
import org.fablab.gateway.domain.BoardRedaction;
import org.fablab.gateway.domain.ErrorCode;
import org.fablab.gateway.domain.MachineView;
import org.fablab.gateway.domain.SessionRecord;
import org.fablab.gateway.domain.auth.Permission;
import org.fablab.gateway.domain.auth.Permissions;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.port.AuditLog;
import org.fablab.gateway.port.Conflict;
import org.fablab.gateway.port.EventStore;
import org.fablab.gateway.port.NotFound;
import org.fablab.gateway.service.AccessService;
import org.fablab.gateway.service.AccountService;
import org.fablab.gateway.service.AuthService;
import org.fablab.gateway.service.BillingServices;
import org.fablab.gateway.service.EnrollmentService;
import org.fablab.gateway.service.ExportService;
import org.fablab.gateway.service.LedgerAudit;
import org.fablab.gateway.service.MemberService;
import org.fablab.gateway.service.NetworkService;
import org.fablab.gateway.service.NetworkSettlements;
import org.fablab.gateway.service.NodeRegistry;
import org.fablab.gateway.service.NotAllowed;
import org.fablab.gateway.service.ReportService;
import org.fablab.gateway.service.UsageTagService;
import org.fablab.protocol.Json;
import org.fablab.protocol.Names;
import org.fablab.protocol.Rejection;
import org.fablab.protocol.WireNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API under {@code /api/v1}, the SSE stream, {@code /health} and the dashboard's static files.
 * Handlers never block: database reads run through {@code executeBlocking} on worker threads.
 */
public final class HttpApi extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final long KEEPALIVE_MS = 15_000;
    /** Bytes of live events that may wait for one slow stream client before it is disconnected. */
    private static final int STREAM_QUEUE_BYTES = 64 * 1024;
    /**
     * How often a stream that carries every session looks its caller's login up again; the stream is ended at the
     * first look-up that no longer finds a login allowed to read every session.
     */
    static final Duration STREAM_RECHECK = Duration.ofSeconds(5);

    /** A named check shown by /health; {@code up} may block: it runs on a worker thread. */
    public record HealthCheck(String name, BooleanSupplier up) {
    }

    /**
     * The services behind the API.
     *
     * @param machines the live board; must not block
     * @param ledgerCheck the whole-ledger verification, reading on the long jobs' own connections
     * @param auditCsv the audit log as its CSV download reads it: on the long jobs' own connections
     * @param metrics  renders the Prometheus text exposition; must not block
     * @param board    what the board and stream show to clients that may not read every session
     * @param enrollments node enrollment and key rotation (docs/enrollment.md)
     * @param registry the machines and nodes an admin manages
     * @param reports  the impact report (docs/impact.md)
     * @param tags     repair and reuse tags on sessions and consumable records
     * @param accounts invitations, password resets and account changes (docs/accounts.md)
     */
    public record Services(Supplier<List<MachineView>> machines, EventStore store, AuthService auth,
                           MemberService members, AccessService access, BillingServices billing,
                           LedgerAudit ledgerCheck, ZoneId zone, AuditLog audit, AuditLog auditCsv,
                           List<HealthCheck> checks, Supplier<String> metrics, ExportService exports,
                           BoardRedaction board, EnrollmentService enrollments, NodeRegistry registry,
                           ReportService reports, UsageTagService tags,
                           AccountService accounts, NetworkService network, NetworkSettlements settlements) {
        public Services {
            checks = List.copyOf(checks);
        }
    }

    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int MAX_OFFSET = 1_000_000;
    /**
     * All an account without {@link Permission#USE_LAB} (a board account) may call beyond what anyone may read: its
     * own sign-in and the impact report. Routes check permissions one by one, and some serve any signed-in caller
     * (prices, plans...); a board member reads only aggregates, so every other API path is refused to them here,
     * whatever is added later.
     */
    private static final Set<String> BOARD_OPERATIONS = Set.of("GET /api/v1/me", "POST /api/v1/me/password",
            "POST /api/v1/logout", "GET /api/v1/reports/impact", "GET /api/v1/reports/impact.csv",
            "GET /api/v1/reports/impact.pdf", "GET /api/v1/openapi.json", "GET /api/v1/machines", "GET /api/v1/stream");
    /**
     * Long jobs (exports, reports, the audit CSV, a whole-ledger verification) at once; more wait in line, never on
     * the API's workers. The gateway gives them as many connections of their own.
     */
    public static final int LONG_JOB_WORKERS = 2;
    /** Password hashings at once (Argon2id is slow on purpose); more logins wait in line, not the API. */
    static final int LOGIN_WORKERS = 2;
    /** Mails sent at once; a slow mail server keeps only these threads waiting. */
    static final int MAIL_WORKERS = 2;

    private final String host;
    private final int port;
    private final Optional<KeyCertOptions> tls;
    private final TrustedProxies proxies;
    private final Services services;
    private HttpServer server;
    private Router router;

    /**
     * @param tls     the server's certificate and key: HTTPS only when given
     * @param proxies the balancers whose forwarded headers name the client
     */
    public HttpApi(String host, int port, Optional<KeyCertOptions> tls, TrustedProxies proxies, Services services) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.proxies = proxies;
        this.services = services;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.route().handler(this::identifyClient);
        router.route().handler(SecurityHeaders::add);
        router.route("/api/*").handler(ctx -> {
            ctx.response().putHeader("Cache-Control", "no-store");
            ctx.next();
        });
        router.get("/health").handler(this::health);
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(services.metrics().get()));
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        WorkerExecutor hashing = vertx.createSharedWorkerExecutor("fablab-logins", LOGIN_WORKERS);
        AuthRoutes authRoutes = new AuthRoutes(services.auth(), hashing);
        AccountRoutes accountRoutes = new AccountRoutes(services.accounts(), hashing,
                vertx.createSharedWorkerExecutor("fablab-mail", MAIL_WORKERS));
        authRoutes.mountLogin(router);
        router.route("/api/*").handler(new Authenticator(services.auth())::identify);
        router.route("/api/*").handler(HttpApi::boardReadsOnlyReports);
        // the board is public-readable, like a status screen on the lab's wall, but names and sessions in
        // full only for those who may read every session
        router.get("/api/v1/openapi.json").handler(ctx -> ctx.response()
                .putHeader("Content-Type", Web.JSON).sendFile("api/openapi.json").onFailure(ctx::fail));
        router.get("/api/v1/machines").handler(ctx -> {
            List<MachineView> board = services.machines().get();
            List<MachineView> shown = readsAllSessions(ctx) ? board : services.board().publicView(board);
            Web.reply(ctx, 200, () -> services.access().cards(shown));
        });
        router.get("/api/v1/stream").handler(this::stream);
        authRoutes.mount(router);
        accountRoutes.mountPublic(router);
        accountRoutes.mount(router);
        new EnrollmentRoutes(services.enrollments()).mount(router);
        router.route("/api/*").handler(Authenticator::requireLogin);
        router.get("/api/v1/sessions").handler(this::sessions);
        router.get("/api/v1/security-events").handler(this::securityEvents);
        router.get("/api/v1/security-events/counts").handler(this::refusalTotals);
        new MemberRoutes(services.members()).mount(router);
        WorkerExecutor longJobs = vertx.createSharedWorkerExecutor("fablab-long-jobs", LONG_JOB_WORKERS);
        new AuditRoutes(services.audit(), services.auditCsv(), services.zone(), longJobs).mount(router);
        new BillingRoutes(services.billing().tariffs()).mount(router);
        new LedgerRoutes(services.billing(), services.ledgerCheck(), services.members(), services.store(), longJobs)
                .mount(router);
        new ExportRoutes(services.exports(), longJobs).mount(router);
        new AccessRoutes(services.access(), services.zone(), services.machines()).mount(router);
        new RegistryRoutes(services.registry(), services.access(), services.machines()).mount(router);
        new ReportRoutes(services.reports(), longJobs).mount(router);
        new UsageTagRoutes(services.tags()).mount(router);
        new NetworkRoutes(services.network(), services.settlements(), services.exports().accounts(), longJobs)
                .mount(router);
        router.route("/api/*").handler(ctx -> ctx.fail(new Problem(404, "Not Found", null,
                ErrorCode.ROUTE_NOT_FOUND.with(ctx.request().path()))));
        router.route("/*").handler(StaticHandler.create("fablab-dashboard").setCachingEnabled(false));
        router.route().failureHandler(this::failure);
        this.router = router;
        HttpServerOptions options = new HttpServerOptions();
        tls.ifPresent(keyCert -> options.setSsl(true).setKeyCertOptions(keyCert));
        return vertx.createHttpServer(options).requestHandler(router).listen(port, host).onSuccess(s -> {
            server = s;
            LOG.info("http listening [address: {}://{}:{}]", tls.isPresent() ? "https" : "http", host, s.actualPort());
        });
    }

    /** Every API operation served, as {@code "METHOD /path"} with {@code {}} for path parameters. */
    public List<String> operations() {
        List<String> operations = new ArrayList<>();
        for (io.vertx.ext.web.Route route : router.getRoutes()) {
            if (route.getPath() == null || !route.getPath().startsWith("/api/v1/") || route.methods() == null) {
                continue;
            }
            route.methods().forEach(method -> operations.add(method.name() + " "
                    + route.getPath().replaceAll(":[A-Za-z]+", "{}")));
        }
        return operations;
    }

    /** The bound port; differs from the configured one when that was 0. */
    public int actualPort() {
        return server.actualPort();
    }

    /** Names the client once per request, for every throttle, audit entry and log line that names it. */
    private void identifyClient(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String peer = request.remoteAddress() == null || request.remoteAddress().host() == null ? "unknown"
                : request.remoteAddress().host();
        ctx.put(Web.CLIENT, proxies.client(peer, request.headers().getAll("X-Forwarded-For")));
        List<String> proto = request.headers().getAll("X-Forwarded-Proto");
        ctx.put(Web.HTTPS, proxies.https(peer, request.isSSL(), proto.isEmpty() ? null : String.join(",", proto)));
        ctx.next();
    }

    private static void boardReadsOnlyReports(RoutingContext ctx) {
        Principal principal = ctx.get(Web.PRINCIPAL);
        if (principal != null && !Permissions.allows(principal.role(), Permission.USE_LAB)
                && !BOARD_OPERATIONS.contains(ctx.request().method().name() + " " + ctx.normalizedPath())) {
            ctx.fail(Problem.forbidden(ErrorCode.FORBIDDEN_BOARD));
            return;
        }
        ctx.next();
    }

    private void health(RoutingContext ctx) {
        vertx.executeBlocking(() -> {
            Map<String, String> results = new LinkedHashMap<>();
            for (HealthCheck check : services.checks()) {
                results.put(check.name(), check.up().getAsBoolean() ? "UP" : "DOWN");
            }
            return results;
        }, false).onSuccess(results -> {
            boolean up = !results.containsValue("DOWN");
            Web.json(ctx, up ? 200 : 503, Map.of("status", up ? "UP" : "DOWN", "checks", results));
        }).onFailure(ctx::fail);
    }

    private void sessions(RoutingContext ctx) {
        Principal principal = Web.principal(ctx);
        int limit = limit(ctx);
        Optional<String> machine = Optional.ofNullable(ctx.queryParams().get("machine"));
        machine.ifPresent(m -> {
            if (!Names.isId(m)) {
                throw Problem.badRequest("machine", ErrorCode.FIELD_ID_FORMAT, "laser-1");
            }
        });
        Optional<String> member = Optional.ofNullable(ctx.queryParams().get("member"));
        if (!Permissions.allows(principal.role(), Permission.READ_ALL_SESSIONS)) {
            if (member.isPresent() && !principal.isMember(member.get())) {
                throw Problem.forbidden(ErrorCode.FORBIDDEN_OTHERS);
            }
            member = Optional.of(principal.member().orElse(""));
        }
        Optional<String> onlyMember = member;
        Web.reply(ctx, 200, () -> withCosts(principal, services.store().sessions(machine, onlyMember, limit)));
    }

    /**
     * A session as listed, with what it cost when the caller may read its member's billing (their own, or anyone's
     * for readers of billing); null otherwise, and for a session of no known member.
     */
    record SessionView(@JsonUnwrapped SessionRecord session, CostView cost) {
    }

    /** {@code state} charged, free or pending; {@code amountCents} the net charged, 0 unless charged. */
    record CostView(String state, long amountCents, String currency) {
    }

    /** The sessions with their costs, read in one query for all of them. */
    private List<SessionView> withCosts(Principal principal, List<SessionRecord> sessions) {
        Map<SessionRecord, String> billable = new LinkedHashMap<>();
        for (SessionRecord s : sessions) {
            if (s.memberId() != null && Permissions.mayReadBilling(principal, s.memberId())) {
                billable.put(s, ChargeKey.session(s.node(), s.id()));
            }
        }
        Map<String, SessionCost> costs = services.billing().ledger().sessionCosts(billable.values());
        String currency = services.billing().tariffs().currency();
        return sessions.stream().map(s -> {
            SessionCost cost = billable.containsKey(s) ? costs.get(billable.get(s)) : null;
            return new SessionView(s, cost == null ? null
                    : new CostView(cost.state().wire(), cost.amountCents(), currency));
        }).toList();
    }

    /** A page of the refused messages kept in full, newest first, by node, reason and the lab's days. */
    private void securityEvents(RoutingContext ctx) {
        Web.require(ctx, Permission.READ_SECURITY_EVENTS);
        Optional<Rejection> reason = Web.query(ctx, "reason").map(wire -> {
            try {
                return WireNames.parse(Rejection.class, "reason", wire);
            } catch (IllegalArgumentException e) {
                throw Problem.invalid("reason", e);
            }
        });
        Web.Days days = Web.days(ctx, services.zone());
        EventStore.SecurityFilter filter = new EventStore.SecurityFilter(Web.query(ctx, "node"), reason, days.from(),
                days.until());
        int limit = limit(ctx);
        int offset = offset(ctx);
        Web.reply(ctx, 200, () -> services.store().securityEvents(filter, offset, limit));
    }

    /** Refusals per node and reason, all of them (also those not kept in full), since {@code since} if given. */
    private void refusalTotals(RoutingContext ctx) {
        Web.require(ctx, Permission.READ_SECURITY_EVENTS);
        Instant since = Web.query(ctx, "since").map(text -> {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw Problem.badRequest("since", ErrorCode.FIELD_FORMAT, "2026-11-23T10:00:00Z");
            }
        }).orElse(Instant.EPOCH);
        Web.reply(ctx, 200, () -> services.store().refusalTotals(since));
    }

    static int limit(RoutingContext ctx) {
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
        throw Problem.badRequest("limit", ErrorCode.FIELD_OUT_OF_RANGE, 1, 1000);
    }

    /** The {@code offset} query parameter of a paged list, 0 when absent. */
    static int offset(RoutingContext ctx) {
        String raw = Web.query(ctx, "offset").orElse("0");
        try {
            int offset = Integer.parseInt(raw);
            if (offset >= 0 && offset <= MAX_OFFSET) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        throw Problem.badRequest("offset", ErrorCode.FIELD_OUT_OF_RANGE, 0, MAX_OFFSET);
    }

    /** Whether the caller may see the board in full: names, member and session ids, times and meters. */
    private static boolean readsAllSessions(RoutingContext ctx) {
        Principal principal = ctx.get(Web.PRINCIPAL);
        return principal != null && Permissions.allows(principal.role(), Permission.READ_ALL_SESSIONS);
    }

    /**
     * The live stream. Clients that may read every session get every card and session in full; the others
     * (anonymous, makers, trainers) get the public cards and no sessions. A client that does not keep up
     * is disconnected once {@link #STREAM_QUEUE_BYTES} wait for it, rather than buffered without bound; the
     * dashboard reconnects and fetches a fresh snapshot. A full stream looks its login up again every
     * {@link #STREAM_RECHECK} and ends when the login has ended or lost the right to read every session (or the
     * look-up fails): the client's reconnection then gets what its credential allows now.
     */
    private void stream(RoutingContext ctx) {
        boolean full = readsAllSessions(ctx);
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .setWriteQueueMaxSize(STREAM_QUEUE_BYTES)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        response.write("retry: 2000\n: connected\n\n");
        List<MessageConsumer<String>> consumers = new ArrayList<>();
        AtomicBoolean dropped = new AtomicBoolean();
        Consumer<String> send = chunk -> {
            if (dropped.get() || response.closed() || response.ended()) {
                return;
            }
            if (response.writeQueueFull()) {
                dropped.set(true);
                LOG.info("live stream client too slow, disconnected [client: {}, unsent bytes over: {}]",
                        Web.client(ctx), STREAM_QUEUE_BYTES);
                ctx.request().connection().close();
                return;
            }
            response.write(chunk);
        };
        consumers.add(vertx.eventBus().<String>consumer(full ? LiveUpdates.MACHINE : LiveUpdates.PUBLIC_MACHINE,
                m -> send.accept("event: machine\ndata: " + m.body() + "\n\n")));
        List<Long> timers = new ArrayList<>();
        Runnable release = () -> {
            timers.forEach(vertx::cancelTimer);
            consumers.forEach(MessageConsumer::unregister);
        };
        if (full) {
            consumers.add(vertx.eventBus().<String>consumer(LiveUpdates.SESSION,
                    m -> send.accept("event: session\ndata: " + m.body() + "\n\n")));
            Callable<Optional<Principal>> lookupAgain = ctx.get(Authenticator.LOOKUP_AGAIN);
            timers.add(vertx.setPeriodic(STREAM_RECHECK.toMillis(), id -> vertx.executeBlocking(lookupAgain, false)
                    .onComplete(lookup -> {
                        boolean stillFull = lookup.succeeded() && lookup.result()
                                .filter(p -> Permissions.allows(p.role(), Permission.READ_ALL_SESSIONS)).isPresent();
                        if (!stillFull && !response.closed() && !response.ended()) {
                            LOG.info("live stream ended: its login no longer reads every session [client: {}]",
                                    Web.client(ctx));
                            release.run();
                            response.end();
                        }
                    })));
        }
        timers.add(vertx.setPeriodic(KEEPALIVE_MS, id -> send.accept(": keepalive\n\n")));
        response.closeHandler(v -> release.run());
    }

    private void failure(RoutingContext ctx) {
        Problem problem = problem(ctx);
        JsonObject body = new JsonObject().put("type", "about:blank").put("title", problem.title())
                .put("status", problem.status()).put("detail", problem.getMessage())
                .put("code", problem.reason().code().wire()).put("params", new JsonObject(problem.reason().params()));
        if (problem.field() != null) {
            body.put("field", problem.field());
        }
        ctx.response().setStatusCode(problem.status())
                .putHeader("Content-Type", "application/problem+json")
                .end(body.encode());
    }

    /** The problem a failure answers with: a coded failure keeps its code; any other gets its status's generic one. */
    private static Problem problem(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof Problem p) {
            return p;
        } else if (failure instanceof NotFound notFound) {
            return new Problem(404, "Not Found", null, notFound.reason());
        } else if (failure instanceof NotAllowed notAllowed) {
            return new Problem(403, "Forbidden", null, notAllowed.reason());
        } else if (failure instanceof Conflict conflict) {
            return new Problem(409, "Conflict", null, conflict.reason());
        } else if (failure instanceof BadArgument bad) {
            return Problem.badRequest(bad.field(), bad.reason());
        } else if (failure instanceof IllegalArgumentException invalid) {
            return new Problem(400, "Bad Request", invalid.getMessage(), null, ErrorCode.REQUEST_INVALID.with());
        } else if (ctx.statusCode() == 413) {
            return new Problem(413, "Content Too Large", null, ErrorCode.REQUEST_TOO_LARGE.with(MAX_BODY_BYTES));
        } else if (ctx.statusCode() == 404) {
            return new Problem(404, "Not Found", null, ErrorCode.ROUTE_NOT_FOUND.with(ctx.request().path()));
        }
        LOG.error("request failed [method: {}, path: {}]", ctx.request().method(), ctx.request().path(), failure);
        int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
        ErrorCode generic = switch (status) {
            case 400 -> ErrorCode.REQUEST_INVALID;
            case 401 -> ErrorCode.REQUEST_UNAUTHORIZED;
            case 403 -> ErrorCode.REQUEST_FORBIDDEN;
            case 409 -> ErrorCode.REQUEST_CONFLICT;
            default -> ErrorCode.SERVER_ERROR;
        };
        return new Problem(status, HttpResponseStatus.valueOf(status).reasonPhrase(), null, generic.with());
    }

    /** Serialises with the contract's JSON settings (ISO-8601 instants, wire names of enums). */
    public static String toJson(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response values always serialise", e);
        }
    }
}
