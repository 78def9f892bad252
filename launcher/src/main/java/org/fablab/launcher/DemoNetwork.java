package org.fablab.launcher;

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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fablab.gateway.app.Gateway;
import org.fablab.gateway.domain.MemberRecord;
import org.fablab.gateway.domain.auth.Principal;
import org.fablab.gateway.domain.auth.Role;
import org.fablab.gateway.service.AccessService;
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

    private static final Logger LOG = LoggerFactory.getLogger(DemoNetwork.class);
    private static final Principal DEMO = new Principal("demo", Role.ADMIN, null, "demo");

    private final Demo home;
    private final Demo host;
    private final DemoBridge bridge;

    private DemoNetwork(Demo home, Demo host, DemoBridge bridge) {
        this.home = home;
        this.host = host;
        this.bridge = bridge;
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
            host = Demo.start(dataDir.resolve("partner"), hostSettings, nodeTimings, clock, Optional.empty(),
                    Map.of(), Demo.History.NONE);
            visitorAtHome(home.gateway());
            Api homeAdmin = Api.asAdmin(home);
            Api hostAdmin = Api.asAdmin(host);
            homeAdmin.addPartnerIfMissing(host, HOST_NAME);
            hostAdmin.addPartnerIfMissing(home, HOME_NAME);
            hostAdmin.countTheirTrainings(home.config().lab(), VISITOR_TRAININGS);
            // once both know each other: the pass lists each sent on adding the other wait retained on its broker
            bridge = DemoBridge.start(home, host);
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
        return new DemoNetwork(home, host, bridge);
    }

    /** The home lab. */
    Demo home() {
        return home;
    }

    /** The host lab, where the home lab's visitor badges in. */
    Demo host() {
        return host;
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

    /** A lab's API as its admin, with a token made for the partnership's set-up. */
    private record Api(HttpClient http, String baseUrl, String token) {
        static Api asAdmin(Demo lab) {
            String token = lab.gateway().auth().createToken(new Principal("admin", Role.ADMIN, null, "admin"),
                    "demo network set-up");
            return new Api(HttpClient.newHttpClient(), "http://127.0.0.1:" + lab.gateway().httpPort(), token);
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
        bridge.close();
        host.close();
        home.close();
    }
}
