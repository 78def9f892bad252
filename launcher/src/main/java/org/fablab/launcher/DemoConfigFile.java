package org.fablab.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.fablab.gateway.app.GatewayConfig;

/**
 * Leaves the config the demo runs with in its data folder, as {@code gateway.yaml}, so that every word of the
 * command line works on the demo's data ({@code fablab ledger verify --config data/gateway.yaml}). The secrets go
 * to files beside it that only their owner may read ({@code gateway-key}, {@code lab-pepper}); the YAML names those
 * files and holds no secret. Broker and database passwords are left out: give them as environment variables.
 */
final class DemoConfigFile {
    static final String FILE_NAME = "gateway.yaml";
    static final String GATEWAY_KEY = "gateway-key";
    static final String LAB_PEPPER = "lab-pepper";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private DemoConfigFile() {
    }

    static void write(Path dataDir, GatewayConfig config, DemoKeys keys) {
        Path dir = dataDir.toAbsolutePath();
        try {
            writeOwnerOnly(dir.resolve(GATEWAY_KEY), keys.gatewayPrivateKey());
            writeOwnerOnly(dir.resolve(LAB_PEPPER), keys.labPepper());
            String header = "# Written by `fablab demo` at each start: the configuration it runs with. Secrets are in the"
                    + " files it names.\n";
            replace(dir.resolve(FILE_NAME), header + YAML.writeValueAsString(tree(config, dir)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo's config into " + dir, e);
        }
    }

    private static ObjectNode tree(GatewayConfig config, Path dir) {
        ObjectNode root = YAML.createObjectNode();
        root.put("lab", config.lab());
        root.put("timeZone", config.timeZone());
        root.putObject("http").put("host", config.http().host()).put("port", config.http().port());
        GatewayConfig.Mqtt mqtt = config.mqtt();
        root.putObject("mqtt").put("mode", mqtt.mode().wire()).put("url", mqtt.url())
                .put("embeddedHost", mqtt.embeddedHost()).put("embeddedPort", mqtt.embeddedPort())
                .put("dataDir", mqtt.dataDir().toAbsolutePath().toString()).put("username", mqtt.username())
                .put("clientId", mqtt.clientId()).put("sharedGroup", mqtt.sharedGroup())
                .put("brokerAdmin", mqtt.brokerAdmin().wire()).put("adminUsername", mqtt.adminUsername());
        root.putObject("store").put("url", config.store().url()).put("username", config.store().username())
                .put("poolSize", config.store().poolSize());
        root.putObject("keys").put("gatewayPrivateKeyFile", dir.resolve(GATEWAY_KEY).toString())
                .put("labPepperFile", dir.resolve(LAB_PEPPER).toString());
        root.putObject("ingest").put("batchSize", config.ingest().batchSize())
                .put("queueCapacity", config.ingest().queueCapacity())
                .put("maxFutureSkew", config.ingest().maxFutureSkew().toString())
                .put("securityLogFullPerMinute", config.ingest().securityLogFullPerMinute())
                .put("securityLogRetention", config.ingest().securityLogRetention().toString());
        root.putObject("billing").put("currency", config.billing().currency())
                .put("issuer", config.billing().issuer());
        root.putObject("board").put("publicName", config.board().publicName().wire());
        if (config.network().pepperFile() != null && !config.network().pepperFile().toString().isBlank()) {
            root.putObject("network").put("pepperFile", config.network().pepperFile().toAbsolutePath().toString())
                    .put("passValidity", config.network().passValidity().toString())
                    .put("visits", config.network().visits().wire());
        }
        return root;
    }

    /** Writes a secret through a file created readable by its owner alone, then moved into place. */
    static void writeOwnerOnly(Path file, String text) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(temporary, text);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void replace(Path file, String text) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, text);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
