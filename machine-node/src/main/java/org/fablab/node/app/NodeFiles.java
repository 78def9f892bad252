package org.fablab.node.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The files {@code fablab-node enroll} and {@code rotate-key} write in the node's config folder (docs/enrollment.md
 * §3): the config and one file per secret, each created with mode 0600 from the start (never readable by others, not
 * even for an instant) and synced to disk; a file is replaced only by an atomic rename of a complete new one.
 */
final class NodeFiles {
    static final String CONFIG = "node.yaml";
    static final String PRIVATE_KEY = "node.key";
    static final String BROKER_PASSWORD = "broker.password";
    static final String LAB_PEPPER = "lab.pepper";
    /** Only on a node of a lab in a network of labs (docs/network.md). */
    static final String NETWORK_PEPPER = "network.pepper";
    static final String CA = "ca.pem";
    /** The new key during a rotation, until the gateway accepted it. */
    static final String NEXT_PRIVATE_KEY = "node.key.next";
    /** Keys of an example config that describe the machine's hardware and timings, kept by {@code --hardware}. */
    static final Set<String> IDENTITY_KEYS = Set.of("lab", "node", "brokerUrl", "brokerUsername", "brokerPassword",
            "brokerPasswordFile", "nodePrivateKey", "nodePrivateKeyFile", "gatewayPublicKey", "labPepper",
            "labPepperFile", "networkPepper", "networkPepperFile", "brokerCaFile", "dataDir");
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private NodeFiles() {
    }

    /** The files among {@code names} that exist in {@code dir}. */
    static List<Path> existing(Path dir, List<String> names) {
        return names.stream().map(dir::resolve).filter(Files::exists).toList();
    }

    /**
     * Writes {@code text} to {@code target} through a temporary file created with mode 0600 in the same folder,
     * synced, then renamed over {@code target} atomically.
     */
    static void writeSecret(Path target, String text) throws IOException {
        Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        create(temporary, text);
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Creates {@code target} with mode 0600 holding {@code text}; fails if it exists. */
    static void create(Path target, String text) throws IOException {
        try (FileChannel channel = FileChannel.open(target, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), OWNER_ONLY)) {
            channel.write(StandardCharsets.UTF_8.encode(text));
            channel.force(true);
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(target + " exists already");
        }
    }

    /**
     * The node config text: identity and secret files first, then the hardware of {@code hardware} (an example
     * config's keys other than identity and secrets), or simulated hardware with a note saying what to edit.
     */
    static String config(Map<String, Object> identity, Map<String, Object> hardware, String header) {
        Map<String, Object> all = new LinkedHashMap<>(identity);
        String hardwareNote;
        if (hardware.isEmpty()) {
            all.put("hardware", "simulated");
            hardwareNote = """
                    # HARDWARE: not set yet. 'hardware: simulated' drives no pin, so this node switches nothing until
                    # the reader, relay, LEDs, interlocks and current sensing are described here: copy them from
                    # firmware-config/examples/ (keys listed in machine-node/README.md), set 'hardware: pi4j', then
                    # check with: fablab-node --config node.yaml --check
                    """;
        } else {
            hardware.forEach((key, value) -> {
                if (!IDENTITY_KEYS.contains(key)) {
                    all.put(key, value);
                }
            });
            hardwareNote = "";
        }
        try {
            return header + YAML.writeValueAsString(all) + hardwareNote;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of text, numbers and lists always serialises", e);
        }
    }

    /** The top-level keys and values of an example config, for {@code --hardware}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> readExample(Path file) throws IOException {
        Object root = YAML.readValue(file.toFile(), Object.class);
        if (!(root instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("--hardware " + file + " must be a node config (a YAML mapping)");
        }
        return (Map<String, Object>) root;
    }
}
