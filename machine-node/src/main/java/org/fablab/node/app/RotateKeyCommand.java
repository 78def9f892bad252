package org.fablab.node.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fablab.node.adapter.http.GatewayHttp;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.KeyRotation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fablab-node rotate-key}: replaces the node's key pair, the gateway being told by a request signed with the
 * current key (docs/enrollment.md §4). Crash-safe order: the new private key is written to {@code <key>.next} (mode
 * 0600, synced) before the request; the key file is switched by an atomic rename only once the gateway accepted it.
 * Run again after a crash, it reuses {@code <key>.next}: if the gateway had already switched, it confirms with the new
 * key and finishes the switch. Run it with the node service stopped and its outbox empty: queued events are signed
 * with the old key, which the gateway refuses after the switch. Exit codes as {@link EnrollCommand}.
 */
@Command(name = "rotate-key", mixinStandardHelpOptions = true,
        description = "Replace this node's key pair; the gateway accepts only the new key afterwards.")
final class RotateKeyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The node's config (YAML).")
    Path config;

    @Option(names = "--gateway", required = true, paramLabel = "URL", description = "The gateway's URL.")
    String gateway;

    @Option(names = "--ca", paramLabel = "FILE", description = "PEM of the lab CA to trust for the gateway's HTTPS.")
    Path ca;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        NodeConfig node;
        Path keyFile;
        try {
            node = NodeConfigLoader.load(config, Map.of());
            keyFile = keyFile();
        } catch (IllegalArgumentException e) {
            return fail(err, EnrollCommand.INVALID, "invalid config " + config + ": " + e.getMessage());
        }
        try {
            long queued = queuedEvents(node.dataDir().resolve("node.db"));
            if (queued > 0) {
                return fail(err, EnrollCommand.INVALID, queued + " event(s) wait in the outbox, signed with the current "
                        + "key: start the node until it has delivered them, stop it, then rotate");
            }
            GatewayHttp http = new GatewayHttp(gateway, Optional.ofNullable(ca));
            Path next = keyFile.resolveSibling(keyFile.getFileName() + ".next");
            boolean resumed = Files.exists(next);
            PrivateKey nextKey;
            if (resumed) {
                nextKey = Ed25519Keys.privateKey(Files.readString(next).strip());
            } else {
                KeyPair pair = Ed25519Keys.generate();
                NodeFiles.create(next, Ed25519Keys.encode(pair.getPrivate()) + "\n");
                nextKey = pair.getPrivate();
            }
            String newPublicKey = Ed25519Keys.encode(Ed25519Keys.publicKeyOf(nextKey));
            PrivateKey current = Ed25519Keys.privateKey(node.nodePrivateKey());
            GatewayHttp.Answer answer = http.post("/nodes/" + node.node() + "/key", request(node, current,
                    newPublicKey));
            if (answer.status() == 401 && resumed) {
                answer = http.post("/nodes/" + node.node() + "/key", request(node, nextKey, newPublicKey));
            }
            if (answer.status() != 200) {
                if (!resumed) {
                    Files.deleteIfExists(next);
                }
                int code = answer.status() == 401 || answer.status() == 400 || answer.status() == 429
                        ? EnrollCommand.REFUSED
                        : EnrollCommand.UNREACHABLE;
                return fail(err, code, "key rotation refused by the gateway: " + answer.detail());
            }
            try {
                Files.move(next, keyFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(next, keyFile, StandardCopyOption.REPLACE_EXISTING);
            }
            out.printf("key rotated: node %s, new key fingerprint %s, in %s%n", node.node(),
                    Ed25519Keys.fingerprint(Ed25519Keys.publicKeyOf(nextKey)), keyFile);
            out.println("the gateway refuses the old key from now on: start the node service again");
            out.flush();
            return 0;
        } catch (GatewayHttp.Unreachable e) {
            return fail(err, EnrollCommand.UNREACHABLE, e.getMessage() + " (nothing changed; run again later)");
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return fail(err, EnrollCommand.INVALID, e.getMessage());
        } catch (IOException e) {
            return fail(err, EnrollCommand.INVALID, "cannot write the new key beside " + keyFile + ": " + e.getMessage());
        }
    }

    private static Map<String, Object> request(NodeConfig node, PrivateKey signer, String newPublicKey) {
        Instant ts = Instant.now();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("publicKey", newPublicKey);
        request.put("ts", ts.toString());
        request.put("signature", KeyRotation.sign(signer, node.lab(), node.node(), newPublicKey, ts));
        return request;
    }

    /** The key file the config names; a key written inline in the config cannot be rotated by this command. */
    private Path keyFile() {
        Object file;
        try {
            file = new ObjectMapper(new YAMLFactory()).readValue(config.toFile(), Map.class).get("nodePrivateKeyFile");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read it again: " + e.getMessage(), e);
        }
        if (file == null || file.toString().isBlank()) {
            throw new IllegalArgumentException("nodePrivateKeyFile: rotate-key replaces the key file the config names; "
                    + "this config has the key inline");
        }
        return config.toAbsolutePath().getParent().resolve(file.toString());
    }

    /** Events not yet acknowledged by the broker, read without writing; 0 when the node never ran. */
    private static long queuedEvents(Path database) throws IOException {
        if (!Files.exists(database)) {
            return 0;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + database + "?mode=ro");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from outbox")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IOException("cannot read the outbox in " + database + ": " + e.getMessage(), e);
        }
    }

    private static int fail(PrintWriter err, int code, String message) {
        err.println(message);
        err.flush();
        return code;
    }
}
