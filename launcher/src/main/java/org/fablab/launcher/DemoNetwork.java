package org.fablab.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fablab.gateway.app.Gateway;
import org.fablab.gateway.domain.MemberRecord;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.network.NetworkAccount;
import org.fablab.gateway.service.AccessService;
import org.fablab.gateway.service.ChargingEngine;
import org.fablab.protocol.CredentialId;
import org.fablab.protocol.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two demo labs side by side, partners in a network of labs ({@code docs/network.md}): the home lab, the demo lab in
 * {@code data}, and the host lab, a second demo lab under the id {@value #HOST_LAB} in {@code data/partner}, with its
 * own HTTP port and embedded broker. Each gateway stays on its own broker; {@link DemoBridge} carries the network
 * tree between the two. Both share the network pepper made on the first run in {@code data/network-pepper}. Each
 * lab's admin registers the other with its gateway's public key and the host counts the home lab's trainings as its
 * own, through the API as an admin and a fabmanager would; the home lab's member {@link #VISITOR}, trained there and
 * with a badge enrolled by its UID, is on the pass list it sends, and so admitted at the host.
 */
final class DemoNetwork implements AutoCloseable {
    static final String HOST_LAB = "partner-lab";
    static final String HOME_NAME = "Fablab de démonstration";
    static final String HOST_NAME = "Fablab partenaire";
    static final String HOST_ISSUER = "Fablab partenaire\n3 quai des Ateliers\n69002 Lyon";
    /** The host's ports when the command line names none: beside the home lab's defaults (8080, 1884). */
    static final int HOST_HTTP_PORT = 8081;
    static final int HOST_BROKER_PORT = 1885;
    static final String PEPPER_FILE = "network-pepper";
    /** The home lab's member who visits the host lab; a badge no member of either lab holds. */
    static final DemoLab.Member VISITOR = new DemoLab.Member("m-zoe", "Zoé Laurent", "mifare-uid", "04D5E6F7081920");
    /** The visitor's trainings at home, each counted at the host as its training of the same id. */
    static final List<String> VISITOR_TRAININGS = List.of("laser-safety", "laser-cutting", "printing-3d");

    /** How long the host may take to receive the visit of its past from its node; it takes a second or two. */
    private static final Duration CHARGE_WAIT = Duration.ofSeconds(30);
    /**
     * How long the settlement of the host's past waits for the home lab to record the visit's receipt before closing
     * the month anyway: a receipt that did not cross is sent again two minutes later.
     */
    private static final Duration RECEIPT_WAIT = Duration.ofMinutes(4);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(DemoNetwork.class);
    private static final Principal DEMO = new Principal("demo", Role.ADMIN, null, "demo");

    private final Demo home;
    private final Demo host;
    private final DemoBridge bridge;
    private final Optional<YearMonth> settlement;
    private final Optional<Thread> settling;

    private DemoNetwork(Demo home, Demo host, DemoBridge bridge, Optional<YearMonth> settlement,
                        Optional<Thread> settling) {
        this.home = home;
        this.host = host;
        this.bridge = bridge;
        this.settlement = settlement;
        this.settling = settling;
    }

    /**
     * @param homeEnv FABLAB_* settings of the home lab, over the demo's
     * @param hostEnv FABLAB_* settings of the host lab, over the demo's and the network's: its HTTP port
     *                ({@code FABLAB_HTTP_PORT}) and its broker's ({@code FABLAB_MQTT_EMBEDDED_PORT}) at least
     * @param history the home lab's; the host starts today
     */
    static DemoNetwork start(Path data, Map<String, String> homeEnv, Map<String, String> hostEnv,
                             Demo.NodeTimings nodeTimings, Clock clock, Demo.History history) {
        Path dataDir = data.toAbsolutePath();
        Path pepper = networkPepper(dataDir);
        Map<String, String> homeSettings = new HashMap<>();
        homeSettings.put("FABLAB_NETWORK_PEPPER_FILE", pepper.toString());
        homeSettings.putAll(homeEnv);
        Map<String, String> hostSettings = new HashMap<>();
        hostSettings.put("FABLAB_LAB", HOST_LAB);
        hostSettings.put("FABLAB_BILLING_ISSUER", HOST_ISSUER);
        hostSettings.put("FABLAB_NETWORK_PEPPER_FILE", pepper.toString());
        hostSettings.putAll(hostEnv);

        Demo home = Demo.start(dataDir, homeSettings, nodeTimings, clock, Optional.empty(), Map.of(), history);
        Demo host = null;
        DemoBridge bridge = null;
        try {
            Path hostDir = dataDir.resolve("partner");
            DemoKeys hostKeys = Demo.keys(hostDir);
            Optional<DemoVisitWriter.Written> visit = DemoVisitWriter.writeIfFresh(
                    Demo.config(hostDir, hostKeys, hostSettings), hostKeys, hostDir, home.config().lab(), clock);
            host = Demo.start(hostDir, hostSettings, nodeTimings, clock, Optional.empty(), Map.of(),
                    Demo.History.NONE);
            Demo hostLab = host;
            visit.ifPresent(v -> awaitParked(hostLab, v.cause()));
            visitorAtHome(home.gateway());
            Api homeAdmin = Api.asAdmin(home);
            Api hostAdmin = Api.asAdmin(host);
            homeAdmin.addPartnerIfMissing(host, HOST_NAME);
            hostAdmin.addPartnerIfMissing(home, HOME_NAME);
            hostAdmin.countTheirTrainings(home.config().lab(), VISITOR_TRAININGS);
            // once both know each other: the pass lists each sent on adding the other wait retained on its broker
            bridge = DemoBridge.start(home, host);
            Optional<YearMonth> month = visit.map(DemoVisitWriter.Written::month);
            Optional<Thread> settling = visit.map(v -> settleInBackground(hostLab, homeAdmin, hostAdmin, v));
            return new DemoNetwork(home, host, bridge, month, settling);
        } catch (RuntimeException e) {
            if (bridge != null) {
                bridge.close();
            }
            if (host != null) {
                host.close();
            }
            home.close();
            throw e;
        }
    }

    /** The home lab. */
    Demo home() {
        return home;
    }

    /** The host lab, where the home lab's visitor badges in. */
    Demo host() {
        return host;
    }

    /**
     * The month of the visit written in the host's past on this first run, settled at both labs once the home lab
     * recorded its receipt; empty on a later run.
     */
    Optional<YearMonth> settlement() {
        return settlement;
    }

    /**
     * Waits, up to {@link #CHARGE_WAIT}, until the host parked the charge of the visit of its past for want of the
     * partner. The host's laser node sends the visit as soon as it runs, and the host must hold it parked before the
     * home lab becomes its partner: a visit charged then would be receipted before the bridge is up, into a broker
     * nobody reads yet, and its receipt would cross only at its first resending, two minutes later.
     */
    private static void awaitParked(Demo host, String cause) {
        ChargingEngine charging = host.gateway().billing().charging();
        Instant until = Instant.now().plus(CHARGE_WAIT);
        while (!isParked(charging, cause)) {
            if (Instant.now().isAfter(until)) {
                LOG.warn("demo settlement: the host's node did not send the visit of last month within {}; its receipt "
                        + "crosses at its next sending", CHARGE_WAIT);
                return;
            }
            pause(Duration.ofMillis(200));
        }
    }

    private static boolean isParked(ChargingEngine charging, String cause) {
        return charging.parkedCauses().stream().anyMatch(parked -> parked.cause().equals(cause));
    }

    /**
     * Settles the month of the visit written in the host's past, on a thread of its own so that the demo starts
     * meanwhile. The host parked the visit's charge before the home lab was its partner ({@link #awaitParked}); with
     * partners and the bridge up, the demo retries it, as the host's treasurer would from the parked charges, and the
     * host issues the receipt and sends it at once. Once the home lab recorded the receipt (or after
     * {@link #RECEIPT_WAIT} without it: a receipt recorded later changes the home lab's statement, which is sent
     * again), the month is closed at both labs where it is open, and each lab sends the other its statement of the
     * month.
     */
    private static Thread settleInBackground(Demo hostLab, Api home, Api host, DemoVisitWriter.Written visit) {
        YearMonth month = visit.month();
        Thread thread = new Thread(() -> {
            try {
                ChargingEngine charging = hostLab.gateway().billing().charging();
                if (isParked(charging, visit.cause())) {
                    charging.retryParked(DEMO, visit.cause());
                }
                Instant until = Instant.now().plus(RECEIPT_WAIT);
                while (!home.hasVisitAbroad(host.lab(), month) && Instant.now().isBefore(until)) {
                    pause(POLL);
                }
                home.closeIfOpen(month);
                host.closeIfOpen(month);
                LOG.info("demo settlement: {} closed at both labs, statements exchanged within a minute", month);
            } catch (RuntimeException e) {
                // best effort, as a treasurer's closing would be: the demo runs on without a settlement to show
                if (!Thread.currentThread().isInterrupted()) {
                    LOG.warn("demo settlement of {} not done: {}", month, e.getMessage());
                }
            }
        }, "demo-settlement");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the demo network stopped", e);
        }
    }

    /** The network pepper both labs share: 32 random bytes, hex, made on the first run, readable by its owner only. */
    private static Path networkPepper(Path dataDir) {
        Path file = dataDir.resolve(PEPPER_FILE);
        try {
            if (!Files.isRegularFile(file)) {
                Files.createDirectories(dataDir);
                byte[] pepper = new byte[32];
                new SecureRandom().nextBytes(pepper);
                DemoConfigFile.writeOwnerOnly(file, HexFormat.of().formatHex(pepper));
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo's network pepper at " + file, e);
        }
    }

    /**
     * The visitor at home, each only where missing: a member whose badge is enrolled by its UID (a badge the lab knows
     * by its hash alone cannot be hashed with the network pepper, so it would not travel), with the trainings the host
     * counts.
     */
    private static void visitorAtHome(Gateway gateway) {
        AccessService access = gateway.access();
        gateway.directory().upsert(new MemberRecord(VISITOR.id(), VISITOR.name(), true));
        if (access.badges(DEMO, VISITOR.id()).isEmpty()) {
            access.enroll(DEMO, VISITOR.id(), CredentialId.of(VISITOR.badgeType(), VISITOR.badgeUid()),
                    Optional.of("demo visitor"));
        }
        for (String training : VISITOR_TRAININGS) {
            if (access.certifications(Optional.of(VISITOR.id()), Optional.of(training)).isEmpty()) {
                access.grant(DEMO, VISITOR.id(), training, Optional.empty(), Optional.of("demo lab"));
            }
        }
    }

    /** A lab's API as its admin, with a token made for the partnership's set-up: lab is the lab's id. */
    private record Api(String lab, HttpClient http, String baseUrl, String token) {
        static Api asAdmin(Demo lab) {
            String token = lab.gateway().auth().createToken(new Principal("admin", Role.ADMIN, null, "admin"),
                    "demo network set-up");
            return new Api(lab.config().lab(), HttpClient.newHttpClient(),
                    "http://127.0.0.1:" + lab.gateway().httpPort(), token);
        }

        /** Registers {@code partner} with its gateway's public key, unless it is a partner already. */
        void addPartnerIfMissing(Demo partner, String name) {
            String id = partner.config().lab();
            if (send("GET", "/api/v1/partners/" + id, null).statusCode() == 200) {
                return;
            }
            ObjectNode body = Json.mapper().createObjectNode().put("id", id).put("name", name)
                    .put("publicKey", partner.gatewayPublicKey());
            expect(201, "POST", "/api/v1/partners", body);
        }

        /**
         * Counts each of {@code trainings} of partner {@code partner} as ours of the same id, unless equivalences with
         * it are set already (a fabmanager's changes stay).
         */
        void countTheirTrainings(String partner, List<String> trainings) {
            HttpResponse<String> held = send("GET", "/api/v1/partners/" + partner + "/equivalences", null);
            try {
                if (held.statusCode() == 200
                        && !Json.mapper().readTree(held.body()).path("equivalences").isEmpty()) {
                    return;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("demo network set-up: the equivalences of " + partner, e);
            }
            ObjectNode body = Json.mapper().createObjectNode();
            for (String training : trainings) {
                body.withArray("equivalences").addObject().put("theirTraining", training).put("ourTraining", training);
            }
            expect(200, "PUT", "/api/v1/partners/" + partner + "/equivalences", body);
        }

        /** Whether the month's visits with {@code partner} include one of our members' there, its receipt recorded. */
        boolean hasVisitAbroad(String partner, YearMonth month) {
            JsonNode visits = json("/api/v1/partners/" + partner + "/visits?month=" + month).path("visits");
            for (JsonNode visit : visits) {
                if (visit.path("direction").asText().equals("abroad")) {
                    return true;
                }
            }
            return false;
        }

        /** Closes {@code month} in the ledger unless it is closed already. */
        void closeIfOpen(YearMonth month) {
            String through = json("/api/v1/periods").path("closedThrough").asText("");
            if (through.isEmpty() || YearMonth.parse(through).isBefore(month)) {
                expect(200, "POST", "/api/v1/periods/" + month + "/close", Json.mapper().createObjectNode());
            }
        }

        private JsonNode json(String path) {
            HttpResponse<String> response = send("GET", path, null);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("demo network: GET " + path + " answered " + response.statusCode()
                        + ": " + response.body());
            }
            try {
                return Json.mapper().readTree(response.body());
            } catch (IOException e) {
                throw new UncheckedIOException("demo network: GET " + path, e);
            }
        }

        private void expect(int status, String method, String path, ObjectNode body) {
            HttpResponse<String> response = send(method, path, body.toString());
            if (response.statusCode() != status) {
                throw new IllegalStateException("demo network set-up: " + method + " " + path + " answered "
                        + response.statusCode() + ": " + response.body());
            }
        }

        private HttpResponse<String> send(String method, String path, String body) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body))
                    .build();
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException("demo network set-up: " + method + " " + path, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("demo network set-up interrupted", e);
            }
        }
    }

    @Override
    public void close() {
        settling.ifPresent(thread -> {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        bridge.close();
        host.close();
        home.close();
    }
}
