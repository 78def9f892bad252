package org.fablab.gateway.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fablab.gateway.adapter.jdbc.Database;
import org.fablab.gateway.adapter.jdbc.JdbcLabDirectory;
import org.fablab.gateway.service.EnrollmentService;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fablab provision node}: creates a node enrollment directly in the gateway's database and prints its one-time
 * token with the command to run on the Pi; or, for a Pi that cannot reach the gateway over HTTP(S), redeems it at once
 * for the public key in the Pi's request file and writes the answer to a bundle file (docs/enrollment.md §5).
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
            // TEMPORARY: the node registry and the broker accounts replace the two interim classes at merge
            EnrollmentService enrollments = Enrollments.service(settings, database,
                    new InterimNodeActivation(new JdbcLabDirectory(database.dataSource(), clock), new NodeKeyRing(),
                            () -> { }), new InterimBrokerAccounts(), clock);
            EnrollmentService.Created created;
            try {
                created = enrollments.create("cli", nodeId, machineId, Optional.of(valid));
            } catch (IllegalArgumentException | org.fablab.gateway.port.NotFound e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            if (offline.isPresent()) {
                return writeBundle(enrollments, created, offline.get(), out);
            }
            String gateway = settings.enrollment().gatewayUrl().isBlank() ? "https://GATEWAY-ADDRESS"
                    : settings.enrollment().gatewayUrl();
            out.printf("enrollment of node %s on machine %s, single use, valid until %s%n", created.nodeId(),
                    created.machineId(), created.expiresAt());
            out.printf("token: %s%n", created.token());
            out.printf("on the Pi, as the node's service user:%n  fablab-node enroll --gateway %s --token %s%n",
                    gateway, created.token());
            out.flush();
            return 0;
        }
    }

    private int writeBundle(EnrollmentService enrollments, EnrollmentService.Created created, JsonNode offline,
                            PrintWriter out) throws IOException {
        EnrollmentService.Redemption outcome = enrollments.redeem(created.token(), offline.get("publicKey").asText(),
                offline.path("softwareVersion").asText("unknown"), "offline bundle " + request.getFileName());
        if (!(outcome instanceof EnrollmentService.Redemption.Enrolled enrolled)) {
            throw new IllegalStateException("the enrollment just made was refused: "
                    + ((EnrollmentService.Redemption.Refused) outcome).detail());
        }
        byte[] json = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(enrolled.grant());
        try {
            Files.write(Files.createFile(bundle, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------"))), json, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new ParameterException(spec.commandLine(), bundle + " exists already: remove it or choose another");
        }
        out.printf("node %s enrolled on machine %s, key fingerprint %s%n", created.nodeId(), created.machineId(),
                enrolled.grant().fingerprint());
        out.printf("bundle written to %s (it holds the node's broker password and the lab pepper: copy it to the Pi, "
                + "run 'fablab-node enroll --bundle FILE' there, then delete both copies)%n", bundle);
        out.flush();
        return 0;
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
