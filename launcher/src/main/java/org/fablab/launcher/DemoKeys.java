package org.fablab.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fablab.protocol.Ed25519Keys;
import org.fablab.protocol.Json;

/**
 * The demo's keys: the gateway key pair, the lab pepper and one key pair per simulated node, made on
 * the first run and kept in {@code demo-keys.json} so that a second run reuses them (the node
 * outboxes and the retained ACLs stay valid). Demo material only; production keys come from provisioning.
 *
 * @param nodes node id → {private, public} raw keys, base64
 */
record DemoKeys(String gatewayPrivateKey, String gatewayPublicKey, String labPepper, Map<String, NodeKeys> nodes) {

    record NodeKeys(String privateKey, String publicKey) {
    }

    static DemoKeys loadOrCreate(Path file, List<String> nodeIds) {
        try {
            if (Files.isRegularFile(file)) {
                JsonNode tree = Json.mapper().readTree(file.toFile());
                DemoKeys keys = Json.mapper().treeToValue(tree, DemoKeys.class);
                if (keys.nodes().keySet().containsAll(nodeIds)) {
                    return keys;
                }
            }
            DemoKeys keys = create(nodeIds);
            Files.createDirectories(file.toAbsolutePath().getParent());
            ObjectNode tree = Json.mapper().valueToTree(keys);
            DemoConfigFile.writeOwnerOnly(file, tree.toPrettyString());
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the demo keys at " + file, e);
        }
    }

    private static DemoKeys create(List<String> nodeIds) {
        KeyPair gateway = Ed25519Keys.generate();
        byte[] pepper = new byte[32];
        new SecureRandom().nextBytes(pepper);
        Map<String, NodeKeys> nodes = new TreeMap<>();
        for (String id : nodeIds) {
            KeyPair pair = Ed25519Keys.generate();
            nodes.put(id, new NodeKeys(Ed25519Keys.encode(pair.getPrivate()), Ed25519Keys.encode(pair.getPublic())));
        }
        return new DemoKeys(Ed25519Keys.encode(gateway.getPrivate()), Ed25519Keys.encode(gateway.getPublic()),
                HexFormat.of().formatHex(pepper), nodes);
    }
}
