package org.fablab.gateway.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.fablab.gateway.access.Training;
import org.fablab.gateway.access.TrainingCategory;
import org.fablab.gateway.access.TrainingValidity;
import org.fablab.gateway.adapter.concurrent.ThreadScheduler;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcAccessStore;
import org.fablab.gateway.adapter.jdbc.JdbcAccountStore;
import org.fablab.gateway.adapter.jdbc.JdbcAuditLog;
import org.fablab.gateway.adapter.jdbc.JdbcBillingStores;
import org.fablab.gateway.adapter.jdbc.JdbcEnrollmentStore;
import org.fablab.gateway.adapter.jdbc.JdbcEventStore;
import org.fablab.gateway.adapter.jdbc.JdbcExports;
import org.fablab.gateway.adapter.jdbc.JdbcFailureLog;
import org.fablab.gateway.adapter.jdbc.JdbcLabDirectory;
import org.fablab.gateway.adapter.jdbc.JdbcMemberStore;
import org.fablab.gateway.adapter.jdbc.JdbcPartnerStore;
import org.fablab.gateway.adapter.jdbc.JdbcPublishedAcls;
import org.fablab.gateway.adapter.jdbc.JdbcRegistryStore;
import org.fablab.gateway.adapter.jdbc.JdbcTariffStore;
import org.fablab.gateway.adapter.jdbc.JdbcUsageTagStore;
import org.fablab.gateway.adapter.jdbc.JdbcVisitStore;
import org.fablab.gateway.app.NodeKeyRing;
import org.fablab.gateway.billing.BlockRate;
import org.fablab.gateway.billing.CatalogueItem;
import org.fablab.gateway.billing.Issuer;
import org.fablab.gateway.billing.Journal;
import org.fablab.gateway.billing.PriceList;
import org.fablab.gateway.domain.BoardRedaction;
import org.fablab.gateway.domain.LiveBoard;
import org.fablab.gateway.domain.MachineRecord;
import org.fablab.gateway.domain.MachineView;
import org.fablab.gateway.domain.MemberRecord;
import org.fablab.gateway.domain.NodeRecord;
import org.fablab.gateway.domain.PublicName;
import org.fablab.gateway.domain.auth.LoginThrottle;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.port.BillingStores;
import org.fablab.gateway.port.BrokerAccounts;
import org.fablab.gateway.port.ChangeFeed;
import org.fablab.gateway.port.FakeNodeActivation;
import org.fablab.gateway.port.FakeReportStore;
import org.fablab.gateway.port.JobLease;
import org.fablab.gateway.port.RecordingBrokerAccounts;
import org.fablab.gateway.port.RecordingMailer;
import org.fablab.gateway.port.Scheduler;
import org.fablab.gateway.port.TariffStore;
import org.fablab.gateway.report.ReportSettings;
import org.fablab.gateway.service.AccessService;
import org.fablab.gateway.service.AccountService;
import org.fablab.gateway.service.AttemptThrottle;
import org.fablab.gateway.service.AuthService;
import org.fablab.gateway.service.BillingServices;
import org.fablab.gateway.service.EnrollmentService;
import org.fablab.gateway.service.ExportService;
import org.fablab.gateway.service.LedgerAudit;
import org.fablab.gateway.service.MemberService;
import org.fablab.gateway.service.NetworkService;
import org.fablab.gateway.service.NetworkSettlements;
import org.fablab.gateway.service.NodeRegistry;
import org.fablab.gateway.service.ReportService;
import org.fablab.gateway.service.UsageTagService;
import org.fablab.protocol.AclSnapshot;
import org.fablab.protocol.Command;
import org.fablab.protocol.CredentialHasher;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.Json;
import org.fablab.protocol.OfflinePolicy;
import org.fablab.protocol.network.VisitorPasses;

/**
 * The HTTP API over a real SQLite file (or a database a test opens, such as a PostgreSQL schema shared by two
 * harnesses as by two gateway instances), without MQTT: one account per role (password
 * {@value #PASSWORD}), each belonging to a member {@code m-<role>}, and clients that log in as them.
 */
final class ApiHarness implements AutoCloseable {
    static final String PASSWORD = "correct horse battery";
    /** The lab's time zone: days, months and prices are reckoned in it. */
    static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    private final Database database;
    /** The clock the API reads. */
    final Clock clock;
    private final Vertx vertx;
    private final int port;
    final HttpApi api;
    final AuthService auth;
    final AccessService access;
    final BillingServices billing;
    /** The live board the API serves; tests put sessions on it. */
    final AtomicReference<List<MachineView>> board = new AtomicReference<>();
    /** Publishes board changes to the stream as the gateway's board publisher does. */
    final LiveUpdates live;
    static final BoardRedaction REDACTION = new BoardRedaction(PublicName.FIRST_NAME);
    /** The figures behind the impact report: every count 7 unless a test puts others. */
    final FakeReportStore reports = new FakeReportStore();
    /** Commands the API sent, oldest first. */
    final List<Command> commands = new CopyOnWriteArrayList<>();
    /** Each node's last ACL entries the access service published. */
    final Map<String, List<AclSnapshot.Entry>> acls = new ConcurrentHashMap<>();
    /** The network pepper this lab shares with its partners. */
    static final byte[] NETWORK_PEPPER = "network-pepper-of-the-test".getBytes(StandardCharsets.UTF_8);
    /** How often billing asked for the access facts to be rebuilt (a balance crossing the minimum, a plan changed). */
    final AtomicInteger billingAccessSignals = new AtomicInteger();
    /** Pass lists sent to partners. */
    final List<VisitorPasses> passesSent = new CopyOnWriteArrayList<>();
    final Scheduler networkWork;
    final NetworkService network;
    final NetworkSettlements settlements;
    /** The bodies of the receipts, acknowledgements and statements sent to partners, oldest first. */
    final List<String> toPartners = new CopyOnWriteArrayList<>();
    final CountingPasswords passwords = new CountingPasswords();
    static final String GATEWAY_PUBLIC_KEY = Ed25519Keys.encode(Ed25519Keys.generate().getPublic());
    /** Enrollment against an in-memory node registry and broker. */
    final FakeNodeActivation activation = new FakeNodeActivation();
    final RecordingBrokerAccounts brokers = new RecordingBrokerAccounts();
    final EnrollmentService enrollments;
    final NodeRegistry registry;
    /** The keys ingestion would accept, kept live by the registry as the gateway does. */
    final NodeKeyRing keyRing = new NodeKeyRing();
    /** Nodes whose broker user the registry revoked, and whose retained topics it emptied, oldest first. */
    final List<String> revoked = new CopyOnWriteArrayList<>();
    final List<String> cleared = new CopyOnWriteArrayList<>();
    static final String PUBLIC_URL = "https://fablab.test";
    /** The mails the API sent, oldest first. */
    final RecordingMailer mailer = new RecordingMailer();

    ApiHarness(Path folder) {
        this(folder, TrustedProxies.NONE);
    }

    /** The API behind the balancers {@code proxies}. */
    ApiHarness(Path folder, TrustedProxies proxies) {
        this(Database.open("jdbc:sqlite:" + folder.resolve("api.db"), null, null, 4), true, proxies,
                Clock.systemUTC());
    }

    /** The API on {@code clock}, for tests that name the lab's day or month. */
    ApiHarness(Path folder, Clock clock) {
        this(Database.open("jdbc:sqlite:" + folder.resolve("api.db"), null, null, 4), true, TrustedProxies.NONE, clock);
    }

    /**
     * The API over {@code database}, which {@link #close} closes. {@code seed} puts the accounts, machine, trainings
     * and prices the tests expect; a second instance on a database another harness seeded is built without.
     */
    ApiHarness(Database database, boolean seed) {
        this(database, seed, TrustedProxies.NONE, Clock.systemUTC());
    }

    /** A ledger entry as a test reads it. */
    record LedgerLine(String account, long amountCents, String label) {
    }

    /** The ledger entries of {@code cause}, in ledger order. */
    List<LedgerLine> ledgerOf(String cause) throws SQLException {
        List<LedgerLine> entries = new ArrayList<>();
        try (Connection c = dataSource().getConnection(); PreparedStatement query = c.prepareStatement(
                "select member_id, amount_cents, label from ledger_entries where cause = ? order by sequence")) {
            query.setString(1, cause);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    entries.add(new LedgerLine(rows.getString(1), rows.getLong(2), rows.getString(3)));
                }
            }
        }
        return entries;
    }

    /**
     * The system clock moved to 12:00 today in the lab's zone, still ticking: what a test writes and what it then
     * asks for by day or month fall on the same day, whenever the suite runs, even next to midnight.
     */
    static Clock midday() {
        Instant now = Instant.now();
        Instant midday = LocalDate.now(ZONE).atTime(12, 0).atZone(ZONE).toInstant();
        return Clock.offset(Clock.systemUTC(), Duration.between(now, midday));
    }

    private ApiHarness(Database database, boolean seed, TrustedProxies proxies, Clock clock) {
        this.database = database;
        this.clock = clock;
        JdbcLabDirectory directory = new JdbcLabDirectory(database.dataSource(), clock);
        auth = new AuthService(new JdbcAccountStore(database.dataSource()), passwords,
                new AttemptThrottle(new JdbcFailureLog(database.dataSource()), "login",
                        new LoginThrottle(5, 20, Duration.ofMinutes(15)), clock), clock);
        JdbcEventStore store = new JdbcEventStore(database.dataSource());
        BillingStores billingStores = JdbcBillingStores.over(database.dataSource(), clock, ZONE);
        billing = BillingServices.start(billingStores,
                clock, ZONE, "EUR", new Issuer("Test lab", "", "", ""), billingAccessSignals::incrementAndGet,
                JobLease.SOLE, ChangeFeed.SOLE);
        access = new AccessService(new JdbcAccessStore(database.dataSource()), directory,
                new CredentialHasher(new byte[16]), clock, ZONE, (node, entries) -> acls.put(node.id(), entries),
                billing.charging(), JobLease.SOLE, new JdbcPublishedAcls(database));
        access.sendCommandsTo("test-lab", commands::add);
        MachineRecord laser = new MachineRecord("laser-1", "Laser cutter", "laser-cutter");
        if (seed) {
            seed(directory, laser);
        }
        board.set(List.of(MachineView.unseen(laser, "laser-1", Duration.ofMinutes(15))));
        enrollments = new EnrollmentService(new JdbcEnrollmentStore(database.dataSource()), activation, brokers,
                new EnrollmentService.Settings("test-lab", "ssl://gateway.test:8883", GATEWAY_PUBLIC_KEY,
                        "00".repeat(16), null, HexFormat.of().formatHex(NETWORK_PEPPER)),
                new JdbcFailureLog(database.dataSource()), clock, new SecureRandom());
        keyRing.replace(directory.nodes());
        registry = new NodeRegistry(new JdbcRegistryStore(database.dataSource()), new BrokerAccounts() {
            @Override
            public void grantNode(String nodeId, char[] password) {
            }

            @Override
            public void revokeNode(String nodeId) {
                revoked.add(nodeId);
            }
        }, new NodeRegistry.Effects() {
            @Override
            public void reload(boolean waitForAcls) {
                keyRing.replace(directory.nodes());
                board.set(LiveBoard.of(directory.machines(), directory.nodes(), List.of()).machines());
                access.rebuildNow();
            }

            @Override
            public void clearRetained(String nodeId) {
                cleared.add(nodeId);
            }
        }, clock);
        networkWork = new ThreadScheduler("test-network", clock);
        network = new NetworkService("test-lab", GATEWAY_PUBLIC_KEY, new JdbcPartnerStore(database.dataSource()),
                new JdbcAccessStore(database.dataSource()), Optional.of(new CredentialHasher(NETWORK_PEPPER)),
                passesSent::add, access::accessChangedHere, networkWork, new JdbcPublishedAcls(database), clock, ZONE,
                Duration.ofHours(24));
        settlements = new NetworkSettlements("test-lab", new JdbcVisitStore(database.dataSource()),
                new JdbcPartnerStore(database.dataSource()), (topic, body) -> toPartners.add(body), networkWork,
                clock);
        api = new HttpApi("127.0.0.1", 0, Optional.empty(), proxies, new HttpApi.Services(board::get, store, auth,
                new MemberService(new JdbcMemberStore(database.dataSource()), clock, access::accessChangedHere), access,
                billing, new LedgerAudit(billingStores.ledger(), billingStores.periods()), ZONE,
                new JdbcAuditLog(database.dataSource()), new JdbcAuditLog(database.dataSource()), List.of(), () -> "",
                new ExportService(new JdbcExports(database.dataSource(), ZONE),
                        Journal.Accounts.DEFAULT, clock), REDACTION, enrollments, registry,
                new ReportService(reports, () -> new JdbcTariffStore(database.dataSource()).freeWindows(), "test-lab",
                        ZONE, Currency.getInstance("EUR"), new ReportSettings(4, 5), clock),
                new UsageTagService(new JdbcUsageTagStore(database.dataSource()), clock),
                new AccountService(new JdbcAccountStore(database.dataSource()), passwords, Optional.of(mailer),
                        PUBLIC_URL, new JdbcFailureLog(database.dataSource()), clock, new SecureRandom()), network,
                settlements));
        vertx = Vertx.vertx();
        live = new LiveUpdates(vertx.eventBus(), REDACTION);
        vertx.deployVerticle(api).await();
        port = api.actualPort();
    }

    private void seed(JdbcLabDirectory directory, MachineRecord laser) {
        for (Role role : Role.values()) {
            directory.upsert(new MemberRecord("m-" + role.wire(), "Member " + role.wire(), true));
            auth.createAccount("test", role.wire(), PASSWORD, role, "m-" + role.wire());
        }
        directory.upsert(laser);
        directory.upsert(new NodeRecord("laser-1", "laser-1", Ed25519Keys.encode(Ed25519Keys.generate().getPublic()),
                OfflinePolicy.FAIL_CLOSED, Duration.ofMinutes(15)));
        Principal setup = new Principal("test", Role.ADMIN, null, "test");
        access.createTraining(setup, new Training("laser-safety", "Laser safety", TrainingCategory.SAFETY,
                Set.of("laser-cutter"), new TrainingValidity.Forever()));
        access.createTraining(setup, new Training("printing-3d", "3D printing", TrainingCategory.COMPETENCY,
                Set.of("3d-printer"), new TrainingValidity.Forever()));
        access.addTrainer(setup, "laser-safety", "m-trainer");
        billing.tariffs().savePriceList(setup, PriceList.forKind("laser-cutter").wall(new BlockRate(15, 200))
                .sessionFeeCents(100).vatBasisPoints(2000).build());
        billing.tariffs().saveItem(setup, new TariffStore.ItemRecord(new CatalogueItem("pla", "PLA filament",
                CatalogueItem.Unit.GRAM, 5, 2000), true));
        billing.periods().closePeriod(setup, YearMonth.parse("2020-01"));
    }

    int port() {
        return port;
    }

    DataSource dataSource() {
        return database.dataSource();
    }

    /** A browser-like client with its own cookie jar, not logged in. */
    Client anonymous() {
        return new Client(null, null);
    }

    /** Logged in with a cookie session as the account of {@code role}. */
    Client browser(Role role) {
        Client client = anonymous();
        Response login = client.post("/api/v1/login", "{\"username\":\"" + role.wire() + "\",\"password\":\""
                + PASSWORD + "\"}");
        if (login.status() != 200) {
            throw new IllegalStateException("login as " + role.wire() + " failed: " + login.body());
        }
        return new Client(client.http, login.json().get("csrfToken").asText());
    }

    /** A script with a bearer token of the account of {@code role}. */
    Client script(Role role) {
        Client browser = browser(role);
        String token = browser.post("/api/v1/tokens", "{\"name\":\"test\"}").json().get("token").asText();
        return new Client(HttpClient.newHttpClient(), null, token);
    }

    @Override
    public void close() {
        networkWork.close();
        access.close();
        billing.close();
        vertx.close().await();
        database.close();
    }

    record Response(int status, String body, java.net.http.HttpHeaders headers) {
        JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }
    }

    final class Client {
        private final HttpClient http;
        private final String csrf;
        private final String bearer;

        private Client(HttpClient http, String csrf) {
            this(http == null ? HttpClient.newBuilder().cookieHandler(new CookieManager()).build() : http, csrf, null);
        }

        private Client(HttpClient http, String csrf, String bearer) {
            this.http = http;
            this.csrf = csrf;
            this.bearer = bearer;
        }

        /** The same credentials sent to {@code other}, as a load balancer may send the next request elsewhere. */
        Client at(ApiHarness other) {
            return other.new Client(http, csrf, bearer);
        }

        /** The same session without its CSRF token, as a forged cross-site request would be. */
        Client withoutCsrf() {
            return new Client(http, null, bearer);
        }

        Client withCsrf(String token) {
            return new Client(http, token, bearer);
        }

        Response get(String path) {
            return send("GET", path, null);
        }

        Response post(String path, String json) {
            return send("POST", path, json);
        }

        Response patch(String path, String json) {
            return send("PATCH", path, json);
        }

        /** A GET whose body arrives line by line, for the SSE stream; close the stream to hang up. */
        HttpResponse<Stream<String>> lines(String path) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            try {
                return http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        Response send(String method, String path, String json) {
            HttpResponse<String> response = exchange(method, path, json, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers());
        }

        /** A GET whose body is kept as bytes, for binary files (PDF). */
        HttpResponse<byte[]> bytes(String path) {
            return exchange("GET", path, null, HttpResponse.BodyHandlers.ofByteArray());
        }

        private <T> HttpResponse<T> exchange(String method, String path, String json,
                                             HttpResponse.BodyHandler<T> body) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(json))
                    .header("Content-Type", "application/json");
            if (csrf != null) {
                request.header("X-CSRF-Token", csrf);
            }
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            try {
                return http.send(request.build(), body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
