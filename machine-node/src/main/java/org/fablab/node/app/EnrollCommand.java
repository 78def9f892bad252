package org.fablab.node.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fablab.node.adapter.http.GatewayHttp;
import org.fablab.protocol.BrokerTransport;
import org.fablab.protocol.Ed25519Keys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fablab-node enroll}: makes the node's key pair here (the private key never leaves the Pi), redeems a one-time
 * token at the gateway with the public key, and writes the node's config and secret files (docs/enrollment.md §3).
 * Offline, the same in two steps through files: {@code --offline-request} then {@code --bundle} (§5). Exit codes: 0
 * enrolled, 1 refused by the gateway (its reason is shown), 2 bad options or files in the way, 3 gateway unreachable
 * or an unexpected answer.
 */
@Command(name = "enroll", mixinStandardHelpOptions = true,
        description = "Enroll this node with a one-time token from the gateway; writes its config and secrets.")
final class EnrollCommand implements Callable<Integer> {
    static final int REFUSED = 1;
    static final int INVALID = 2;
    static final int UNREACHABLE = 3;
    private static final List<String> WRITTEN = List.of(NodeFiles.CONFIG, NodeFiles.PRIVATE_KEY,
            NodeFiles.BROKER_PASSWORD, NodeFiles.LAB_PEPPER, NodeFiles.NETWORK_PEPPER, NodeFiles.CA);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--gateway", paramLabel = "URL", description = "The gateway's URL, e.g. https://gateway.lab:8443.")
    String gateway;

    @Option(names = "--token", paramLabel = "TOKEN", description = "The one-time token the admin created.")
    String token;

    // The folders of the fablab-node package: its unit reads /etc/fablab/node/node.yaml (docs/packaging.md).
    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "/etc/fablab/node",
            description = "Where to write node.yaml and the secret files (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "/var/lib/fablab/node",
            description = "The node's data folder written into node.yaml (default: ${DEFAULT-VALUE}).")
    String dataDir;

    @Option(names = "--ca", paramLabel = "FILE",
            description = "PEM of the lab CA: the only CA trusted for the gateway's HTTPS (default: the system's).")
    Path ca;

    @Option(names = "--hardware", paramLabel = "FILE",
            description = "A node config (e.g. from firmware-config/examples) whose hardware and timings to copy.")
    Path hardware;

    @Option(names = "--force", description = "Replace existing config and secret files (this node's identity is lost).")
    boolean force;

    @Option(names = "--offline-request", paramLabel = "FILE",
            description = "Offline step 1: make the key pair and write the request file to take to the gateway.")
    Path offlineRequest;

    @Option(names = "--bundle", paramLabel = "FILE",
            description = "Offline step 2: install the bundle made by 'fablab provision node --request … --bundle …'.")
    Path bundle;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            int modes = (gateway != null || token != null ? 1 : 0) + (offlineRequest != null ? 1 : 0)
                    + (bundle != null ? 1 : 0);
            if (modes != 1 || (offlineRequest == null && bundle == null && (gateway == null || token == null))) {
                return fail(err, INVALID, "give --gateway URL --token TOKEN, or --offline-request FILE, or --bundle FILE");
            }
            Map<String, Object> hardwareKeys = hardware == null ? Map.of() : NodeFiles.readExample(hardware);
            Files.createDirectories(dir);
            if (offlineRequest != null) {
                return offlineRequest(out, err);
            }
            if (bundle != null) {
                return installBundle(hardwareKeys, out, err);
            }
            return online(hardwareKeys, out, err);
        } catch (IllegalArgumentException e) {
            return fail(err, INVALID, e.getMessage());
        } catch (IOException e) {
            return fail(err, INVALID, "cannot write in " + dir + ": " + e.getMessage());
        }
    }

    private int online(Map<String, Object> hardwareKeys, PrintWriter out, PrintWriter err) throws IOException {
        if (!force && refuseExisting(WRITTEN, err)) {
            return INVALID;
        }
        GatewayHttp http;
        try {
            http = new GatewayHttp(gateway, Optional.ofNullable(ca));
        } catch (GeneralSecurityException e) {
            return fail(err, INVALID, "--ca " + ca + " is not usable: " + e.getMessage());
        }
        KeyPair pair = Ed25519Keys.generate();
        Path keyFile = dir.resolve(NodeFiles.PRIVATE_KEY);
        // the key is on disk before the token is spent: a crash after the gateway's answer never loses it
        NodeFiles.writeSecret(keyFile, Ed25519Keys.encode(pair.getPrivate()) + "\n");
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("token", token.strip());
        request.put("publicKey", Ed25519Keys.encode(pair.getPublic()));
        request.put("softwareVersion", NodeVersion.SOFTWARE);
        GatewayHttp.Answer answer;
        try {
            answer = http.post("/enroll", request);
        } catch (GatewayHttp.Unreachable e) {
            Files.deleteIfExists(keyFile);
            return fail(err, UNREACHABLE, e.getMessage());
        }
        if (answer.status() != 200) {
            Files.deleteIfExists(keyFile);
            if (answer.status() == 401 || answer.status() == 400 || answer.status() == 429) {
                return fail(err, REFUSED, "enrollment refused by the gateway: " + answer.detail());
            }
            return fail(err, UNREACHABLE, "unexpected answer from the gateway (HTTP " + answer.status() + "): "
                    + answer.detail());
        }
        return install(answer.body(), pair.getPublic(), hardwareKeys, out, err);
    }

    private int offlineRequest(PrintWriter out, PrintWriter err) throws IOException {
        if (!force && refuseExisting(List.of(NodeFiles.PRIVATE_KEY), err)) {
            return INVALID;
        }
        if (!force && Files.exists(offlineRequest)) {
            return fail(err, INVALID, offlineRequest + " exists already: use --force to replace it");
        }
        KeyPair pair = Ed25519Keys.generate();
        NodeFiles.writeSecret(dir.resolve(NodeFiles.PRIVATE_KEY), Ed25519Keys.encode(pair.getPrivate()) + "\n");
        String fingerprint = Ed25519Keys.fingerprint(pair.getPublic());
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("publicKey", Ed25519Keys.encode(pair.getPublic()));
        request.put("fingerprint", fingerprint);
        request.put("softwareVersion", NodeVersion.SOFTWARE);
        request.put("createdAt", Instant.now().toString());
        Files.writeString(offlineRequest, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(request) + "\n");
        out.printf("key pair made; private key in %s (mode 0600)%n", dir.resolve(NodeFiles.PRIVATE_KEY));
        out.printf("key fingerprint: %s%n", fingerprint);
        out.printf("take %s to the gateway and run there:%n  fablab provision node --config gateway.yaml --node ID "
                + "--machine ID --request %s --bundle node-bundle.json%nthen bring node-bundle.json back and run:%n"
                + "  fablab-node enroll --bundle node-bundle.json --dir %s%n", offlineRequest,
                offlineRequest.getFileName(), dir);
        out.flush();
        return 0;
    }

    private int installBundle(Map<String, Object> hardwareKeys, PrintWriter out, PrintWriter err) throws IOException {
        Path keyFile = dir.resolve(NodeFiles.PRIVATE_KEY);
        if (!Files.exists(keyFile)) {
            return fail(err, INVALID, keyFile + " is missing: run 'fablab-node enroll --offline-request FILE' on this "
                    + "node first (the bundle belongs to the key made then)");
        }
        List<String> others = WRITTEN.stream().filter(name -> !name.equals(NodeFiles.PRIVATE_KEY)).toList();
        if (!force && refuseExisting(others, err)) {
            return INVALID;
        }
        PrivateKey key = Ed25519Keys.privateKey(Files.readString(keyFile).strip());
        JsonNode grant = JSON.readTree(bundle.toFile());
        return install(grant, Ed25519Keys.publicKeyOf(key), hardwareKeys, out, err);
    }

    /** Writes the secrets and the config from the gateway's answer, then checks the config as the node will load it. */
    private int install(JsonNode grant, PublicKey publicKey, Map<String, Object> hardwareKeys, PrintWriter out,
                        PrintWriter err) throws IOException {
        List<String> missing = new ArrayList<>();
        for (String field : List.of("lab", "nodeId", "machineId", "brokerUrl", "mqttUsername", "mqttPassword",
                "gatewayPublicKey", "labPepper", "fingerprint")) {
            if (!grant.path(field).isTextual()) {
                missing.add(field);
            }
        }
        if (!missing.isEmpty()) {
            return fail(err, UNREACHABLE, "the gateway's answer lacks " + String.join(", ", missing));
        }
        JsonNode networkPepper = grant.path("networkPepper");
        boolean inNetwork = networkPepper.isTextual();
        if (!inNetwork && !networkPepper.isMissingNode() && !networkPepper.isNull()) {
            return fail(err, UNREACHABLE, "the gateway's answer has a networkPepper that is not text");
        }
        String fingerprint = Ed25519Keys.fingerprint(publicKey);
        if (!grant.get("fingerprint").asText().equals(fingerprint)) {
            return fail(err, INVALID, "the enrollment is for key " + grant.get("fingerprint").asText()
                    + ", not for this node's key " + fingerprint + ": was the bundle made from this node's request?");
        }
        NodeFiles.writeSecret(dir.resolve(NodeFiles.BROKER_PASSWORD), grant.get("mqttPassword").asText() + "\n");
        NodeFiles.writeSecret(dir.resolve(NodeFiles.LAB_PEPPER), grant.get("labPepper").asText() + "\n");
        if (inNetwork) {
            NodeFiles.writeSecret(dir.resolve(NodeFiles.NETWORK_PEPPER), networkPepper.asText() + "\n");
        } else {
            // a forced re-enrolment into a lab in no network leaves no partner secret behind
            Files.deleteIfExists(dir.resolve(NodeFiles.NETWORK_PEPPER));
        }
        boolean withCa = grant.path("caCertificate").isTextual();
        if (withCa) {
            NodeFiles.writeSecret(dir.resolve(NodeFiles.CA), grant.get("caCertificate").asText());
        }
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("lab", grant.get("lab").asText());
        identity.put("node", grant.get("nodeId").asText());
        identity.put("brokerUrl", grant.get("brokerUrl").asText());
        identity.put("brokerUsername", grant.get("mqttUsername").asText());
        identity.put("brokerPasswordFile", NodeFiles.BROKER_PASSWORD);
        identity.put("nodePrivateKeyFile", NodeFiles.PRIVATE_KEY);
        identity.put("gatewayPublicKey", grant.get("gatewayPublicKey").asText());
        identity.put("labPepperFile", NodeFiles.LAB_PEPPER);
        if (inNetwork) {
            identity.put("networkPepperFile", NodeFiles.NETWORK_PEPPER);
        }
        // the node config refuses a CA for plain MQTT (a node beside a loopback broker), so it is named only for TLS
        if (withCa && !BrokerTransport.isPlain(grant.get("brokerUrl").asText())) {
            identity.put("brokerCaFile", NodeFiles.CA);
        }
        identity.put("dataDir", dataDir);
        String header = "# Written by 'fablab-node enroll' on " + Instant.now() + ": node "
                + grant.get("nodeId").asText() + " on machine " + grant.get("machineId").asText() + ", key fingerprint "
                + fingerprint + ".\n# Secrets are in the files named below (mode 0600). docs/enrollment.md\n";
        Path config = dir.resolve(NodeFiles.CONFIG);
        NodeFiles.writeSecret(config, NodeFiles.config(identity, hardwareKeys, header));
        try {
            NodeConfigLoader.load(config, Map.of());
        } catch (IllegalArgumentException e) {
            return fail(err, INVALID, "enrolled, but " + config + " does not pass the check: " + e.getMessage()
                    + " (fix it, then: fablab-node --config " + config + " --check)");
        }
        out.printf("enrolled: node %s on machine %s of lab %s%n", grant.get("nodeId").asText(),
                grant.get("machineId").asText(), grant.get("lab").asText());
        out.printf("key fingerprint: %s (the dashboard shows the same for this node)%n", fingerprint);
        out.printf("config written to %s, secrets beside it (mode 0600)%s%n", config,
                withCa ? ", lab CA in " + dir.resolve(NodeFiles.CA) : "");
        if (hardwareKeys.isEmpty()) {
            out.printf("next: describe the reader and relay in %s (see its HARDWARE note), check it with "
                    + "'fablab-node --config %s --check', then start the node service%n", config, config);
        } else {
            out.printf("next: check the pins copied from %s, then start the node service%n", hardware);
        }
        out.flush();
        return 0;
    }

    private boolean refuseExisting(List<String> names, PrintWriter err) {
        List<Path> existing = NodeFiles.existing(dir, names);
        if (existing.isEmpty()) {
            return false;
        }
        fail(err, INVALID, "refusing to overwrite " + existing.stream().map(Path::toString).toList()
                + ": this folder already holds a node; use --force to replace it (its identity is then lost)");
        return true;
    }

    private static int fail(PrintWriter err, int code, String message) {
        err.println(message);
        err.flush();
        return code;
    }
}
