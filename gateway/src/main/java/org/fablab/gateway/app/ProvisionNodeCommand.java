package org.fablab.gateway.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcRegistryStore;
import org.fablab.gateway.port.BrokerAccounts;
import org.fablab.gateway.service.NodeRegistry;
import org.fablab.gateway.service.EnrollmentService;
import org.fablab.protocol.BrokerTransport;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fablab provision node}: creates a node enrollment directly in the gateway's database (the node is declared
 * pending in the registry) and prints its one-time token with the command to run on the Pi; or, for a Pi that cannot
 * reach the gateway over HTTP(S), redeems the token at once on the Pi's behalf, with the public key of the Pi's request
 * file, and writes the answer to a bundle file (docs/enrollment.md §5).
 *
 * <p>The redemption is always the running gateway's: only it can make the new key live in ingestion and the node's
 * broker user live on the broker. So the offline path posts the token to the gateway's own {@code POST /enroll}, from
 * the server, exactly as the Pi would have.
 */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Create a one-time enrollment token for a node (or an offline enrollment bundle).")
final class ProvisionNodeCommand implements Callable<Integer> {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(m|h)");

    @Spec
    CommandSpec spec;

    @Option(names = "--config", description = "The gateway's YAML config file.")
    Path config;

    @Option(names = "--node", required = true, description = "Id of the node, e.g. laser-1.")
    String nodeId;

    @Option(names = "--machine", required = true, description = "Id of the machine the node switches.")
    String machineId;

    @Option(names = "--ttl", defaultValue = "30m",
            description = "How long the token stays valid: 1m to 24h, e.g. 30m, 2h or PT45M (default: ${DEFAULT-VALUE}).")
    String ttl;

    @Option(names = "--request", paramLabel = "FILE",
            description = "Offline: the request file written on the Pi by 'fablab-node enroll --offline-request'.")
    Path request;

    @Option(names = "--bundle", paramLabel = "FILE",
            description = "Offline: where to write the bundle to copy to the Pi (needs --request; holds secrets, mode 0600).")
    Path bundle;

    @Option(names = "--via", paramLabel = "URL",
            description = "Offline: the running gateway that redeems the token (default: enrollment.gatewayUrl, else "
                    + "this server's http.port on 127.0.0.1).")
    String via;

    @Override
    public Integer call() throws IOException {
        if ((request == null) != (bundle == null)) {
            throw new ParameterException(spec.commandLine(), "--request and --bundle go together (offline enrollment)");
        }
        Duration valid = duration(ttl);
        Optional<JsonNode> offline = request == null ? Optional.empty() : Optional.of(readRequest(request));
        GatewayConfig settings = ConfigLoader.load(Optional.ofNullable(config), System.getenv());
        Clock clock = Clock.systemUTC();
        PrintWriter out = spec.commandLine().getOut();
        try (Database database = Database.open(settings.store().url(), settings.store().username(),
                settings.store().password(), 1)) {
            NodeRegistry registry = new NodeRegistry(new JdbcRegistryStore(database.dataSource()),
                    new GrantedByTheGateway(), new ReadByTheGateway(), clock);
            EnrollmentService enrollments = Enrollments.service(settings, database, registry,
                    new GrantedByTheGateway(), clock);
            EnrollmentService.Created created;
            try {
                created = enrollments.create("cli", nodeId, machineId, Optional.of(valid));
            } catch (IllegalArgumentException | org.fablab.gateway.port.NotFound e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            if (offline.isPresent()) {
                return writeBundle(gatewayFor(settings), labCa(settings), created, offline.get(), out);
            }
            String gateway = settings.enrollment().gatewayUrl().isBlank() ? "https://GATEWAY-ADDRESS"
                    : settings.enrollment().gatewayUrl();
            out.printf("enrollment of node %s on machine %s, single use, valid until %s%n", created.nodeId(),
                    created.machineId(), created.expiresAt());
            out.printf("token: %s%n", created.token());
            out.printf("on the Pi (the package's fablab-node runs it as the service user; --hardware names the example of "
                    + "the machine's kind, e.g. /usr/share/fablab/examples/laser-cutter.yaml):%n"
                    + "  sudo fablab-node enroll --gateway %s --token %s --hardware FILE%n",
                    gateway, created.token());
            out.flush();
            return 0;
        }
    }

    private int writeBundle(URI gateway, Optional<Path> labCa, EnrollmentService.Created created, JsonNode offline,
                            PrintWriter out) throws IOException {
        String body = Json.mapper().writeValueAsString(Map.of("token", created.token(),
                "publicKey", offline.get("publicKey").asText(),
                "softwareVersion", offline.path("softwareVersion").asText("unknown")));
        HttpResponse<String> answer;
        try {
            HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
            if ("https".equals(gateway.getScheme())) {
                labCa.ifPresent(ca -> client.sslContext(BrokerTransport.trustingOnly(ca)));
            }
            answer = client.build().send(HttpRequest
                    .newBuilder(gateway.resolve("/api/v1/enroll")).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("the gateway at " + gateway + " redeems the token and did not answer ("
                    + e.getMessage() + "): start it, or name it with --via", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the gateway redeemed the token", e);
        }
        JsonNode grant = Json.mapper().readTree(answer.body());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("the gateway at " + gateway + " refused the enrollment (HTTP "
                    + answer.statusCode() + "): " + grant.path("detail").asText(answer.body()));
        }
        try {
            SecretFiles.write(bundle, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(grant),
                    SecretFiles.PRIVATE, false);
        } catch (FileAlreadyExistsException e) {
            throw new ParameterException(spec.commandLine(), bundle + " exists already: remove it or choose another");
        }
        out.printf("node %s enrolled on machine %s, key fingerprint %s%n", created.nodeId(), created.machineId(),
                grant.path("fingerprint").asText());
        out.printf("bundle written to %s (it holds the node's broker password and the lab pepper: copy it to the Pi, "
                + "run 'fablab-node enroll --bundle FILE' there, then delete both copies)%n", bundle);
        out.flush();
        return 0;
    }

    /** The lab CA the gateway's HTTPS certificate is issued by, when the lab has one. */
    private static Optional<Path> labCa(GatewayConfig settings) {
        Path enrollmentCa = settings.enrollment().caCertificateFile();
        return enrollmentCa != null && !enrollmentCa.toString().isBlank() ? Optional.of(enrollmentCa)
                : settings.mqtt().caFileIfSet();
    }

    private URI gatewayFor(GatewayConfig settings) {
        String url = via != null ? via : !settings.enrollment().gatewayUrl().isBlank()
                ? settings.enrollment().gatewayUrl()
                : settings.http().scheme() + "://127.0.0.1:" + settings.http().port();
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--via '" + url + "' is not a URL");
        }
    }

    /**
     * The command line only declares the node: broker users are the running gateway's to grant, when it redeems the
     * token, so that they are live on its broker at once.
     */
    private static final class GrantedByTheGateway implements BrokerAccounts {
        @Override
        public void grantNode(String nodeId, char[] password) {
            throw new IllegalStateException("broker users are granted by the running gateway");
        }

        @Override
        public void revokeNode(String nodeId) {
            throw new IllegalStateException("broker users are revoked by the running gateway");
        }
    }

    /**
     * A pending node has no key and no ACL yet, so there is nothing to make live: the running gateway reads the
     * registry's rows when the node redeems its token.
     */
    private static final class ReadByTheGateway implements NodeRegistry.Effects {
        @Override
        public void reload(boolean waitForAcls) {
            // the running gateway reloads from the same rows when the token is redeemed
        }

        @Override
        public void clearRetained(String nodeId) {
            throw new IllegalStateException("retained topics are cleared by the running gateway");
        }
    }

    private JsonNode readRequest(Path file) {
        try {
            JsonNode node = Json.mapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (node == null || !node.path("publicKey").isTextual()) {
                throw new ParameterException(spec.commandLine(), file + " is not an enrollment request (no publicKey)");
            }
            Ed25519Keys.publicKey(node.get("publicKey").asText());
            return node;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), file + ": " + e.getMessage());
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot read the request " + file + ": "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private Duration duration(String text) {
        Matcher m = SHORT_DURATION.matcher(text.trim());
        try {
            Duration value = m.matches() ? (m.group(2).equals("m") ? Duration.ofMinutes(Long.parseLong(m.group(1)))
                    : Duration.ofHours(Long.parseLong(m.group(1)))) : Duration.parse(text.trim());
            if (value.compareTo(Duration.ofMinutes(1)) >= 0 && value.compareTo(EnrollmentService.MAX_TTL) <= 0) {
                return value;
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            // reported below with the accepted forms
        }
        throw new ParameterException(spec.commandLine(), "--ttl '" + text + "' must be from 1m to 24h, e.g. 30m or 2h");
    }
}
